#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Seed 02's race run by the real Django ORM, repeated as trials: the figure bench_stress is compared with.

Each trial: K threads, released together from a threading.Barrier, call
Race.objects.get_or_create(user_id='u1', defaults={'name': 'foo'});
then the rows are read and the table is cleared (ids restart at 1) on a separate sqlite3 connection,
exactly as Interleave's stress runner does between trials (same statements, synchronous=OFF on that
connection only). The database settings are the scenario's: a file in $TMPDIR (or /tmp),
journal_mode=delete, synchronous=FULL (SQLite's default), busy timeout 5 s, deferred BEGIN.

  --threads new     (default) new threads and new connections every trial, as the seed's test does
  --threads reuse   K threads and connections created once and reused: Django's best case

Needs Debian's python3-django (3.2): run with /usr/bin/python3.
"""

import argparse
import collections
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

import django
from django.conf import settings

USER_ID = "u1"


def configure(path):
    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": path,
                "OPTIONS": {"timeout": 5},  # busy timeout 5 s, like the scenario's busy_timeout_ms
            }
        },
        INSTALLED_APPS=[],
        USE_TZ=False,
    )
    django.setup()


def define_model(unique):
    from django.db import models

    class Race(models.Model):
        user_id = models.CharField(max_length=32, unique=unique)
        name = models.CharField(max_length=32)

        class Meta:
            app_label = "bench"
            db_table = "race"

    return Race


class Table:
    """Reads the rows a trial left and clears the table, on a connection of its own (Interleave's TrialTable)."""

    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None, timeout=5)
        self.db.execute("PRAGMA synchronous = OFF")

    def take_rows(self):
        self.db.execute("BEGIN IMMEDIATE")
        rows = self.db.execute('SELECT "id", "user_id", "name" FROM "race" ORDER BY "id"').fetchall()
        self.db.execute('DELETE FROM "race"')
        self.db.execute("DELETE FROM sqlite_sequence WHERE name = ?", ("race",))
        self.db.execute("COMMIT")
        return rows


def get_or_create(Race):
    from django.db import IntegrityError, OperationalError

    try:
        _, created = Race.objects.get_or_create(user_id=USER_ID, defaults={"name": "foo"})
        return "created" if created else "got"
    except Race.MultipleObjectsReturned:
        return "MultipleObjectsReturned"
    except IntegrityError:
        return "IntegrityError"
    except OperationalError:
        return "Busy"


def run_new_threads(Race, table, workers, trials, outcomes, results):
    from django.db import connection

    for _ in range(trials):
        barrier = threading.Barrier(workers)
        got = [None] * workers

        def body(i):
            try:
                connection.ensure_connection()  # open before the barrier, so the calls start together
                barrier.wait()
                got[i] = get_or_create(Race)
            finally:
                connection.close()

        threads = [threading.Thread(target=body, args=(i,)) for i in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        outcomes[len(table.take_rows())] += 1
        results.update(got)


def run_reused_threads(Race, table, workers, trials, outcomes, results):
    from django.db import connection

    start = threading.Barrier(workers + 1)
    end = threading.Barrier(workers + 1)
    got = [None] * workers

    def body(i):
        connection.ensure_connection()
        try:
            for _ in range(trials):
                start.wait()
                got[i] = get_or_create(Race)
                end.wait()
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for _ in range(trials):
        start.wait()
        end.wait()
        outcomes[len(table.take_rows())] += 1
        results.update(got)
    for t in threads:
        t.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--unique", action="store_true", help="user_id unique=True (race-unique)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--threads", choices=("new", "reuse"), default="new")
    parser.add_argument("--tsv", action="store_true", help="one machine-readable line")
    args = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="interleave-django-")
    try:
        path = os.path.join(directory, "django.sqlite3")
        configure(path)
        Race = define_model(args.unique)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode = delete")
        with connection.schema_editor() as editor:
            editor.create_model(Race)
        connection.close()
        table = Table(path)

        outcomes = collections.Counter()
        results = collections.Counter()
        run = run_new_threads if args.threads == "new" else run_reused_threads
        began = time.perf_counter()
        run(Race, table, args.workers, args.trials, outcomes, results)
        seconds = time.perf_counter() - began
        example = "race-unique" if args.unique else "race-no-unique"
        rate = args.trials / seconds
        if args.tsv:
            print(f"django\t{example}\t{args.workers}\t{args.trials}\t{seconds:.3f}\t{rate:.1f}\t{args.threads}")
        else:
            print(f"Django {django.get_version()}, {example}, {args.workers} workers, {args.threads} threads: "
                  f"{args.trials} trials in {seconds:.2f} s, {rate:.1f} trials/s")
            print("  rows per trial: " + ", ".join(f"{n}: {c}" for n, c in sorted(outcomes.items())))
            print("  worker results: " + ", ".join(f"{k}: {c}" for k, c in sorted(results.items())))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
