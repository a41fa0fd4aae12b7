"""The live scan: streamed books (markets.streaming feeds) -> the engine -> opportunities.

The polled scan (arbitrage.services.opportunity_scan) and this one share the pair gate
(arbitrage.gates) and the opportunity lifecycle (arbitrage.services.opportunities_apply).
"""
