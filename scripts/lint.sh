#!/usr/bin/env bash
# clang-tidy over the program's sources (not its unit tests: CI time) with the checked-in .clang-tidy.
#   scripts/lint.sh [preset]     (needs web/dist, as scripts/setup.sh makes it)
# The build uses GCC precompiled headers, which clang cannot read, so the compile
# commands are copied without them into build/lint first.
# Most of clang-tidy's time goes on the standard library and JSON headers that every
# file includes, so the files of each module are checked together, a few at a time, in
# one translation unit that includes them (build/lint/unity/*.cpp): about a third of the
# time of one run per file. A group that does not compile together (two files with the
# same private helper) is checked file by file instead.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-debug}"
rm -rf build/lint/unity build/lint/out
mkdir -p build/lint/unity build/lint/out
# The build's own commands name CMake's unity files: the commands file by file come
# from the same preset configured without them (configuring only: a second or two).
cmake --preset "$preset" -B build/lint/db -DKITH_UNITY=OFF >/dev/null
python3 - build/lint/db/compile_commands.json build/lint <<'EOF'
import json, os, re, sys
from collections import defaultdict
source, out = sys.argv[1], sys.argv[2]
entries = [e for e in json.load(open(source))
           if "/src/" in e["file"] and "/build/" not in e["file"] and not e["file"].endswith("_test.cpp")]
for e in entries:
    e["command"] = re.sub(r" -Winvalid-pch| -include \S+cmake_pch\.hxx| -o \S+", "", e["command"])
groups = defaultdict(list)
for e in entries:
    module = e["file"].split("/src/", 1)[1].split("/")[0]
    groups[(module, e["command"].replace(e["file"], "FILE"))].append(e)
units, db = [], list(entries)
for (module, command), members in sorted(groups.items()):
    members.sort(key=lambda e: e["file"])
    size = 5  # files per unit: small enough to keep both cores busy to the end
    for i in range(0, len(members), size):
        chunk = members[i:i + size]
        unit = os.path.abspath(f"{out}/unity/{module}_{i // size}.cpp")
        with open(unit, "w") as f:
            for e in chunk:
                f.write(f'#include "{e["file"]}"  // NOLINT(bugprone-suspicious-include)\n')
        db.append({"directory": chunk[0]["directory"], "file": unit, "command": command.replace("FILE", unit)})
        weight = sum(os.path.getsize(e["file"]) for e in chunk)
        units.append((weight, unit, [e["file"] for e in chunk]))
json.dump(db, open(f"{out}/compile_commands.json", "w"), indent=1)
units.sort(reverse=True)  # the biggest first, so the last to finish are short
with open(f"{out}/units.txt", "w") as f:
    for _, unit, files in units:
        f.write(unit + "\t" + " ".join(files) + "\n")
print(f"lint: clang-tidy on {len(entries)} files in {len(units)} groups")
EOF
# One group: checked together, or file by file if the group does not compile as one.
check_unit() {
  local unit="${1%%$'\t'*}" files="${1#*$'\t'}" log
  log="build/lint/out/$(basename "$unit" .cpp).txt"
  clang-tidy -p build/lint --quiet "$unit" >"$log" 2>&1 || true
  if grep -q "clang-diagnostic-error" "$log"; then
    echo "lint: $(basename "$unit") does not compile as one; checking its files one by one"
    # shellcheck disable=SC2086 # the group's files, one word each
    clang-tidy -p build/lint --quiet $files >"$log" 2>&1 || true
  fi
}
export -f check_unit
tr '\n' '\0' <build/lint/units.txt | xargs -0 -P "$(nproc)" -n 1 bash -c 'check_unit "$0"'
cat build/lint/out/*.txt | grep -v "warnings generated\|^Suppressed\|^Use -header-filter\|NOLINT" >build/lint/report.txt || true
cat build/lint/report.txt
if grep -q "error:" build/lint/report.txt; then echo "lint: clang-tidy found problems (above)"; exit 1; fi
echo "lint: clean"
