#!/usr/bin/env python3
"""`kith import directory` explains itself, through the real program: --help lists
every field --map accepts with an example; an unknown field or column in --map is an
error naming the valid ones and changes nothing; --dry-run shows what would be added
and the first rows, and writes nothing; a file with latitude and longitude swapped
is refused with the explanation until --swap-coordinates is given; a file that is
not UTF-8 is refused whole; bad values refuse their row by line and field; the last
progress line agrees with the summary.

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

        # The warm spaces list (270 rows): the last progress line gives the whole count,
        # and it agrees with the summary.
        warm = os.path.join(data, "places", "warm_spaces_5la_2026-08.csv")
        with open(warm, newline="", encoding="utf-8") as f:
            warm_rows = len(list(csv.reader(f))) - 1
        counted = run(kith, ["import", "directory", warm, "--dry-run"] + db)
        if counted.returncode != 0:
            fail("the warm spaces dry run failed: %s" % counted.stderr)
        progress = [line for line in counted.stderr.splitlines() if " of " in line and "records" in line]
        if not progress or "%d of %d records" % (warm_rows, warm_rows) not in progress[-1]:
            fail("the last progress line must give the final count %d: %r" % (warm_rows, progress))
        if "Read %d records" % warm_rows not in counted.stdout:
            fail("the summary must agree with the progress (%d records): %s" % (warm_rows, counted.stdout[:300]))

        # A file that is not UTF-8 is refused whole, saying how to save it.
        small = "name,postcode\nHeeley Lunch Club,S2 3BA\n"
        utf16 = os.path.join(tmp, "utf16.csv")
        with open(utf16, "wb") as f:
            f.write(small.encode("utf-16"))
        refused16 = run(kith, ["import", "directory", utf16] + db)
        if refused16.returncode == 0 or "UTF-16" not in refused16.stderr or "CSV UTF-8" not in refused16.stderr:
            fail("a UTF-16 file must be refused saying to save it as CSV UTF-8: %r" % refused16.stderr)
        json16 = os.path.join(tmp, "feed.json")
        with open(json16, "wb") as f:
            f.write('[{"id": "s1", "name": "Club", "status": "active"}]'.encode("utf-16"))
        refused_json = run(kith, ["import", "directory", json16] + db)
        if refused_json.returncode == 0 or "UTF-16" not in refused_json.stderr:
            fail("a UTF-16 JSON file must be refused as UTF-16: %r" % refused_json.stderr)

        # A zero byte, an ANSI escape and a 2 MB name: each row refused by the listing
        # form's rules, naming the line and field; nothing of them is written.
        bad = os.path.join(tmp, "bad.csv")
        with open(bad, "wb") as f:
            f.write(b"name,description,postcode\n"
                    b"Zero club,A hall\x00here,S2 3BA\n"
                    b"\x1b[31mRed club,Fine,S2 3BA\n" +
                    b"a" * (2 << 20) + b",Long,S2 3BA\n"
                    b"Fine club (cli test),Tea and cake,S2 3BA\n")
        before = services(db_path)
        taken = run(kith, ["import", "directory", bad] + db)
        if taken.returncode != 0:
            fail("a file with bad rows is still read: %s" % taken.stderr[:500])
        for words in ["line 2: field description", "line 3: field name", "line 4: field name",
                      "control character", "120 characters or fewer"]:
            if words not in taken.stdout:
                fail("the bad rows must be refused naming line and field (%r):\n%s" % (words, taken.stdout[:2000]))
        if services(db_path) != before + 1:
            fail("only the fine row may be taken: %d listings, was %d" % (services(db_path), before))
        with sqlite3.connect(db_path) as conn:
            hidden = conn.execute("SELECT COUNT(*) FROM hsds_service WHERE instr(name, char(27)) > 0 "
                                  "OR instr(description, char(0)) > 0 OR length(name) > 120").fetchone()[0]
        if hidden:
            fail("%d listings hold control characters or over-long names" % hidden)
    print("ok: import directory explains its fields, mappings, dry runs and swapped coordinates")


main()
