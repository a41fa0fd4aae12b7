from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("pairs/", views.pair_list, name="pair_list"),
    path("pairs/<int:pair_id>/", views.pair_detail, name="pair_detail"),
    path("pairs/<int:pair_id>/review/", views.pair_review, name="pair_review"),
    path("baskets/", views.basket_list, name="basket_list"),
    path("baskets/<int:basket_id>/", views.basket_detail, name="basket_detail"),
    path("trading/", views.trading, name="trading"),
    path("health/", views.health, name="health"),
    path("kill-switch/", views.kill_switch_toggle, name="kill_switch_toggle"),
    path("replays/", views.replay_list, name="replay_list"),
    path("replays/start/", views.replay_start, name="replay_start"),
    path("replays/<int:replay_id>/", views.replay_detail, name="replay_detail"),
]
