#!/usr/bin/env bash
# Compare mag with Hugo on the shared benchmark corpus (../shared/bench/).
#
#   benches/compare.sh                 # 1k and 10k articles, 5 runs each
#   RUNS=3 SIZES="1000" benches/compare.sh
#   PAUSE=5 (seconds of rest before each run), WORK=DIR (where to work)
#
# For each size it generates the corpus twice (mag and Hugo flavours, same bodies),
# then builds it with mag and with Hugo alternately, RUNS times each, into an empty
# folder, measuring wall time, CPU time (user + system) and peak RSS with
# /usr/bin/time. It prints the medians side by side with the ratio mag/Hugo.
# Installs hugo and time from Debian when missing (as root).
#
# The corpora and outputs go to WORK, by default a folder in /dev/shm (memory)
# when there is one: on the disk of a shared build machine, creating the 13,000
# files of a 10k-article site took anywhere from 1 to 13 s from one run to the
# next (ext4 inode allocation after recent deletions), the same for both tools,
# which drowns the difference between them. WORK=/tmp/mag-bench measures on disk.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
if [ -z "${WORK:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  WORK=/dev/shm/mag-bench
fi
WORK=${WORK:-/tmp/mag-bench}
GEN=${GEN:-../shared/bench/gen_corpus.py}
mkdir -p "$WORK"

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need hugo hugo
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release --quiet
MAG="$PWD/target/release/mag"

measure() { # label outdir command... → appends "wall cpu rss_kb" to $WORK/label.txt
  local label=$1 out=$2; shift 2
  rm -rf "$out"
  # A pause before each run, so that the kernel's clean-up after the previous one
  # (a Hugo run frees 4 GiB) is not billed to the next tool: on 2 cores it was.
  sleep "${PAUSE:-5}"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
    echo "failed: $*" >&2; cat "$WORK/stderr.txt" >&2; exit 1; }
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/time.txt" >>"$WORK/$label.txt"
}

echo "hugo: $(hugo version | cut -d' ' -f1-2)   mag: $($MAG --version)   runs: $RUNS   cores: $(nproc)   in: $WORK"
printf "%-8s %-5s %10s %10s %12s\n" articles tool "wall s" "cpu s" "peak MiB"
for n in $SIZES; do
  [ -d "$WORK/corpus-$n" ] || python3 "$GEN" "$WORK/corpus-$n" --articles "$n" --flavor mag >/dev/null
  [ -d "$WORK/corpus-$n-hugo" ] || python3 "$GEN" "$WORK/corpus-$n-hugo" --articles "$n" --flavor hugo >/dev/null
  rm -f "$WORK/mag-$n.txt" "$WORK/hugo-$n.txt"
  for _ in $(seq "$RUNS"); do
    measure "mag-$n" "$WORK/out-mag" "$MAG" build "$WORK/corpus-$n" -o "$WORK/out-mag"
    measure "hugo-$n" "$WORK/out-hugo" hugo --source "$WORK/corpus-$n-hugo" --destination "$WORK/out-hugo" --quiet --ignoreCache
  done
  python3 - "$WORK/mag-$n.txt" "$WORK/hugo-$n.txt" "$n" <<'PY'
import statistics, sys
def med(path):
    rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
    return [statistics.median(col) for col in zip(*rows)]
mag, hugo, n = med(sys.argv[1]), med(sys.argv[2]), sys.argv[3]
for tool, (wall, cpu, rss) in (("mag", mag), ("hugo", hugo)):
    print(f"{n:<8} {tool:<5} {wall:>10.2f} {cpu:>10.2f} {rss/1024:>12.0f}")
print(f"{n:<8} ratio {mag[0]/hugo[0]:>10.2f} {mag[1]/hugo[1]:>10.2f} {mag[2]/hugo[2]:>12.2f}")
PY
done
