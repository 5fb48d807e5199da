"""A real outage of this test's database, and processes of our own on it.

PostgreSQL: the test database stops taking connections (``ALLOW_CONNECTIONS
false``) and every backend on it is terminated, so each process finds its
connection gone and cannot open another. SQLite has no server to refuse: its
equivalent is the database file being out of reach, so the file (with its WAL
and shared-memory files) is moved aside and a directory put in its place; each
new connection then fails with "unable to open database file", as a refused
PostgreSQL connection fails with OperationalError. SQLite connections that stay
open would still reach the moved file, but every process of ours opens a new one
for each unit of work (CONN_MAX_AGE is 0), as do our workers after each task.
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

import psycopg
import pytest

BASE_DIR = Path(__file__).resolve().parents[1]


def database_url():
    """This test's database, for a process of its own."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def manage(*args, log, **env):
    """``manage.py *args`` in a process of its own on this test's database, with
    the development settings (the database task backend), its output in ``log``."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    environment.pop("REDIS_URL", None)
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _postgres_admin():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


@contextlib.contextmanager
def database_down():
    """The test database refuses every connection inside the block, for every
    process (this one included), and takes them again after it."""
    name = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "postgresql":
        with _postgres_admin() as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            try:
                yield
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    else:
        files = [Path(name + suffix) for suffix in ("", "-wal", "-shm")]
        moved = [(path, path.with_name(path.name + ".away")) for path in files]
        for path, away in moved:
            if path.exists():
                path.rename(away)
        Path(name).mkdir()
        try:
            yield
        finally:
            Path(name).rmdir()
            for path, away in moved:
                if away.exists():
                    away.rename(path)
    connection.close()


class Processes:
    """Our processes on this test's database, sending mail to ``smtp_port``, each
    with its output in a file, all killed at the end."""

    def __init__(self, directory, smtp_port, **env):
        self.directory = directory
        self.env = {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "20",
            "DEFAULT_FROM_EMAIL": "no-reply@clinic.example",
            **env,
        }
        self.started = []

    def start(self, name, args):
        log = (self.directory / f"{name}-{len(self.started)}.log").open("w")
        process = manage(*args, log=log, **self.env)
        process.log_path = log.name
        self.started.append((process, log))
        return process

    def stop_all(self):
        for process, log in self.started:
            process.kill()
            process.wait(timeout=30)
            log.close()


def output(process):
    with open(process.log_path) as log:
        return log.read()


def wait_until(condition, what, *watched, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition():
        for process in watched:
            assert process.poll() is None, f"{process.args} exited:\n{output(process)}"
        if time.monotonic() > deadline:
            logs = "\n".join(output(process)[-3000:] for process in watched)
            pytest.fail(f"waited {seconds} s for {what}:\n{logs}")
        time.sleep(0.2)


def redis_url():
    """The Redis database tests may write to (with their own key prefix).
    .ci/run gives its two suites, which run side by side, one each."""
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_down(settings):
    """Point the cache (and REDIS_URL) at a Redis that is not there: nothing
    listens on the discard port, so every call fails fast."""
    dead_redis = "redis://127.0.0.1:9/0"
    settings.REDIS_URL = dead_redis
    dead = {
        "BACKEND": "home.cache_backends.ResilientRedisCache",
        "LOCATION": dead_redis,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": dead, "pages": {**dead, "KEY_PREFIX": "pages"}}
