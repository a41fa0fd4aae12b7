"""`python -m arbitrage.engine [basket] < case.json` prices one pair (pricing/case.py) or one
basket (pricing/basket_case.py) by hand.

The engine itself is the pure `pricing` package at the bottom of the pipeline; this package only
keeps the command's name.
"""
