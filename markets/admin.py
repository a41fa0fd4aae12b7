from django.contrib import admin

from markets.models import Event, Market, OrderBook


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ("external_id", "title", "platform", "category")
    list_filter = ("platform", "category")
    search_fields = ("external_id", "title")


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin[Market]):
    list_display = ("external_id", "title", "platform", "status", "close_time", "book_checked_at")
    list_filter = ("platform", "status", "category")
    search_fields = ("external_id", "title", "rules_text")
    raw_id_fields = ("event", "latest_book")
    date_hierarchy = "close_time"


@admin.register(OrderBook)
class OrderBookAdmin(admin.ModelAdmin[OrderBook]):
    list_display = ("market", "captured_at", "exchange_ts", "source", "seq")
    list_filter = ("source",)
    raw_id_fields = ("market",)
    date_hierarchy = "captured_at"
