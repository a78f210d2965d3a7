#!/usr/bin/env python3
"""Makes the seed corpora in tests/fuzz/corpus/ from hand-made cases and samples of
the real feeds and fixtures in ../shared/data (read-only). Run from the project
root: python3 tests/fuzz/make_seeds.py. The output is committed; rerun only to
change the seeds. Sources and licences are in tests/fuzz/README.md."""
import glob
import gzip
import json
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data")
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def put(harness, name, content):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(content)


def read(path, limit=None):
    with open(os.path.join(DATA, path), "rb") as f:
        return f.read() if limit is None else f.read(limit)


def head_lines(path, n):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(os.path.join(DATA, path), "rb") as f:
        return b"".join(f.readline() for _ in range(n))


shutil.rmtree(OUT, ignore_errors=True)

# HSDS 3.0 / ORUK 3.0 JSON: the specification's examples, the UK profile's, the validator's fixtures.
for path in sorted(glob.glob(os.path.join(DATA, "openreferral/hsds3/examples/*.json"))):
    put("fuzz_hsds_json", "hsds3-" + os.path.basename(path), read(path))
for path in sorted(glob.glob(os.path.join(DATA, "openreferral/oruk_profile/examples/*.json"))):
    put("fuzz_hsds_json", "oruk3-" + os.path.basename(path), read(path))
for mock in ["V3.0-UK-Default", "V3.0-UK-Warn", "V3.0-UK-Fail"]:
    for name in ["service_full.json", "service_list.json", "organization_full.json", "taxonomy_term_list.json"]:
        path = os.path.join(DATA, "openreferral/oruk_validator_fixtures/OpenReferralApi/Mocks", mock, name)
        if os.path.exists(path) and os.path.getsize(path) < 64 * 1024:
            put("fuzz_hsds_json", "validator-" + mock + "-" + name, read(path))
put("fuzz_hsds_json", "hand-bad-coordinates.json",
    json.dumps({"id": "s1", "name": "Lunch club", "status": "active",
                "service_at_locations": [{"id": "sal", "location": {"id": "l1", "location_type": "physical",
                                                                     "latitude": 123.4, "longitude": "x"}}]}))
put("fuzz_hsds_json", "hand-page.json", json.dumps({"contents": [{"id": "t", "name": "T", "version": "1"},
                                                                  {"id": "o", "name": "Org", "description": "d"}]}))

# Open Referral UK 1.0: single services and a short page of Bristol's real feed.
bristol = json.loads(read("directory_feeds/bristol_council_oruk_v1_services_2024-12.json"))
richest = sorted(bristol, key=lambda s: -len(json.dumps(s)))
for i, s in enumerate(bristol[:12] + richest[:8]):
    put("fuzz_oruk1", "bristol-%02d.json" % i, json.dumps(s, indent=1))
put("fuzz_oruk1", "bristol-list.json", json.dumps(bristol[20:26]))
for path in sorted(glob.glob(os.path.join(DATA, "openreferral/oruk_validator_fixtures/OpenReferralApi/Mocks/V1.0-UK-Default/*.json"))):
    if os.path.getsize(path) < 64 * 1024:
        put("fuzz_oruk1", "validator-v1-" + os.path.basename(path), read(path))

# The HSDS tabular form: the specification's CSV example folder as one text.
csv_dir = "openreferral/hsds3/examples/csv"
folder = b"".join(b"==> " + os.path.basename(p).encode() + b"\n" + read(p)
                  for p in sorted(glob.glob(os.path.join(DATA, csv_dir, "*.csv"))))
put("fuzz_tabular", "hsds3-examples.txt", folder)
put("fuzz_tabular", "services-only.txt", b"==> services.csv\n" + read(csv_dir + "/services.csv"))
put("fuzz_tabular", "locations.txt", b"==> services.csv\n" + read(csv_dir + "/services.csv") +
    b"==> locations.csv\n" + read(csv_dir + "/locations.csv") + b"==> addresses.csv\n" + read(csv_dir + "/addresses.csv"))
put("fuzz_tabular", "hand-bad-rows.txt",
    "==> services.csv\nid,name,status,minimum_age\ns1,Club,active,ten\ns2,,active,\n"
    "==> locations.csv\nid,name,latitude,longitude\nl1,Hall,91,0\nl2,Park,x,\n")

