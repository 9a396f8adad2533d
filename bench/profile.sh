#!/usr/bin/env bash
# bench/profile.sh - profiles one `versus build` of the N-document corpus (default 1000) with callgrind
# and, when hardware counters work (`perf stat -e instructions true`), with perf record.
# Writes $WORK/profile/{callgrind.out,inclusive.txt,exclusive.txt[,perf.txt]}; the findings are
# summarised by hand in bench/profile.md, which bench/run.sh appends to BENCHMARKS.md.
#
#   bash bench/profile.sh            # after `make release` (or swift build -c release --product versus)
#   N=1000 TOP=30 bash bench/profile.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
N="${N:-1000}"
TOP="${TOP:-30}"
WORK="${WORK:-/tmp/versus-bench}"
VERSUS="${VERSUS:-$REPO/.build/release/versus}"
TEMPLATES="${TEMPLATES:-$REPO/templates}"
P="$WORK/profile"
OUT="/dev/shm/versus-profile-$$"

log() { printf '[profile %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v valgrind >/dev/null || { echo "profile.sh: valgrind is required (apt-get install valgrind)" >&2; exit 1; }
[ -x "$VERSUS" ] || { echo "profile.sh: no versus binary at $VERSUS" >&2; exit 1; }

mkdir -p "$P"
if [ ! -d "$WORK/$N/plain" ]; then
  log "generating the N=$N corpus"
  python3 "$HERE/gen_corpus.py" "$N" "$WORK/$N/plain"
fi
cd "$WORK"   # no site.yml here
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }

# Valgrind 3.19 (Debian 12) cannot read the DWARF 5 that Swift 6 emits ("unhandled dwarf2 abbrev form code
# 0x25 ... Giving up"): profile a copy without debug sections; the symbol table is kept, so functions are named.
PROFILED="$P/versus-nodebug"
objcopy --strip-debug "$VERSUS" "$PROFILED"
log "callgrind: versus build of N=$N (several minutes: callgrind runs about 50x slower)"
rm -rf "$OUT"
valgrind --tool=callgrind --callgrind-out-file="$P/callgrind.out" \
  "$PROFILED" build --content "$WORK/$N/plain" --templates "$TEMPLATES" --output "$OUT" > "$P/valgrind.log" 2>&1
rm -rf "$OUT"
callgrind_annotate --inclusive=yes --threshold=100 "$P/callgrind.out" 2>/dev/null | demangle > "$P/inclusive-full.txt"
callgrind_annotate --inclusive=no --threshold=100 "$P/callgrind.out" 2>/dev/null | demangle > "$P/exclusive-full.txt"
for kind in inclusive exclusive; do
  awk -v top="$TOP" '/^-+$/{d++} d>=4 && NF && !/^-+$/{print; if (++c>=top) exit}' "$P/$kind-full.txt" > "$P/$kind.txt"
done
grep -m1 -E 'PROGRAM TOTALS|Ir' "$P/exclusive-full.txt" || true
log "top $TOP inclusive: $P/inclusive.txt; exclusive: $P/exclusive.txt"

if command -v perf >/dev/null && perf stat -e instructions true 2>&1 | grep -q '[0-9] *instructions'; then
  log "perf record"
  rm -rf "$OUT"
  perf record -g -o "$P/perf.data" "$VERSUS" build --content "$WORK/$N/plain" --templates "$TEMPLATES" --output "$OUT" >/dev/null 2>&1
  rm -rf "$OUT"
  perf report -i "$P/perf.data" --no-children --stdio 2>/dev/null | demangle | head -80 > "$P/perf.txt"
  log "perf: $P/perf.txt"
else
  log "perf: hardware counters are not available here (perf stat -e instructions: <not supported>); skipped"
fi
