#!/usr/bin/env python3
"""`kith import postcodes FILE` through the real program: after `kith import areas`
(from a copy of the public data whose England postcode file is cut to every 1,000th
row, so that it is quick), a gzipped ONS Postcode Directory extract and an OS
Code-Point Open file are imported; the summary counts what was read, taken, skipped
(with reasons) and placed certainly or uncertainly; the postcodes are in the
database with the right LSOA and flag; a file with a missing column fails, naming
the column, and changes nothing; --help describes the formats.

    tests/cli/import_postcodes.py path/to/kith
"""
import gzip
import os
import sqlite3
import subprocess
import sys

from kith_cli import fail, scratch_dir

SOURCE = os.environ.get("KITH_SOURCE_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))


def run(kith, args, env, ok=True):
    r = subprocess.run([kith] + args, env=env, capture_output=True, text=True, timeout=900)
    if ok and r.returncode != 0:
        fail("kith %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr[-2000:]))
    if not ok and r.returncode == 0:
        fail("kith %s should have failed: %s" % (" ".join(args), r.stdout[-1000:]))
    return r


def small_source(root):
    """The public data with the England postcode file cut down; returns the rows kept by postcode."""
    os.makedirs(os.path.join(root, "postcodes"))
    for sub in ("geography", "iod2019", "iod2025", "census2021"):
        os.symlink(os.path.abspath(os.path.join(SOURCE, sub)), os.path.join(root, sub))
    os.symlink(os.path.abspath(os.path.join(SOURCE, "postcodes/codepoint_2014_target_LAs_wgs84.csv")),
               os.path.join(root, "postcodes/codepoint_2014_target_LAs_wgs84.csv"))
    rows = {}
    with gzip.open(os.path.join(SOURCE, "postcodes/postcodes_codepoint_2025q4_england.csv.gz"), "rt") as src, \
            gzip.open(os.path.join(root, "postcodes/postcodes_codepoint_2025q4_england.csv.gz"), "wt") as out:
        for i, line in enumerate(src):
            postcode = line.split(",", 1)[0]
            if i == 0 or i % 1000 == 0 or postcode in ("S1 2HE",):
                out.write(line)
            if postcode in ("SW1A 2AA", "M1 1AD", "S1 2HE", "LS1 1UR"):
                rows[postcode] = line.strip().split(",")
    return rows


def main():
    kith = sys.argv[1]
    data = scratch_dir("kith-import-postcodes-")
    source = os.path.join(data, "source")
    rows = small_source(source)
    env = dict(os.environ, KITH_DATA_DIR=data, KITH_SOURCE_DATA=source)
    db_path = os.path.join(data, "kith.db")

    help_text = run(kith, ["import", "postcodes", "--help"], env).stdout
    for words in ("ONS Postcode Directory", "Code-Point Open", "doterm", "uncertain"):
        if words not in help_text:
            fail("kith import postcodes --help does not mention %r: %s" % (words, help_text))

    run(kith, ["import", "areas"], env)

    # The ONS Postcode Directory, gzipped: its LSOA is certain; terminated rows are skipped.
    with sqlite3.connect(db_path) as db:
        sheffield_lsoa = db.execute("SELECT lsoa_code FROM postcodes WHERE postcode = 'S12HE'").fetchone()[0]
    onspd = os.path.join(data, "ONSPD_NOV_2025_UK.csv.gz")
    m1 = rows["M1 1AD"]
    with gzip.open(onspd, "wt") as f:
        f.write("pcd,pcd2,pcds,dointr,doterm,lat,long,lsoa21cd\n")
        f.write('"S1  2HE","S1  2HE","S1 2HE","198001","",53.38169,-1.46939,"%s"\n' % sheffield_lsoa)
        f.write('"M1  1AD","M1  1AD","M1 1AD","198001","",%s,%s,""\n' % (m1[3], m1[4]))
        f.write('"M1  9ZZ","M1  9ZZ","M1 9ZZ","198001","202101",53.48,-2.24,""\n')
    said = run(kith, ["import", "postcodes", onspd], env).stdout
    for words in ("Read 3 postcodes as ONS Postcode Directory: 2 taken, 1 skipped.",
                  "Placed 1 certainly", "and 1 uncertainly", "skipped 1: terminated (doterm is set)"):
        if words not in said:
            fail("the ONSPD import should say %r, said: %s" % (words, said))

    # OS Code-Point Open, no header, eastings and northings.
    cpo = os.path.join(data, "sw.csv")
    sw = rows["SW1A 2AA"]
    with open(cpo, "w") as f:
        f.write('"SW1A2AA",10,%s,%s,"E92000001","E19000003","E18000007","","E09000033","E05013806"\n' % (sw[1], sw[2]))
        f.write('"SW1A9ZZ",90,0,0,"E92000001","","","","",""\n')
    said = run(kith, ["import", "postcodes", cpo], env).stdout
    if "as OS Code-Point Open" not in said or "1 taken, 1 skipped" not in said or "no coordinates" not in said:
        fail("the Code-Point Open import said: " + said)

    with sqlite3.connect(db_path) as db:
        got = {r[0]: r[1:] for r in db.execute(
            "SELECT postcode, lsoa_code, authority_code, uncertain, lat, lon FROM postcodes "
            "WHERE postcode IN ('S12HE', 'M11AD', 'M19ZZ', 'SW1A2AA', 'SW1A9ZZ')")}
    if set(got) != {"S12HE", "M11AD", "SW1A2AA"}:
        fail("expected S12HE, M11AD and SW1A2AA, found %s" % sorted(got))
    if got["S12HE"][:3] != (sheffield_lsoa, "E08000019", 0):
        fail("S1 2HE should be certain in %s, Sheffield: %s" % (sheffield_lsoa, got["S12HE"]))
    if got["M11AD"][1:3] != ("E08000003", 1):
        fail("M1 1AD should be uncertain in Manchester: %s" % (got["M11AD"],))
    if got["SW1A2AA"][1:3] != ("E09000033", 1):
        fail("SW1A 2AA should be uncertain in Westminster: %s" % (got["SW1A2AA"],))
    if abs(got["SW1A2AA"][3] - float(sw[3])) > 0.0002 or abs(got["SW1A2AA"][4] - float(sw[4])) > 0.0002:
        fail("SW1A 2AA converted to %s, %s; the England file says %s, %s" % (got["SW1A2AA"][3:] + (sw[3], sw[4])))

    # A missing column is named, and nothing changes.
    bad = os.path.join(data, "bad.csv")
    with open(bad, "w") as f:
        f.write("pcds,lat,lsoa21cd,doterm\nLS1 9ZZ,53.8,E01033264,\n")
    r = run(kith, ["import", "postcodes", bad], env, ok=False)
    if 'no column "long"' not in r.stderr or "nothing was changed" not in r.stderr:
        fail("a missing column should be named: " + r.stderr)
    with sqlite3.connect(db_path) as db:
        if db.execute("SELECT COUNT(*) FROM postcodes WHERE postcode = 'LS19ZZ'").fetchone()[0]:
            fail("the refused file changed the postcodes")
    print("ok")


if __name__ == "__main__":
    main()
