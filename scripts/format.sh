#!/usr/bin/env bash
# clang-format over the C++ sources.   scripts/format.sh          rewrites in place
#                                      scripts/format.sh --check  fails on any difference
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files --cached --others --exclude-standard 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 2>/dev/null ||
  find src tests bench -name '*.cpp' -o -name '*.h')
if [[ "${1:-}" == --check ]]; then
  clang-format --dry-run -Werror "${files[@]}" || { echo "format: run scripts/format.sh to fix the files above"; exit 1; }
  echo "format: clean (${#files[@]} files)"
else
  clang-format -i "${files[@]}"
fi
