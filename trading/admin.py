"""Admin: the kill switch toggle, and read-mostly views of the journal."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from trading.models import (
    ArbAttempt,
    ArbAttemptEvent,
    DriftFlag,
    Fill,
    KillSwitch,
    Order,
    Position,
    RiskRefusal,
)
from trading.permissions import can_set_kill_switch
from trading.services import attempt_attention_resolve, drift_flag_resolve, kill_switch_set


@admin.register(KillSwitch)
class KillSwitchAdmin(admin.ModelAdmin[KillSwitch]):
    list_display = ("id", "enabled", "reason", "changed_by", "changed_at")
    fields = ("enabled", "reason", "changed_by", "changed_at")
    readonly_fields = ("changed_by", "changed_at")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # Through the service so the change is logged and attributed like the dashboard's.
        kill_switch_set(enabled=obj.enabled, user=request.user, reason=obj.reason)

    # The API's and the dashboard's check (trading/permissions.py), not change_killswitch.
    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return can_set_kill_switch(request.user) and not KillSwitch.objects.exists()

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return can_set_kill_switch(request.user)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return can_set_kill_switch(request.user) or super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class OrderInline(admin.TabularInline[Order, ArbAttempt]):
    model = Order
    extra = 0
    can_delete = False
    fields = ("role", "leg", "client_order_id", "action", "outcome", "limit_price", "size",
              "status", "filled_size", "average_price", "fee_paid", "error")
    readonly_fields = fields


class EventInline(admin.TabularInline[ArbAttemptEvent, ArbAttempt]):
    model = ArbAttemptEvent
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "reason", "at")


class PositionInline(admin.TabularInline[Position, ArbAttempt]):
    model = Position
    extra = 0
    can_delete = False
    fields = ("leg", "platform_slug", "market", "outcome", "size", "cost_basis", "fees_paid",
              "realised_pnl", "settled_size", "settlement_payout")
    readonly_fields = fields


@admin.register(ArbAttempt)
class ArbAttemptAdmin(admin.ModelAdmin[ArbAttempt]):
    list_display = ("uid", "kind", "pair", "source", "mode", "state", "planned_size",
                    "expected_net_profit", "realised_pnl", "needs_attention", "created_at")
    list_filter = ("kind", "mode", "state", "needs_attention")
    search_fields = ("uid", "source")
    readonly_fields = ("uid", "kind", "opportunity", "pair", "source", "payout_per_unit",
                       "direction", "mode", "state", "is_open", "leg1", "basket_legs", "fills",
                       "needs_attention", "attention_reason", "plan", "planned_size",
                       "expected_net_profit", "leg2_retries", "realised_pnl", "reason",
                       "lease_until", "finished_at", "settled_at")
    inlines = [OrderInline, PositionInline, EventInline]

    @admin.display(description="legs (send order)")
    def basket_legs(self, obj: ArbAttempt) -> SafeString | str:
        """A basket's legs as planned, thinnest first: market, outcome, limit, planned cost."""
        if not obj.is_basket:
            return "-"
        rows = [
            (leg, obj.plan[leg]["venue"], obj.plan[leg]["market_id"], obj.plan[leg]["outcome"],
             obj.plan[leg]["limit_price"], obj.plan[leg]["cost"], obj.plan[leg]["fee"])
            for leg in obj.plan.get("send_order", [])
        ]
        return format_html(
            "<table><tr><th>leg</th><th>venue</th><th>market id</th><th>outcome</th>"
            "<th>limit</th><th>planned cost</th><th>planned fee</th></tr>{}</table>",
            format_html_join("", "<tr>" + "<td>{}</td>" * 7 + "</tr>", rows),
        )

    @admin.display(description="fills")
    def fills(self, obj: ArbAttempt) -> SafeString | str:
        rows = Fill.objects.filter(order__attempt=obj).select_related("order").order_by("id")
        if not rows:
            return "-"
        return format_html(
            "<table><tr><th>order</th><th>leg</th><th>size</th><th>price</th><th>fee</th>"
            "</tr>{}</table>",
            format_html_join("", "<tr>" + "<td>{}</td>" * 5 + "</tr>", (
                (f.order.client_order_id, f.order.leg, f.size, f.price, f.fee) for f in rows
            )),
        )
    actions = ["resolve_attention"]

    @admin.action(description="Mark the alert as dealt with", permissions=["change"])
    def resolve_attention(self, request, queryset):  # type: ignore[no-untyped-def]
        for attempt in queryset.filter(needs_attention=True):
            attempt_attention_resolve(attempt=attempt, user=request.user, note="via admin")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ("client_order_id", "attempt", "role", "platform_slug", "action", "outcome",
                    "size", "limit_price", "status", "filled_size", "fee_paid")
    list_filter = ("mode", "status", "role", "platform_slug")
    search_fields = ("client_order_id", "venue_order_id")


@admin.register(Fill)
class FillAdmin(admin.ModelAdmin[Fill]):
    list_display = ("order", "venue_fill_id", "price", "size", "fee", "ts")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ("attempt", "leg", "mode", "platform_slug", "market", "outcome", "size",
                    "cost_basis", "realised_pnl")
    list_filter = ("mode", "platform_slug")


@admin.register(RiskRefusal)
class RiskRefusalAdmin(admin.ModelAdmin[RiskRefusal]):
    list_display = ("pair", "source", "mode", "code", "message", "count", "last_at")
    list_filter = ("code", "mode")


@admin.register(DriftFlag)
class DriftFlagAdmin(admin.ModelAdmin[DriftFlag]):
    list_display = ("kind", "platform_slug", "attempt", "message", "created_at", "resolved_at")
    list_filter = ("kind", "platform_slug")
    actions = ["resolve"]

    @admin.action(description="Mark as resolved", permissions=["change"])
    def resolve(self, request, queryset):  # type: ignore[no-untyped-def]
        for flag in queryset.filter(resolved_at__isnull=True):
            drift_flag_resolve(flag=flag, user=request.user, note="via admin")
