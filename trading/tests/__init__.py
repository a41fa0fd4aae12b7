import pytest

# The live-venue harness asserts the invariants of every scenario: show what failed.
pytest.register_assert_rewrite("trading.tests.live_fakes")
