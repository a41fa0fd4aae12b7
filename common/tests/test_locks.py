from datetime import timedelta

import pytest
from django.utils import timezone

from common.locks import job_lock, job_lock_acquire, job_lock_release
from common.models import JobLock

pytestmark = pytest.mark.django_db


def test_second_holder_is_refused_while_lease_is_live():
    first = job_lock_acquire("job", ttl_s=60)
    assert first is not None
    assert job_lock_acquire("job", ttl_s=60) is None
    job_lock_release("job", first)
    assert job_lock_acquire("job", ttl_s=60) is not None


def test_expired_lease_of_a_crashed_holder_is_taken_over():
    JobLock.objects.create(name="job", holder="dead", expires_at=timezone.now() - timedelta(seconds=1))
    holder = job_lock_acquire("job", ttl_s=60)
    assert holder is not None
    assert JobLock.objects.get(name="job").holder == holder


def test_context_manager_releases_on_error():
    def run_failing_job():
        with job_lock("job", ttl_s=60) as got:
            assert got
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run_failing_job()
    assert not JobLock.objects.filter(name="job").exists()


def test_release_by_a_stale_holder_does_not_free_the_new_holders_lease():
    JobLock.objects.create(name="job", holder="old", expires_at=timezone.now() - timedelta(seconds=1))
    new = job_lock_acquire("job", ttl_s=60)
    job_lock_release("job", "old")
    assert JobLock.objects.get(name="job").holder == new
