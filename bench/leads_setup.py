"""A fresh database for the return-request benchmarks: the demo clinics, whose
blog posts carry return-request forms and whose settings name lead inboxes.

On PostgreSQL the database named in DATABASE_URL is dropped and created again
(it must be a scratch database). Run through bench/leads.sh.
"""

import os
import sys
from urllib.parse import urlsplit

import django

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from leads_common import form_targets  # noqa: E402


def recreate_postgres_database(url):
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"Refusing to drop {name!r}: name a scratch bench* database.")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def main():
    url = os.environ["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        recreate_postgres_database(url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # Port 80: the sites' origin is http://<hostname>, as the benchmark posts it.
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", port=80, stdout=quiet)
    for host, page_id, form_id in form_targets():
        print(f"form: {host} page {page_id} block {form_id}")


if __name__ == "__main__":
    main()
