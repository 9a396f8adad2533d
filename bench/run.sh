#!/usr/bin/env bash
# bench/run.sh - Versus benchmark harness (issue 6). `make bench` runs it after a release build.
#
# For every corpus size N it times, with hyperfine (1 warm-up, median of RUNS runs), on the same
# deterministic "Key Differences" corpus (bench/gen_corpus.py):
#   versus-build   versus build into a fresh output folder (removed before every run)
#   versus-noop    versus build again into the same output folder, nothing changed
#   versus-edit    versus build again into the same output folder after one document's text changed
#   hugo           Hugo (Debian package), minimal layouts as in peers.sh, corpus copies with front matter
#   cmark-1proc    the cmark CLI over all N documents in one process (`cmark plain/*.md > /dev/null`)
#   cp-floor       `cp -r` of the N documents
#   floor          = cmark-1proc + cp-floor (computed, the "physical" floor)
# and on the largest corpus (CHECK_N) it checks the links of the Versus site (versus check right after
# that size's build rows, so that the two are measured in the same state of the machine) with
#   versus-check   `versus check SITE` (skipped with a note when the subcommand does not exist)
#   versus-build-check  `versus build --check` into a fresh output folder (the check before publishing)
#   htmlproofer    internal links only (--disable-external), run once, capped by CHECK_TIMEOUT
#   linkchecker    internal links only (the default; no --check-extern), run once, capped by CHECK_TIMEOUT
# Peak RSS is `/usr/bin/time -f %M` (largest single process). Outputs go to tmpfs (OUT_ROOT).
# The results are written to BENCHMARKS.md (machine, tool versions, command, date, tables, targets),
# followed by bench/profile.md when it exists.
#
#   make bench                                  # 1,000, 10,000 and 100,000 documents
#   SIZES="1000 10000" bash bench/run.sh        # without the 100,000 size (about 10 min on 2 cores)
#   SIZES="1000" RUNS=3 bash bench/run.sh       # quick run
#
# Environment knobs (all optional):
#   SIZES          corpus sizes                              (default "1000 10000 100000")
#   RUNS           timed runs per row      (default: 5 for N<=1000, 3 above, 1 from 100,000)
#   WARMUP         untimed warm-up runs per row              (default 1, every size)
#   RSS_RUNS       /usr/bin/time runs for peak RSS           (default 3; 1 when a run takes > 5 s)
#   CHECK_N        corpus whose Versus site is link-checked  (default: 10000 if in SIZES, else the largest)
#   CHECKS         0 = skip the link-checker rows            (default 1)
#   CHECK_RUNS     timed runs of versus check                (default: RUNS)
#   CHECK_TIMEOUT  cap in seconds for htmlproofer/linkchecker (default 600)
#   SERVE_N        corpus for the edit-to-page rows of versus serve / hugo server (default CHECK_N; 0 = skip)
#   WORK           corpora, logs and raw results             (default /tmp/versus-bench)
#   OUT_ROOT       where the outputs are written             (default /dev/shm/versus-bench, tmpfs)
#   VERSUS         the versus binary                         (default .build/release/versus)
#   TEMPLATES      the templates folder                      (default templates/)
#   REPORT         the Markdown file written                 (default BENCHMARKS.md; "-" = stdout only)
#   SKIP_INSTALL=1 do not apt-get install missing tools
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
GEN="$HERE/gen_corpus.py"
SIZES="${SIZES:-1000 10000 100000}"
WARMUP="${WARMUP:-1}"
WORK="${WORK:-/tmp/versus-bench}"
OUT_ROOT="${OUT_ROOT:-/dev/shm/versus-bench}"
VERSUS="${VERSUS:-$REPO/.build/release/versus}"
TEMPLATES="${TEMPLATES:-$REPO/templates}"
REPORT="${REPORT:-$REPO/BENCHMARKS.md}"
CHECKS="${CHECKS:-1}"
CHECK_TIMEOUT="${CHECK_TIMEOUT:-600}"
RESULTS="$WORK/results.tsv"
NOTES="$WORK/notes.txt"
START_EPOCH="$(date +%s)"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
note() { printf '%s\n' "$*" >> "$NOTES"; log "note: $*"; }

