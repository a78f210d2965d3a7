#!/usr/bin/env python3
"""`kith import directory` explains itself, through the real program: --help lists
every field --map accepts with an example; an unknown field or column in --map is an
error naming the valid ones and changes nothing; --dry-run shows what would be added
and the first rows, and writes nothing; a file with latitude and longitude swapped
is refused with the explanation until --swap-coordinates is given.

    tests/cli/import_directory.py path/to/kith
"""
import csv
import io
import os
import sqlite3
import subprocess
import sys
import tempfile

from kith_cli import fail

FIELDS = ["name", "description", "organisation", "address", "town", "postcode", "latitude", "longitude",
          "category", "days", "opens_at", "closes_at", "email", "phone", "url"]


def run(kith, args):
    return subprocess.run([kith] + args, capture_output=True, text=True, timeout=300)


def services(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT COUNT(*) FROM hsds_service").fetchone()[0]


def main():
    kith = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.environ.get("KITH_SOURCE_DATA", os.path.join(here, "..", "..", "..", "shared", "data"))
    libraries = os.path.join(data, "places", "libraries_5la_librarieshacked_2025.csv")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = os.path.join(tmp, "kith.db")
        db = ["--db", "sqlite:" + db_path, "--source-data", data]

        helped = run(kith, ["import", "directory", "--help"])
        if helped.returncode != 0:
            fail("--help answered %d: %s" % (helped.returncode, helped.stderr))
        for field in FIELDS:
            if "  " + field + " " not in helped.stdout:
                fail("--help does not list the field %s:\n%s" % (field, helped.stdout))
        for flag in ["--dry-run", "--swap-coordinates", "--map", "e.g."]:
            if flag not in helped.stdout:
                fail("--help does not mention %s" % flag)

        bad_field = run(kith, ["import", "directory", libraries, "--map", "lattitude=lat"] + db)
        if bad_field.returncode == 0 or "lattitude" not in bad_field.stderr or ", ".join(FIELDS) not in bad_field.stderr:
            fail("an unknown --map field must be an error naming the fields: %r" % bad_field.stderr)
        bad_column = run(kith, ["import", "directory", libraries, "--map", "latitude=Latitude"] + db)
        if bad_column.returncode == 0 or '"lat"' not in bad_column.stderr:
            fail("an unknown --map column must be an error naming the columns: %r" % bad_column.stderr)
        if services(db_path) != 0:
            fail("a refused mapping wrote listings")

        dry = run(kith, ["import", "directory", libraries, "--dry-run"] + db)
        if dry.returncode != 0:
            fail("--dry-run failed: %s" % dry.stderr)
        for words in ["Dry run, nothing was written", "would be added", "The first rows as Kith reads them",
                      "Columns not imported"]:
            if words not in dry.stdout:
                fail("--dry-run does not say %r:\n%s" % (words, dry.stdout))
        if services(db_path) != 0:
            fail("--dry-run wrote %d listings" % services(db_path))

        # The same libraries with the lat and lon headings exchanged.
        with open(libraries, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        rows[0] = ["lon" if h == "lat" else "lat" if h == "lon" else h for h in rows[0]]
        swapped = os.path.join(tmp, "swapped.csv")
        with open(swapped, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        refused = run(kith, ["import", "directory", swapped] + db)
        if refused.returncode == 0 or "look swapped" not in refused.stderr or "--swap-coordinates" not in refused.stderr:
            fail("a swapped file must be refused with the explanation: %r" % refused.stderr)
        if services(db_path) != 0:
            fail("a refused swapped file wrote listings")
        fixed = run(kith, ["import", "directory", swapped, "--swap-coordinates"] + db)
        if fixed.returncode != 0 or "swapped, as asked" not in fixed.stdout:
            fail("--swap-coordinates did not take the file: %s %s" % (fixed.stdout, fixed.stderr))
        if services(db_path) < 60:
            fail("--swap-coordinates took only %d listings" % services(db_path))
        with sqlite3.connect(db_path) as conn:
            outside = conn.execute("SELECT COUNT(*) FROM hsds_location WHERE latitude NOT BETWEEN 50 AND 56").fetchone()[0]
        if outside:
            fail("%d places are outside England after the swap" % outside)
        # A saved feed on a loopback address is refused at refresh, not fetched.
        with sqlite3.connect(db_path) as conn:
            conn.execute("INSERT INTO directory_feeds (url, added_by, created_at) VALUES "
                         "('https://127.0.0.1:9/services', 1, '2026-01-01T00:00:00Z')")
        refresh = run(kith, ["import", "directory", "--saved-feeds"] + db)
        if refresh.returncode == 0 or "private or loopback" not in refresh.stdout:
            fail("a loopback feed must be refused at refresh: %r %r" % (refresh.stdout, refresh.stderr))
        with sqlite3.connect(db_path) as conn:
            result = conn.execute("SELECT last_result FROM directory_feeds").fetchone()[0]
        if not result or not result.startswith("failed"):
            fail("the refusal is not recorded beside the feed: %r" % result)
    print("ok: import directory explains its fields, mappings, dry runs and swapped coordinates")


main()
