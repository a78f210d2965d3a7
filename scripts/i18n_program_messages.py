#!/usr/bin/env python3
"""The program's own words a person reads, for message catalogues: every
{"field", "Sentence"} pair in src/ (a form error, a page title, a label), as
tab-separated `source<TAB>msgid` lines in i18n/program.tsv, which is compiled in
(`kith i18n extract` and `check` add them to the templates' messages; the server
looks errors, flash messages and titles up in the catalogue). Run it after changing
such a message; the tests run it with --check and fail when the file is stale.

    scripts/i18n_program_messages.py [--check]      (writes or checks i18n/program.tsv)
"""
import os
import re
import sys

# {"field", "Sentence"}, and a problem type's {"code", status, "Title"}.
PAIR = re.compile(r'\{\s*"[a-z_-][a-z0-9_.-]*"\s*,\s*(?:\d+\s*,\s*)?"((?:[^"\\\n]|\\.)*)"\s*\}')
CODE = re.compile(r"(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH) ")


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out, src = os.path.join(here, "../i18n/program.tsv"), os.path.join(here, "../src")
    check = "--check" in sys.argv[1:]
    seen = {}
    for root, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if not name.endswith(".cpp") or name.endswith("_test.cpp") or name.startswith("demo") or "/tools" in root:
                continue
            path = os.path.join(root, name)
            rel = "src/" + os.path.relpath(path, src)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for m in PAIR.finditer(text):
                message = unescape(m.group(1))
                if re.match(r"[A-Z]", message) and " " in message and not CODE.match(message) and "\t" not in message:
                    seen.setdefault(message, rel)
    body = "".join("%s\t%s\n" % (rel, message.replace("\n", "\\n")) for message, rel in seen.items())
    current = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    if check:
        if current != body:
            sys.exit("i18n/program.tsv is stale: run scripts/i18n_program_messages.py (and translate what it adds)")
        print("i18n: program.tsv lists the program's %d messages" % len(seen))
    elif current != body:
        with open(out, "w", encoding="utf-8") as f:
            f.write(body)


if __name__ == "__main__":
    main()
