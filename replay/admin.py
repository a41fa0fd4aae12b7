from django.contrib import admin

from replay.models import ReplayRun


@admin.register(ReplayRun)
class ReplayRunAdmin(admin.ModelAdmin[ReplayRun]):
    """Replays, read only: they are started from the dashboard, the API or the command."""

    list_display = ("id", "status", "created_at", "opportunities", "trades", "net_profit",
                    "lost_to_latency")
    list_filter = ("status",)
    readonly_fields = ("status", "params", "requested_by", "progress", "started_at",
                       "finished_at", "report", "error", "opportunities", "trades", "net_profit",
                       "lost_to_latency")

    def has_add_permission(self, request: object) -> bool:
        return False
