import pytest

from markets.tests.streaming.fake_venues import ServerThread


@pytest.fixture
def server_thread():
    """An event loop in a thread for fake venue servers (127.0.0.1 only)."""
    thread = ServerThread()
    yield thread
    thread.stop()