# Spreadsheets of places: samples of the real lists.
put("fuzz_spreadsheet", "libraries.csv", head_lines("places/libraries_5la_librarieshacked_2025.csv", 15))
put("fuzz_spreadsheet", "foodbanks.csv", head_lines("places/foodbanks_givefood_5la.csv", 13))
put("fuzz_spreadsheet", "warm-spaces.csv", head_lines("places/warm_spaces_5la_2026-08.csv", 15))
put("fuzz_spreadsheet", "hand-usual-names.csv",
    "Group name,About,Run by,Address,Town,Post code,Lat,Lon,Type,Days,Opens,Closes,Email,Phone,Website\n"
    "Warm welcome,Tea and a chat,St Mary's,1 High St,Sheffield,S1 1AA,53.38,-1.47,Warm space,Mon; Wed & Fri,10:00,2pm,a@b.org,0114 000,https://x.org\n"
    "\"Quoted, name\",\"Line\nbreak\",,,,s11aa,,,food,Tuesday,9,17:30,,,\n"
    ",,,,,,,,,,,,,,\nNo postcode,,,,,not a postcode,,,,,,,,,\nBad time,,,,,,,,,,25:99,,,,\n")
put("fuzz_spreadsheet", "hand-mapped.csv", "#map name=Club;postcode=Where;category=Kind\nClub,Where,Kind\nChess,S2 4SU,Games\n")

# The CSV reader: heads of the real files (thousands separators, quotes, a BOM) and hand-made cases.
for name, path in [("iod2025.csv", "iod2025/iod2025_lsoa21_with_names.csv"),
                   ("census-ethnic.csv", "census2021/ts021_ethnic_group_lsoa21.csv"),
                   ("postcodes.csv", "postcodes/postcodes_codepoint_2025q4_5la.csv"),
                   ("msoa-names.csv", "geography/msoa21_names_hcl_2.2.csv")]:
    put("fuzz_csv", name, head_lines(path, 4))
for path in sorted(glob.glob(os.path.join(DATA, "iod2019/File_2*.csv"))):
    put("fuzz_csv", "iod2019-file2.csv", head_lines(path, 4))
put("fuzz_csv", "hand-quotes.csv", '\ufeffa,"b ""quoted""","c\r\nd"\r\n,,\n"",x\n"unterminated')

# Postcodes as typed.
for i, pc in enumerate(["S1 1AA", "s11aa", " S1  1AA ", "EC1A 1BB", "W1A 0AX", "GIR 0AA", "DN35 8RT", "B62 0AA",
                        "RM17 6SL", "PR7 1DP", "S1-1AA", "S1 1A", "12345", "\u00c5B1 1AA", ""]):
    put("fuzz_postcode", "pc-%02d" % i, pc)

# Durations: the hours text, then the minutes (FuzzedDataProvider reads a bool from the end).
for i, (h, m) in enumerate([("2", ""), ("1.5", "30"), ("0", "45"), ("", "59"), ("24", "0"), ("1e300", ""),
                            ("-1", ""), ("1.33", ""), ("nan", ""), ("0x10", ""), ("2.0000001", "60"), (" 3 ", " 15 ")]):
    put("fuzz_duration", "d-%02d" % i, h.replace("\\", "\\\\") + "\\ " + m + chr(i % 2))

# Query strings and forms.
for i, q in enumerate(["q=food+bank&category=a&category=b", "next=%2Fa%0D%0ASet-Cookie%3A%20x%3D1",
                       "next=/%09/evil.example", "q=%FF", "q=%C3%28", "a=%", "a=%4", "%%41=1&&=&x",
                       "page=2&sort=name&area=E08000019&postcode=S1+1AA"]):
    put("fuzz_query", "q-%02d" % i, q)
for i, f in enumerate(["email=a%40b.example&password=correct+horse&next=%2Fhome",
                       "title=%3Cscript%3E&days=MO&days=WE&csrf=abc", "=&=&a", "a=%ZZ&b=%E2%82%AC"]):
    put("fuzz_form_input", "f-%02d" % i, f)

# JSON bodies as the API receives them.
for i, j in enumerate(['{"email":"a@b.example","password":"x"}',
                       '{"hours":"1.5","minutes":30,"memo":"Gardening","to":17}',
                       '{"days":["MO","WE"],"tags":[],"n":null,"o":{"a":[1,2,{"b":true}]}}',
                       '{"email":{"a":{"a":{"a":{}}}}}', '{"\\ud800":"\\udfff"}', '[1,2]', '{"a":1e400}']):
    put("fuzz_json_input", "j-%02d" % i, j)

