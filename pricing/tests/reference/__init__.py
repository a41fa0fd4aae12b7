"""The engine as it was before issue #18's speed work (commit 78bc898), kept verbatim as an oracle.

The tests (test_reference.py) check that the current ladder, optimiser and basket search return
exactly the same plans as these over many random cases, deep 50-level books included, where the
brute-force oracle (oracle.py) is too slow to go. Not imported by anything but tests.
"""
