#!/usr/bin/env bash
# bench/code.sh - what build-time code highlighting costs (issue 14.3). `make bench` runs it after run.sh.
#
# For each N in SIZES it times (fresh output every run, 1 warm-up, the median wall time of RUNS):
#   plain        versus build of the usual corpus (bench/gen_corpus.py N)
#   code-off     versus build --no-highlight of the corpus with code (gen_corpus.py N --code: two fenced
#                blocks per document on average, none shared between documents)
#   code-pyg     versus build of the same corpus, highlighted by Pygments (one python3 worker)
# and prints the highlight stage's own time (--timings). The target: code-pyg at most 1.5x code-off.
#
#   CODE_SIZES="1000 10000" RUNS=3 bash bench/code.sh   (its own knob: `SIZES=... make bench` sets run.sh's sizes,
#                                                       and Pygments over 200,000 blocks takes many minutes)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SIZES="${CODE_SIZES:-1000 10000}"
RUNS="${RUNS:-3}"
WORK="${WORK:-/tmp/versus-bench-code}"
OUT_ROOT="${OUT_ROOT:-/dev/shm/versus-bench-code}"
VERSUS="${VERSUS:-$REPO/.build/release/versus}"
REPORT="${REPORT:-$HERE/code.md}"
mkdir -p "$WORK" "$OUT_ROOT"
{
  echo "# Highlighting benchmark (bench/code.sh)"
  echo
  echo "- **Date:** $(date -u +%Y-%m-%dT%H:%M:%SZ); $(nproc) cores; $("$VERSUS" --version); Pygments $(/usr/bin/python3 -c 'import pygments; print(pygments.__version__)' 2>/dev/null || echo missing)"
  echo "- **Command:** \`CODE_SIZES=\"$SIZES\" RUNS=$RUNS bash bench/code.sh\`"
  echo "- **Load average at the start:** $(cut -d' ' -f1-3 /proc/loadavg) (above the core count, wall times are inflated by other processes)"
  echo
  echo "| N | code blocks | plain corpus s | code corpus, --no-highlight s | code corpus, Pygments s | Pygments / no-highlight | highlight stage s (wall) |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
} > "$REPORT.tmp"
for n in $SIZES; do
  plain="$WORK/plain-$n"; code="$WORK/code-$n"
  [ -d "$plain" ] || python3 "$HERE/gen_corpus.py" "$n" "$plain"
  [ -d "$code" ] || python3 "$HERE/gen_corpus.py" "$n" "$code" --code
  # find, not a glob: 100,000 names are more than one command line holds.
  blocks=$(find "$code" -name '*.md' -exec cat {} + | grep -c '^```[a-z]' || true)
  out="$OUT_ROOT/site-$n"
  python3 "$HERE/code_time.py" "$WORK/h-$n.json" "$RUNS" "$out" \
    plain "$VERSUS" build --content "$plain" --templates "$REPO/templates" --output "$out" --force -- \
    code-off "$VERSUS" build --content "$code" --templates "$REPO/templates" --output "$out" --force --no-highlight -- \
    code-pyg "$VERSUS" build --content "$code" --templates "$REPO/templates" --output "$out" --force
  rm -rf "$out"
  stage=$("$VERSUS" build --content "$code" --templates "$REPO/templates" --output "$out" --force --timings 2>&1 \
    | sed -n 's/^versus: timing: highlight code: \([0-9.]*\) s.*/\1/p')
  python3 - "$WORK/h-$n.json" "$n" "$blocks" "$stage" >> "$REPORT.tmp" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
print("| %s | %s | %.3f | %.3f | %.3f | %.2f | %s |" % (sys.argv[2], sys.argv[3], runs["plain"], runs["code-off"],
      runs["code-pyg"], runs["code-pyg"] / runs["code-off"], sys.argv[4] or "-"))
PY
done
mv "$REPORT.tmp" "$REPORT"
cat "$REPORT"
