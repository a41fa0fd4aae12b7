"""API routes, grouped under /api/. Each app contributes its own apis.py views."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from arbitrage import apis as arbitrage_apis
from common.api import ApiDocsView, ApiNotFound
from markets import apis as market_apis
from replay import apis as replay_apis
from similarity import apis as pair_apis
from trading import apis as trading_apis

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its script from ?script= instead of inline, as the CSP requires.
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    # The seed's routes, kept with their paths and shapes.
    path("get_market_pairs", pair_apis.GetMarketPairsApi.as_view(), name="api-get-market-pairs"),
    path("get_order_books", arbitrage_apis.GetOrderBooksApi.as_view(), name="api-get-order-books"),
    path("platforms/", market_apis.PlatformHealthListApi.as_view(), name="api-platforms"),
    path("markets/", market_apis.MarketListApi.as_view(), name="api-markets"),
    path("markets/<int:market_id>/", market_apis.MarketDetailApi.as_view(), name="api-market"),
    path("markets/<int:market_id>/book/", market_apis.MarketBookLatestApi.as_view(), name="api-market-book"),
    path("markets/<int:market_id>/books/", market_apis.MarketBookHistoryApi.as_view(), name="api-market-books"),
    path("pairs/", pair_apis.PairListApi.as_view(), name="api-pairs"),
    path("pairs/<int:pair_id>/", pair_apis.PairDetailApi.as_view(), name="api-pair"),
    path("pairs/<int:pair_id>/books/", pair_apis.PairBooksApi.as_view(), name="api-pair-books"),
    path("pairs/<int:pair_id>/approve/", pair_apis.PairApproveApi.as_view(), name="api-pair-approve"),
    path("pairs/<int:pair_id>/reject/", pair_apis.PairRejectApi.as_view(), name="api-pair-reject"),
    path("opportunities/", arbitrage_apis.OpportunityListApi.as_view(), name="api-opportunities"),
    path(
        "opportunities/<int:opportunity_id>/", arbitrage_apis.OpportunityDetailApi.as_view(),
        name="api-opportunity",
    ),
    path("baskets/", arbitrage_apis.BasketOpportunityListApi.as_view(), name="api-baskets"),
    path(
        "baskets/<int:basket_id>/", arbitrage_apis.BasketOpportunityDetailApi.as_view(),
        name="api-basket",
    ),
    path("outcome-sets/", pair_apis.OutcomeSetListApi.as_view(), name="api-outcome-sets"),
    path(
        "outcome-sets/<int:set_id>/", pair_apis.OutcomeSetDetailApi.as_view(),
        name="api-outcome-set",
    ),
    path(
        "outcome-sets/<int:set_id>/approve/", pair_apis.OutcomeSetApproveApi.as_view(),
        name="api-outcome-set-approve",
    ),
    path(
        "outcome-sets/<int:set_id>/reject/", pair_apis.OutcomeSetRejectApi.as_view(),
        name="api-outcome-set-reject",
    ),
    path("attempts/", trading_apis.AttemptListApi.as_view(), name="api-attempts"),
    path("orders/", trading_apis.OrderListApi.as_view(), name="api-orders"),
    path("fills/", trading_apis.FillListApi.as_view(), name="api-fills"),
    path("pnl/", trading_apis.PnlApi.as_view(), name="api-pnl"),
    path("kill-switch/", trading_apis.KillSwitchApi.as_view(), name="api-kill-switch"),
    path("kill-switch/set/", trading_apis.KillSwitchSetApi.as_view(), name="api-kill-switch-set"),
    path("replays/", replay_apis.ReplayListApi.as_view(), name="api-replays"),
    path("replays/run/", replay_apis.ReplayRunApi.as_view(), name="api-replay-run"),
    path("replays/<int:replay_id>/", replay_apis.ReplayDetailApi.as_view(), name="api-replay"),
    # Last: unknown paths ending in "/" get a JSON 404 (others still get APPEND_SLASH first).
    re_path(r"^.*/$", ApiNotFound.as_view(), name="api-not-found"),
]
