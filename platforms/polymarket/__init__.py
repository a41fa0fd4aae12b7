"""Polymarket venue: Gamma catalog, CLOB books, CLOB V2 orders (see platform.PolymarketPlatform)."""
