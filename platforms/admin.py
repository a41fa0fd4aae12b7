from django.contrib import admin

from platforms.models import Platform


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin[Platform]):
    list_display = ("slug", "name", "enabled", "last_sync_at", "last_book_at", "last_ok_at", "last_error_at")
    list_filter = ("enabled",)
    readonly_fields = ("last_sync_at", "last_sync_stats", "last_book_at", "last_ok_at", "last_error",
                       "last_error_at", "rate_limited_until", "progress")
