"""API routes, grouped under /api/. Each app contributes its own apis.py views."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from markets import apis as market_apis

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("get_market_pairs", market_apis.GetMarketPairsApi.as_view(), name="api-get-market-pairs"),
    path("get_order_books", market_apis.GetOrderBooksApi.as_view(), name="api-get-order-books"),
]
