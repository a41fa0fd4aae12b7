"""Kalshi Trade API v2 venue client.

- parse.py: payloads -> normalised values (parse_market, parse_orderbook, parse_order, parse_fill,
  parse_position, parse_balance); pure, raises BadResponse naming the field.
- auth.py: KalshiSigner, the KALSHI-ACCESS-* headers (REST and the WebSocket upgrade).
- client.py: KalshiClient, one method per endpoint, with the tier's token buckets.
- platform.py: KalshiPlatform (the Platform interface) and build(), the registry's factory.
"""
