import pytest
from django.conf import settings
from django.core.management import call_command

from eventsarb.celery import app
from eventsarb.runner import run_loop, schedule_jobs
from markets.models import Market, OrderBook
from platforms.testvenue import OUTCOME_EVENT_MARKETS
from similarity.models import MarketPair


def test_every_beat_entry_names_a_registered_task_on_its_routed_queue():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        assert "expires" in entry["options"], name
        routed = app.amqp.router.route({}, entry["task"])["queue"].name
        assert entry["options"]["queue"] == routed, name
    queues = {e["options"]["queue"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert queues == {"ingest", "default", "trading"}


def test_runner_schedule_mirrors_beat_schedule():
    jobs = schedule_jobs()
    assert {j.task_name for j in jobs} == {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert all(j.interval_s > 0 for j in jobs)


@pytest.mark.django_db
def test_run_loop_runs_jobs_at_their_intervals_and_survives_failures(monkeypatch):
    now = [0.0]
    calls: list[str] = []
    app.loader.import_default_modules()
    jobs = schedule_jobs()
    # Replace every task body with a recorder; make one of them fail every time.
    for job in jobs:
        task = app.tasks[job.task_name]

        def fake_run(*args, _name=job.name, **kwargs):
            calls.append(_name)
            if _name == "every-5s-scan-arbitrage":
                raise RuntimeError("injected")

        monkeypatch.setattr(task, "run", fake_run)

    def sleep(s):
        now[0] += s

    result = run_loop(iterations=21, tick_s=0.5, clock=lambda: now[0], sleep=sleep, concurrent=False)
    by_name = {j.name: j for j in result}
    # 21 ticks of 0.5 s span 10 s: a 5 s job runs at 0, 5 and 10 s; the hourly job once.
    assert by_name["every-5s-pull-order-books"].runs == 3
    assert by_name["every-1h-prune-order-books"].runs == 1
    assert by_name["every-5s-scan-arbitrage"].errors == 3
    assert calls.count("every-5s-scan-arbitrage") == 3


@pytest.mark.django_db(transaction=True)
def test_runengine_command_runs_the_real_loop_on_the_test_venue():
    call_command("runengine", iterations=2, tick=0.01)
    assert Market.objects.filter(platform__slug="test_kalshi").count() == (
        settings.EVENTSARB_TEST_VENUE_MARKETS + OUTCOME_EVENT_MARKETS
    )
    # Approve one pair, run again: its books get pulled by the same loop.
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    MarketPair.objects.update_or_create(market_a=a, market_b=b, defaults={"status": MarketPair.Status.APPROVED})
    call_command("runengine", iterations=1, tick=0.01)
    assert OrderBook.objects.filter(market__in=[a, b]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_long_job_does_not_hold_up_the_others(monkeypatch):
    """A slow catalog sync runs in its own thread while book polling keeps its cadence."""
    import threading

    app.loader.import_default_modules()
    release = threading.Event()
    pulls: list[int] = []
    sync_calls: list[int] = []

    def slow_sync(*args, **kwargs):
        sync_calls.append(1)
        release.wait(timeout=30)

    def pull(*args, **kwargs):
        pulls.append(1)
        if len(pulls) == 3:
            release.set()

    bodies = {"similarity.tasks.sync_catalogs_task": slow_sync, "arbitrage.tasks.pull_order_books_task": pull}
    for job in schedule_jobs():
        monkeypatch.setattr(app.tasks[job.task_name], "run", bodies.get(job.task_name, lambda *a, **k: None))
    now = [0.0]
    ticks = [0]

    def sleep(s):
        # Advance simulated time; give the pool's threads a moment of real time to run.
        now[0] += 5.0
        ticks[0] += 1
        release.wait(timeout=0.05)

    run_loop(iterations=6, tick_s=0.5, clock=lambda: now[0], sleep=sleep)
    # The sync started once and blocked until polling had run three times meanwhile; it was not
    # started again while still running.
    assert len(sync_calls) == 1
    assert len(pulls) >= 3