# Multipart parts (FuzzedDataProvider strings end at "\\ ").
put("fuzz_multipart_input", "m-00", "title\\ \\ text/plain\\ A story\\ photo\\ me.jpg\\ image/jpeg\\ \xff\xd8\xff\\ ")
put("fuzz_multipart_input", "m-01", "a\\ \\ \\ 1\\ a\\ \\ \\ 2\\ ")

# Templates: one byte chooses the template, the rest is hostile data.
hostile = {"title": "<script>alert(1)</script>", "name": "\"'><img src=x onerror=alert(1)>",
           "user": {"name": "{{x}}", "roles": ["admin"]}, "errors": [{"field": "email", "message": "<b>"}],
           "items": [{"id": 1, "name": "a"}, {"id": "2", "name": None}], "flash": "&amp;", "q": "\u0000\u202e",
           "next": "javascript:alert(1)", "page": {"number": 1e308}, "csrf": "x"}
for i in range(0, 256, 17):
    put("fuzz_template", "t-%03d" % i, bytes([i]) + json.dumps(hostile).encode())
put("fuzz_template", "t-array", b"\x05" + json.dumps([hostile, 1, "x"]).encode())
put("fuzz_template", "t-plain", b"\x09" + b"<b>{{title}}</b> & \"quotes\" 'single'")

# The boundary: the first byte chooses the function (see fuzz_boundary.cpp).
for i, (sel, body) in enumerate([(0, '{"email":{"a":{"a":[1,2,"\\u00e9"]}}}'), (0, '[' * 20 + ']' * 20),
                                 (1, "caf\u00e9 \u20ac \U0001F600"), (1, b"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80"),
                                 (2, "/directory?q=a"), (2, "/%09/evil.example"), (2, "/%5Cevil.example"),
                                 (2, "/a%0D%0ASet-Cookie:%20x=1"), (2, "//evil.example"), (2, "/../x"),
                                 (3, "application/json"), (3, "application/json; charset=utf-8"),
                                 (3, "text/plain;charset=application/json"), (3, "Application/JSON ;x=y"),
                                 (4, "10.0.0.1\\ 1\\ 10.0.0.1\\ 203.0.113.9, 10.0.0.1\x01"),
                                 (5, "/directory\\ q\\ %FF\\ accept\\ text/html\\ \x02\x01\x00"),
                                 (6, '{"email":"a@b.example","password":"x"}\x01'),
                                 (7, "/directory/services?q=caf%C3%A9+bar&day=MO&day=TU#top"), (7, "/a%2Fb?%FF=%"),
                                 (8, "key\\ value with spaces\\ caf\u00e9\\ "),
                                 (9, 'multipart/form-data; boundary="x y"\\ --x y\r\nContent-Disposition: form-data; '
                                     'name="title"\r\n\r\nHello\r\n--x y--\r\n'),
                                 (10, "title\\ \\ A story\\ photo\\ me.jpg\\ \xff\xd8\xff\\ \x01\x00\x02\x03")]):
    put("fuzz_boundary", "b-%02d" % i, bytes([sel]) + (body if isinstance(body, bytes) else body.encode()))

# Photos: small JPEGs (with and without EXIF orientation) made with the tests' own
# writer (tests/support/images.cpp, libjpeg and libpng), and PNGs of the other
# colour types written here by hand.
photo_dir = os.path.join(OUT, "fuzz_photo")
os.makedirs(photo_dir, exist_ok=True)
gen_src = os.path.join(photo_dir, "gen.cpp")
with open(gen_src, "w") as f:
    f.write('''#include <fstream>
#include "support/images.h"
using namespace kith::testing;
static void save(const char* n, const std::string& b) { std::ofstream(n, std::ios::binary) << b; }
int main() {
  save("plain.jpg", write_jpeg(halves(24, 16), "", ""));
  save("exif-6.jpg", write_jpeg(halves(16, 24), exif(6), "a comment"));
  save("exif-3.jpg", write_jpeg(halves(9, 7), exif(3), ""));
  save("exif-8.jpg", write_jpeg(halves(5, 40), exif(8), ""));
  save("rgb.png", write_png(halves(16, 12)));
}
''')
exe = os.path.join(photo_dir, "gen")
subprocess.run(["c++", "-std=c++20", "-I", os.path.join(ROOT, "tests"), gen_src,
                os.path.join(ROOT, "tests/support/images.cpp"), "-ljpeg", "-lpng", "-o", exe], check=True)
subprocess.run([exe], cwd=photo_dir, check=True)
os.remove(gen_src)
os.remove(exe)


