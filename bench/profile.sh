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
rm -rf "$OUT" "$P"/callgrind.out*
valgrind --tool=callgrind --callgrind-out-file="$P/callgrind.out" \
  "$PROFILED" build --content "$WORK/$N/plain" --templates "$TEMPLATES" --output "$OUT" > "$P/valgrind.log" 2>&1
rm -rf "$OUT"
# A run dumped midway (callgrind_control -d) leaves callgrind.out.1, ... and the last part in callgrind.out:
# annotate each part and sum them; call-chain roots are dropped (bench/merge_annotate.py).
parts=("$P"/callgrind.out*)
for kind in inclusive exclusive; do
  flag=yes; [ "$kind" = exclusive ] && flag=no
  files=()
  for part in "${parts[@]}"; do
    [ -s "$part" ] || continue
    callgrind_annotate --inclusive=$flag --threshold=100 "$part" 2>/dev/null | demangle > "$part.$kind.txt"
    files+=("$part.$kind.txt")
  done
  python3 "$HERE/merge_annotate.py" $((TOP + 30)) --exclusive "${files[@]}" | grep -v "'2 \[" | head -$((TOP + 2)) > "$P/$kind.txt" || true  # head closes the pipe early (SIGPIPE) by design
done
head -2 "$P/exclusive.txt"
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
