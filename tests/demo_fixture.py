"""The demo loaded once for a group of tests that read it, instead of once per test."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def demo_loaded_once(django_db_blocker, load):
    """Run ``load()``, which loads the demo, and yield what it returns; roll back
    everything it wrote on leaving.

    For a module- or class-scoped fixture (it needs pytest-django's
    ``django_db_setup`` before it). The load's transaction stays open while the
    group's tests run: each ``db`` test's own transaction is a savepoint inside
    it, so whatever a test changes, a second load_demo included, is rolled back
    after that test, and the demo itself after the group, so that the tests of
    other modules find the database as the migrations left it. A
    ``transactional_db`` test would run inside this transaction: such tests load
    the demo themselves. The caches need nothing here: tests/conftest.py clears
    them before every test, after this load, and content generations
    (home/cache.py) then start afresh."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load()
        transaction.set_rollback(True)
