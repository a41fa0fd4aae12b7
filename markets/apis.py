"""The seed's two JSON routes, kept: /api/get_market_pairs and /api/get_order_books."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from markets.models import Market, OrderBook
from similarity.models import MarketPair


class GetMarketPairsApi(APIView):
    """Approved and proposed market pairs with both markets (the seed's route, kept)."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()
        relation = serializers.CharField()
        orientation = serializers.CharField()
        similarity = serializers.FloatField()
        market_a = serializers.SerializerMethodField()
        market_b = serializers.SerializerMethodField()

        def _market(self, m: Market) -> dict[str, object]:
            return {
                "id": m.id, "platform": m.platform.slug, "external_id": m.external_id,
                "title": m.title, "close_time": m.close_time,
            }

        def get_market_a(self, obj: MarketPair) -> dict[str, object]:
            return self._market(obj.market_a)

        def get_market_b(self, obj: MarketPair) -> dict[str, object]:
            return self._market(obj.market_b)

    def get(self, request: Request) -> Response:
        qs = MarketPair.objects.select_related("market_a__platform", "market_b__platform").order_by("id")
        status = request.query_params.get("status")
        if status:
            if status not in MarketPair.Status.values:
                raise serializers.ValidationError({"status": f"must be one of {MarketPair.Status.values}"})
            qs = qs.filter(status=status)
        return Response(self.OutputSerializer(qs[:1000], many=True).data)


class GetOrderBooksApi(APIView):
    """Latest stored books of every market in an approved pair (the seed's route, kept)."""

    def get(self, request: Request) -> Response:
        from markets.selectors import market_list_for_book_polling

        markets = market_list_for_book_polling().select_related("latest_book")
        out = []
        for m in markets:
            book: OrderBook | None = m.latest_book
            out.append({
                "market_id": m.id, "platform": m.platform.slug, "external_id": m.external_id,
                "captured_at": book.captured_at if book else None,
                "checked_at": m.book_checked_at,
                "yes_bids": book.yes_bids if book else [], "yes_asks": book.yes_asks if book else [],
            })
        return Response(out)