# The exact command, as it can be pasted back: the knobs that were set, then the script.
COMMAND=""
for knob in SIZES RUNS WARMUP RSS_RUNS CHECK_N CHECKS CHECK_RUNS CHECK_TIMEOUT SERVE_N WORK OUT_ROOT VERSUS TEMPLATES REPORT SKIP_INSTALL; do
  if printenv "$knob" >/dev/null 2>&1; then COMMAND+="$knob=$(printf '%q' "$(printenv "$knob")") "; fi
done
COMMAND+="bash bench/run.sh"
if [ "${MAKELEVEL:-}" != "" ]; then COMMAND="make bench  (runs: $COMMAND)"; fi

# ------------------------------------------------------------------ install
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  pkgs=()
  have cmark       || pkgs+=(cmark)
  have hugo        || pkgs+=(hugo)
  have hyperfine   || pkgs+=(hyperfine)
  have python3     || pkgs+=(python3)
  [ -x /usr/bin/time ] || pkgs+=(time)
  if [ "$CHECKS" = 1 ]; then
    have linkchecker || pkgs+=(linkchecker)
    have htmlproofer || pkgs+=(ruby-html-proofer)
  fi
  if [ ${#pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
      log "apt-get install ${pkgs[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    else
      die "missing tools; run:  sudo apt-get update && sudo apt-get install -y ${pkgs[*]}"
    fi
  fi
fi
for t in python3 hyperfine cmark hugo; do have "$t" || die "$t is required"; done
[ -x /usr/bin/time ] || die "/usr/bin/time (Debian package time) is required"
[ -x "$VERSUS" ] || die "no versus binary at $VERSUS; build it first: swift build -c release --product versus"
[ -d "$TEMPLATES" ] || die "no templates folder at $TEMPLATES"
[ -f "$GEN" ] || die "no corpus generator at $GEN"
case "$OUT_ROOT" in /*) ;; *) die "OUT_ROOT must be an absolute path" ;; esac

mkdir -p "$WORK" "$OUT_ROOT"
: > "$RESULTS"; : > "$NOTES"
# Versus reads site.yml from the working directory: run everything from $WORK, which has none.
cd "$WORK"
[ ! -e site.yml ] || die "$WORK/site.yml exists; it would change the Versus build"

CHECK_N="${CHECK_N:-}"
if [ -z "$CHECK_N" ]; then
  for n in $SIZES; do
    if [ "$n" = 10000 ]; then CHECK_N=10000; fi
  done
  if [ -z "$CHECK_N" ]; then CHECK_N="$(printf '%s\n' $SIZES | sort -n | tail -1)"; fi
fi

# `build` is the default subcommand, so `versus check --help` may print build's help and succeed:
# look for check's own usage line instead.
HAVE_CHECK=0
if "$VERSUS" check --help 2>&1 | grep -q 'USAGE: versus check'; then HAVE_CHECK=1; fi

# ------------------------------------------------------------------ machine and versions
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "command=$COMMAND"
  echo "cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
  echo "nproc=$(nproc)"
  echo "memory=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os=$(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "out_fs=$(df -T "$OUT_ROOT" | awk 'NR==2{print $2}')"
  echo "commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown) (Sources last changed in $(git -C "$REPO" log -1 --format=%h -- Sources 2>/dev/null || echo unknown))$(git -C "$REPO" diff --quiet HEAD -- Sources 2>/dev/null || echo ', with uncommitted changes to Sources')"
  echo "versus=$("$VERSUS" --version 2>&1 | head -1)"
  echo "swift=$(swift --version 2>&1 | head -1 || echo unknown)"
  echo "hugo=$(hugo version | head -1)"
  echo "cmark=$(cmark --version | head -1)"
  echo "hyperfine=$(hyperfine --version)"
  echo "checks=$CHECKS"
  if [ "$CHECKS" = 1 ]; then
    have linkchecker && echo "linkchecker=$(linkchecker --version 2>/dev/null | grep -m1 -i linkchecker)"
    have htmlproofer && echo "htmlproofer=$(htmlproofer --version 2>&1 | head -1)"
  fi
} > "$WORK/machine.txt"
log "machine: $(nproc) cores, $(sed -n 's/^memory=//p' "$WORK/machine.txt"), $(sed -n 's/^os=//p' "$WORK/machine.txt")"
log "work dir $WORK, outputs under $OUT_ROOT ($(sed -n 's/^out_fs=//p' "$WORK/machine.txt"))"

# ------------------------------------------------------------------ corpora
make_hugo_site() { # dir  (exactly the minimal layouts of peers.sh)
  local d="$1"
  mkdir -p "$d/layouts/_default"
  cat > "$d/config.toml" <<'EOF'
baseURL = "http://localhost/"
title = "bench"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
EOF
  cat > "$d/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>
{{ .Content }}
</main></body></html>
EOF
  cat > "$d/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
EOF
  cat > "$d/layouts/index.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><main><h1>{{ .Site.Title }}</h1>
<ul>{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
EOF
}

# The corpus is reused when the stamp (generator checksum + N) matches: same generator => same bytes.
prepare_corpus() { # N
  local n="$1" d="$WORK/$1"
  local stamp; stamp="$(sha256sum "$GEN" | cut -c1-16) n=$n"
  if [ -f "$d/.stamp" ] && [ "$(cat "$d/.stamp")" = "$stamp" ] && [ -d "$d/plain" ] && [ -d "$d/hugo/content" ]; then
    log "N=$n: reusing corpus in $d"
    return 0
  fi
  log "N=$n: generating corpus in $d"
  rm -rf "$d"; mkdir -p "$d"
  python3 "$GEN" "$n" "$d/plain"
  make_hugo_site "$d/hugo"
  python3 "$GEN" "$n" "$d/hugo/content" --hugo
  echo "$stamp" > "$d/.stamp"
  sync
}

# ------------------------------------------------------------------ measuring
# Machine-wide busy CPU seconds so far (all cores, from /proc/stat); with the rows' own CPU time this
# shows how much CPU other processes took while a row was measured (this machine may be shared).
busy_cpu_s() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu /{printf "%.2f", ($2+$3+$4+$7+$8+$9)/hz; exit}' /proc/stat
}

median_of() { # json -> median seconds
  python3 -c 'import json,sys;print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}

# bench NAME N PREPARE CMD OUTDIR [GLOB]  - hyperfine row; PREPARE/CMD are bash strings.
bench() {
  local name="$1" n="$2" prep="$3" cmd="$4" outdir="$5" glob="${6:-*.html}" runs="${7:-}"
  local d="$WORK/$n" json="$WORK/$n/$name.json" rssf="$WORK/$n/$name.rss"
  if [ -z "$runs" ]; then
    runs="${RUNS:-}"
    if [ -z "$runs" ]; then if [ "$n" -le 1000 ]; then runs=5; elif [ "$n" -lt 100000 ]; then runs=3; else runs=1; fi; fi
  fi
  # Every row gets its warm-up, the 100,000-document ones too although they run for minutes: on this
  # VM the first touch of guest memory that the host has taken back traps to the host, so a cold run
  # pays for every page it writes or allocates (Versus's 100,000 build: 40.5 s cold, 29-31 s warm in
  # one session). Without a warm-up the first row of a size paid it and the rows after it did not.
  log "$name N=$n: $runs runs (+$WARMUP warm-up): $cmd"
  local t0 b0; t0="$(date +%s.%N)"; b0="$(busy_cpu_s)"
  if ! hyperfine --style none --shell bash --warmup "$WARMUP" --runs "$runs" \
      --prepare "$prep" --export-json "$json" "$cmd" > "$d/$name.log" 2>&1; then
    log "$name N=$n FAILED (see $d/$name.log):"; tail -5 "$d/$name.log" >&2
    printf '%s\t%s\tFAILED\t-\t-\t-\t-\t-\t-\t-\t-\n' "$name" "$n" >> "$RESULTS"
    return 0
  fi
  local pages="-"
  if [ -n "$outdir" ] && [ -d "$outdir" ]; then pages="$(find "$outdir" -name "$glob" -type f | wc -l)"; fi
  local median rr; median="$(median_of "$json")"
  rr="${RSS_RUNS:-}"
  if [ -z "$rr" ]; then rr=3; python3 -c 'import sys;sys.exit(0 if float(sys.argv[1])>5 else 1)' "$median" && rr=1; fi
  : > "$rssf"
  for _ in $(seq "$rr"); do
    bash -c "$prep"
    /usr/bin/time -f '%M' -a -o "$rssf" bash -c "$cmd" >/dev/null 2>&1 || true
  done
  local t1 b1; t1="$(date +%s.%N)"; b1="$(busy_cpu_s)"
  python3 - "$json" "$rssf" "$name" "$n" "$pages" "$t0" "$t1" "$b0" "$b1" "$(( runs + WARMUP + rr ))" "$(nproc)" >> "$RESULTS" <<'EOF'
import json, statistics, sys
j, rssf, name, n, pages, t0, t1, b0, b1, execs, ncpu = sys.argv[1:]
r = json.load(open(j))["results"][0]
rss = [int(x) for x in open(rssf).read().split() if x.strip().isdigit()]
# CPU share of the machine taken by other processes while this row ran (own runs estimated from the mean).
elapsed = float(t1) - float(t0)
own = (r["user"] + r["system"]) * int(execs)
other = max(0.0, (float(b1) - float(b0) - own) / (elapsed * int(ncpu))) if elapsed > 0 else 0.0
print("\t".join(str(x) for x in (
    name, n, len(r["times"]), "%.4f" % r["median"], "%.4f" % r["min"], "%.4f" % r["max"],
    "%.3f" % (r["user"] + r["system"]),
    "%.0f" % (statistics.median(rss) / 1024) if rss else "-", pages, "", "%.2f" % other)))
EOF
  tail -1 "$RESULTS" | awk -F'\t' '{printf "[bench]   median %ss (min %s, max %s)  cpu %ss  peak %s MiB  files %s  other processes %.0f%% of the CPUs\n",$4,$5,$6,$7,$8,$9,$11*100}' >&2
}

# once NAME N TIMEOUT CMD  - one timed run (slow checkers): wall and peak RSS from /usr/bin/time.
once() {
  local name="$1" n="$2" cap="$3" cmd="$4"
  local d="$WORK/$n" tf="$WORK/$n/$name.time" status=0
  log "$name N=$n: 1 run, capped at ${cap} s: $cmd"
  : > "$tf"
  local b0; b0="$(busy_cpu_s)"
  /usr/bin/time -f '%e %M %U %S' -o "$tf" timeout "$cap" bash -c "$cmd" > "$d/$name.log" 2>&1 || status=$?
  local wall rss cpu
  wall="$(awk 'END{print $1}' "$tf")"; rss="$(awk 'END{printf "%.0f", $2/1024}' "$tf")"
  cpu="$(awk 'END{printf "%.2f", $3+$4}' "$tf")"
  local extra="exit $status"
  if [ "$status" = 124 ]; then extra="timeout"; fi
  local b1 other; b1="$(busy_cpu_s)"
  other="$(awk -v b0="$b0" -v b1="$b1" -v own="$cpu" -v w="$wall" -v c="$(nproc)" 'BEGIN{o=(b1-b0-own)/(w*c); if (o<0) o=0; printf "%.2f", o}')"
  printf '%s\t%s\t1\t%s\t%s\t%s\t%s\t%s\t-\t%s\t%s\n' "$name" "$n" "$wall" "$wall" "$wall" "$cpu" "$rss" "$extra" "$other" >> "$RESULTS"
  log "  wall ${wall}s  cpu ${cpu}s  peak ${rss} MiB  ($extra; log $d/$name.log)  other processes $other of the CPUs"
}

for n in $SIZES; do
  prepare_corpus "$n"
  d="$WORK/$n"; o="$OUT_ROOT/$n"
  rm -rf "$o"; mkdir -p "$o"
  bench versus-build "$n" "rm -rf '$o/versus'" \
    "'$VERSUS' build --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus'" "$o/versus"
  # The largest page and what the quick find's first query downloads, on the site just built.
  python3 "$HERE/site_sizes.py" "$o/versus" > "$d/sizes.txt" || note "site_sizes.py failed on the N=$n site"
  # One more full build with --timings: where the time goes, stage by stage (wall and CPU seconds).
  rm -rf "$o/versus-stages"
  "$VERSUS" build --content "$d/plain" --templates "$TEMPLATES" --output "$o/versus-stages" --timings 2> "$d/versus-stages.txt" >/dev/null || true
  rm -rf "$o/versus-stages"
  # No-op rebuild: the output holds the previous (identical) build; nothing is removed before a run.
  bench versus-noop "$n" "test -f '$o/versus/.versus-site' || '$VERSUS' build --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus' >/dev/null 2>&1" \
    "'$VERSUS' build --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus'" "$o/versus"
  # One document edited (its last line added or taken away before each run, a change of its text only),
  # then built again into the same output: the state beside it and the pages it keeps (issue 16).
  documents=("$d/plain"/*.md); edited="${documents[0]}"; unset documents
  toggle="if tail -1 '$edited' | grep -q '^Edited by the bench'; then sed -i '\$d' '$edited'; else echo 'Edited by the bench.' >> '$edited'; fi"
  bench versus-edit "$n" "$toggle; test -f '$o/versus/.versus-site' || '$VERSUS' build --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus' >/dev/null 2>&1" \
    "'$VERSUS' build --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus'" "$o/versus"
  if tail -1 "$edited" | grep -q '^Edited by the bench'; then sed -i '$d' "$edited"; fi
  "$VERSUS" build --content "$d/plain" --templates "$TEMPLATES" --output "$o/versus" >/dev/null 2>&1 || true
  # `versus check` of this site right after its builds: the goal compares the two, and rows measured
  # minutes apart (after the larger sizes) met a machine whose memory the host had taken back.
  if [ "$CHECKS" = 1 ] && [ "$n" = "$CHECK_N" ]; then
    if [ "$HAVE_CHECK" = 1 ]; then
      # A broken link makes `versus check` exit 1; the time still counts (-i), the status is noted.
      status=0; "$VERSUS" check "$o/versus" > "$d/versus-check.out" 2>&1 || status=$?
      [ "$status" = 0 ] || note "versus check exited $status on the N=$n site (see $d/versus-check.out)"
      bench versus-check "$n" "true" "'$VERSUS' check '$o/versus' >/dev/null 2>&1 || true" "" "*.html" "${CHECK_RUNS:-}"
      # The build that checks its pages before publishing them (issue 16: at most 25 % over the build).
      # Timed whatever its status (a broken link makes it exit 1 after the same work); the status is noted.
      status=0; "$VERSUS" build --check --content "$d/plain" --templates "$TEMPLATES" --output "$o/versus-checked" > "$d/versus-build-check.out" 2>&1 || status=$?
      [ "$status" = 0 ] || note "versus build --check exited $status on the N=$n site (see $d/versus-build-check.out)"
      rm -rf "$o/versus-checked"
      bench versus-build-check "$n" "rm -rf '$o/versus-checked'" \
        "'$VERSUS' build --check --content '$d/plain' --templates '$TEMPLATES' --output '$o/versus-checked' >/dev/null 2>&1 || true" "$o/versus-checked" "" "${CHECK_RUNS:-}"
      rm -rf "$o/versus-checked"
    else
      note "versus check: this build has no \`check\` subcommand (\`versus check --help\` does not show its usage), so the versus-check row and its targets are not measured"
    fi
  fi
  bench hugo "$n" "rm -rf '$o/hugo'" "hugo --quiet -s '$d/hugo' -d '$o/hugo'" "$o/hugo"
  # One cmark process over every document: cmark concatenates its inputs, so piping them in is the
  # same work; above 50,000 files one command line of names is too long for the kernel (exit 126).
  if [ "$n" -le 50000 ]; then
    bench cmark-1proc "$n" "true" "cmark '$d/plain'/*.md > /dev/null" ""
  else
    bench cmark-1proc "$n" "true" "find '$d/plain' -name '*.md' -print0 | sort -z | xargs -0 cat | cmark > /dev/null" ""
  fi
  bench cp-floor "$n" "rm -rf '$o/cp'" "cp -r '$d/plain' '$o/cp'" "$o/cp" "*.md"
  rm -rf "$o/hugo" "$o/cp"
  if [ "$n" != "$CHECK_N" ]; then rm -rf "$o"; fi
done

# ------------------------------------------------------------------ link checkers
if [ "$CHECKS" = 1 ]; then
  n="$CHECK_N"; site="$OUT_ROOT/$n/versus"
  if [ ! -f "$site/.versus-site" ]; then
    log "N=$n: building the Versus site to check"
    "$VERSUS" build --content "$WORK/$n/plain" --templates "$TEMPLATES" --output "$site" >/dev/null
  fi
  log "checking $site with the other checkers: $(find "$site" -name '*.html' | wc -l) html files"
  if have htmlproofer; then
    once htmlproofer "$n" "$CHECK_TIMEOUT" "htmlproofer '$site' --disable-external --allow-hash-href --log-level :error"
  else
    note "htmlproofer is not installed; row skipped"
  fi
  if have linkchecker; then
    # Internal links only is linkchecker's default (no --check-extern). Started on the site folder, it
    # checks every file in it. As root it drops to the user nobody, which can read the tmpfs output.
    once linkchecker "$n" "$CHECK_TIMEOUT" "linkchecker --no-status --no-warnings '$site/'"
  else
    note "linkchecker is not installed; row skipped"
  fi
fi
rm -rf "$OUT_ROOT"

# ------------------------------------------------------------------ preview server
# Edit-to-page latency of `versus serve` and `hugo server` on the SERVE_N corpus (bench/serve_latency.py).
SERVE_N="${SERVE_N:-$CHECK_N}"
if [ "$SERVE_N" != 0 ]; then
  log "N=$SERVE_N: edit-to-page latency of versus serve and hugo server"
  /usr/bin/python3 "$HERE/serve_latency.py" "$SERVE_N" "$VERSUS" > "$WORK/serve.txt" 2> "$WORK/serve.err" \
    || note "serve_latency.py failed at N=$SERVE_N (see $WORK/serve.err)"
fi

# ------------------------------------------------------------------ report
ELAPSED=$(( $(date +%s) - START_EPOCH ))
if [ "$REPORT" = "-" ]; then
  python3 "$HERE/report.py" "$WORK" "$HERE/profile.md" "$ELAPSED" "$CHECK_N" "$CHECK_TIMEOUT"
else
  python3 "$HERE/report.py" "$WORK" "$HERE/profile.md" "$ELAPSED" "$CHECK_N" "$CHECK_TIMEOUT" > "$REPORT.tmp"
  mv "$REPORT.tmp" "$REPORT"
  log "wrote $REPORT (${ELAPSED} s)"
  sed -n '/^## Results/,/^## Profile/p' "$REPORT" | sed '$d' >&2
fi
