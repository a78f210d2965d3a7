#!/usr/bin/env python3
"""The program's own words a person reads, for message catalogues: every
{"field", "Sentence"} pair in src/ (a form error, a page title, a label) and every
tr("..."), msg("..."), tr_plural(n, "...", "...") and count_of(n, "..."[, "..."]) with
literal English (src/i18n/speaking.h), as tab-separated `source<TAB>msgid` lines
(`source<TAB>msgid<TAB>msgid_plural` for plurals) in i18n/program.tsv, which is compiled in
(`kith i18n extract` and `check` add them to the templates' messages; the server
looks errors, flash messages and titles up in the catalogue). Run it after changing
such a message; the tests run it with --check and fail when the file is stale.

    scripts/i18n_program_messages.py [--check]      (writes or checks i18n/program.tsv)
"""
import os
import re
import sys

# {"field", "Sentence"}, a problem type's {"code", status, "Title"}, and an error's
# Error{"code", "Sentence", {}} (the page says its message with tr()).
PAIR = re.compile(r'\{\s*"[a-z_-][a-z0-9_.-]*"\s*,\s*(?:\d+\s*,\s*)?"((?:[^"\\\n]|\\.)*)"\s*(?:,\s*\{\s*\}\s*)?\}')
CODE = re.compile(r"(SELECT|INSERT|UPDATE|DELETE|CREATE|WITH) ")


def unescape(s):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
CALL = re.compile(r"(?<![A-Za-z0-9_])(tr|msg|tr_plural|count_of|not_found)\(")


def call_args(text, start):
    """The top-level arguments of the call whose '(' is at text[start-1], as source text."""
    args, depth, i, begin = [], 0, start, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "'":
            i += 1
            while i < len(text) and text[i] != "'":
                i += 2 if text[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(text[begin:i].strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begin:i].strip())
            begin = i + 1
        elif c == ";":
            return None
        i += 1
    return None


def literal(arg):
    """The text of an argument made only of string literals ("a" "b" joined), else None."""
    if not arg or not arg.startswith('"'):
        return None
    parts = LITERAL.findall(arg)
    rest = LITERAL.sub("", arg).strip()
    return unescape("".join(parts)) if parts and not rest else None


def calls(text):
    """(msgid, msgid_plural or None) for each marked message with literal English."""
    for m in CALL.finditer(text):
        args = call_args(text, m.end())
        if not args:
            continue
        name = m.group(1)
        if name in ("tr", "msg", "not_found"):
            one = literal(args[0])
            if one:
                yield one, None
        elif len(args) >= 3 and literal(args[1]) and (name == "tr_plural" or literal(args[2])):
            yield (literal(args[1]), literal(args[2])) if name == "tr_plural" else (
                "{n} " + literal(args[1]), "{n} " + literal(args[2]))
        elif name == "count_of" and len(args) == 2 and literal(args[1]):
            yield "{n} " + literal(args[1]), "{n} " + literal(args[1]) + "s"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out, src = os.path.join(here, "../i18n/program.tsv"), os.path.join(here, "../src")
    check = "--check" in sys.argv[1:]
    seen = {}
    for root, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")) or name.endswith("_test.cpp") or "/tools" in root:
                continue
            path = os.path.join(root, name)
            rel = "src/" + os.path.relpath(path, src)
            with open(path, encoding="utf-8") as f:
                text = re.sub(r"(?m)^\s*//.*$", "", f.read())  # comments quote examples, not messages
            # Demo content is made up and stays as written: only what a demo file marks
            # with msg() (the demo directory's category names, shown in its filters).
            pairs = [] if name.startswith("demo") else PAIR.finditer(text)
            for m in pairs:
                message = unescape(m.group(1))
                if re.match(r"[A-Z]", message) and " " in message and not CODE.match(message) and "\t" not in message:
                    seen.setdefault(message, (rel, None))
            for message, plural in calls(text):
                if "\t" not in message:
                    seen.setdefault(message, (rel, plural))
    body = "".join("%s\t%s%s\n" % (rel, message.replace("\n", "\\n"), "\t" + plural.replace("\n", "\\n") if plural else "")
                   for message, (rel, plural) in seen.items())
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
