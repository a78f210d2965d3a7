#!/usr/bin/env bash
# clang-tidy over the program's sources (not its unit tests: CI time) with the checked-in .clang-tidy.
#   scripts/lint.sh [preset]     (needs a configured build/<preset>)
# The build uses GCC precompiled headers, which clang cannot read, so the compile
# commands are copied without them into build/lint first.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-debug}"
mkdir -p build/lint
node -e '
  const fs = require("fs");
  const db = JSON.parse(fs.readFileSync(process.argv[1], "utf8"))
    .filter(e => e.file.includes("/src/") && !e.file.includes("/build/") && !e.file.endsWith("_test.cpp"))
    .map(e => ({ ...e, command: e.command.replace(/ -Winvalid-pch| -include \S+cmake_pch\.hxx/g, "") }));
  fs.writeFileSync(process.argv[2], JSON.stringify(db, null, 1));
  for (const e of db) console.log(e.file);
' "build/$preset/compile_commands.json" build/lint/compile_commands.json | sort -u >build/lint/files.txt
echo "lint: clang-tidy on $(wc -l <build/lint/files.txt) files"
xargs -P "$(nproc)" -n 4 clang-tidy -p build/lint --quiet <build/lint/files.txt >build/lint/raw.txt 2>&1 || true
grep -v "warnings generated\|^Suppressed\|^Use -header-filter\|NOLINT" build/lint/raw.txt >build/lint/report.txt || true
cat build/lint/report.txt
if grep -q "error:" build/lint/report.txt; then echo "lint: clang-tidy found problems (above)"; exit 1; fi
echo "lint: clean"