def png(width, height, colour_type, depth, rows, palette=None, interlace=0):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, interlace)
    body = chunk(b"IHDR", ihdr) + (chunk(b"PLTE", palette) if palette else b"")
    raw = b"".join(b"\0" + r for r in rows)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


put("fuzz_photo", "grey.png", png(4, 4, 0, 8, [bytes([x * 60 for x in range(4)])] * 4))
put("fuzz_photo", "grey-alpha.png", png(3, 3, 4, 8, [bytes([200, 128] * 3)] * 3))
put("fuzz_photo", "rgba.png", png(3, 2, 6, 8, [bytes([255, 0, 0, 128] * 3)] * 2))
put("fuzz_photo", "palette.png", png(4, 2, 3, 2, [bytes([0b00011011])] * 2, palette=bytes([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255])))
put("fuzz_photo", "deep.png", png(2, 2, 2, 16, [bytes(range(12))] * 2))
put("fuzz_photo", "one-bit.png", png(8, 1, 0, 1, [bytes([0b10101010])]))
put("fuzz_photo", "huge-header.png", png(100000, 100000, 2, 8, [b"\0\0\0"]))

# Dictionaries: JSON's tokens for every JSON harness; HSDS and ORUK field names for the
# importers, from the specification's schemas and Bristol's feed.
DICT = os.path.join(ROOT, "tests", "fuzz", "dict")
shutil.rmtree(DICT, ignore_errors=True)
os.makedirs(DICT)
json_tokens = ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"true"', '"false"', '"null"', '"-0"', '"1e309"',
               '"0.5"', '"\\\\u0000"', '"\\\\ud800"', '"\\\\udc00"', '"\\\\\\\\"', '"\\xc3\\xa9"', '"\\xff"']


def property_names(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict):
                out.update(v.keys())
            property_names(v, out)
    elif isinstance(node, list):
        for v in node:
            property_names(v, out)


hsds_names = set()
for path in glob.glob(os.path.join(DATA, "openreferral/hsds3/schema/*.json")):
    property_names(json.loads(read(path)), hsds_names)
oruk1_names = set()
for s in bristol[:200]:
    stack = [s]
    while stack:
        n = stack.pop()
        if isinstance(n, dict):
            oruk1_names.update(n.keys())
            stack.extend(n.values())
        elif isinstance(n, list):
            stack.extend(n)


def write_dict(name, entries):
    with open(os.path.join(DICT, name + ".dict"), "w") as f:
        f.write("# libFuzzer dictionary made by tests/fuzz/make_seeds.py\n")
        for e in entries:
            f.write(e + "\n")


quoted = lambda names: ['"\\"%s\\""' % n for n in sorted(names) if n.isascii() and '"' not in n and "\\" not in n]
write_dict("fuzz_boundary", json_tokens + ['"%s"' % t for t in [
    "application/json", "multipart/form-data; boundary=", "Content-Disposition: form-data; name=", "filename=",
    "%0D%0A", "%09", "%5C", "%2F", "..", "::ffff:", "127.0.0.1", "sec-fetch-site", "origin", "content-type"]])
write_dict("fuzz_json_input", json_tokens + quoted(["email", "password", "next", "hours", "minutes", "memo", "days"]))
write_dict("fuzz_template", json_tokens + quoted(["title", "name", "user", "errors", "items", "flash", "csrf", "page",
                                                  "field", "message", "roles", "data", "results", "links"]))
write_dict("fuzz_hsds_json", json_tokens + quoted(hsds_names | {"contents", "service_at_locations", "taxonomy_term"}))
write_dict("fuzz_oruk1", json_tokens + quoted(oruk1_names))
csv_tokens = ['"\\""', '","', '"\\x0d\\x0a"', '"\\"\\""', '"\\xef\\xbb\\xbf"', '"nan"', '"-inf"', '"1e400"', '"\\xff"']
write_dict("fuzz_csv", csv_tokens)
write_dict("fuzz_tabular", csv_tokens + ['"==> %s.csv\\x0a"' % t for t in [
    "services", "locations", "addresses", "organizations", "taxonomies", "taxonomy_terms", "attributes", "schedules",
    "phones", "contacts", "service_at_location", "cost_options"]] + quoted(hsds_names))
write_dict("fuzz_spreadsheet", csv_tokens + ['"%s"' % n for n in [
    "Group name", "Post code", "Lat", "Lon", "Type", "Days", "Opens", "Closes", "Website", "Email", "Phone", "Address",
    "Town", "About", "Run by", "#map ", "name=", "Mon", "Tuesday", "10:00", "2pm", "S1 1AA"]])
