"""`python -m arbitrage.engine < case.json` prices one pair by hand (see pricing/case.py).

The engine itself is the pure `pricing` package at the bottom of the pipeline; this package only
keeps the command's name.
"""
