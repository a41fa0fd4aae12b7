"""Admin: the kill switch toggle, and read-mostly views of the journal."""

from django.contrib import admin

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


@admin.register(ArbAttempt)
class ArbAttemptAdmin(admin.ModelAdmin[ArbAttempt]):
    list_display = ("uid", "pair", "mode", "state", "planned_size", "expected_net_profit",
                    "realised_pnl", "needs_attention", "created_at")
    list_filter = ("mode", "state", "needs_attention")
    search_fields = ("uid",)
    readonly_fields = ("uid", "opportunity", "pair", "direction", "mode", "state", "is_open", "leg1",
                       "plan", "planned_size", "expected_net_profit", "leg2_retries",
                       "realised_pnl", "reason", "lease_until", "finished_at")
    inlines = [OrderInline, EventInline]
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
    list_display = ("pair", "mode", "code", "message", "count", "last_at")
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
