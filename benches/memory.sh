#!/usr/bin/env bash
# Memory bound of streaming: the same extract, candidates N and FACTOR x N rows long
# (CSV in, Parquet out, model trained in the run); prints wall time and peak resident
# memory of each, and their ratio. Peak memory must not grow with the candidates.
#
# Usage: benches/memory.sh [SUBSCRIBERS] [CANDIDATES] [FACTOR] [WORKDIR]
#        (default 1000000 1000000 10 /tmp/kyclink-memory)
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-1000000}
candidates=${2:-1000000}
factor=${3:-10}
work=${4:-/tmp/kyclink-memory}
mkdir -p "$work"

cargo build --release --bin kyclink
kyclink=target/release/kyclink

peak_kb() { grep -o '[0-9]* KB peak' "$1" | cut -d' ' -f1; }
for rows in "$candidates" $((candidates * factor)); do
    # Rows depend only on the seed and their index: the extract is the same both times,
    # and the short file is the long one's beginning.
    "$kyclink" generate --subscribers "$subscribers" --candidates "$rows" --seed 7 --out "$work/data-$rows" 2> /dev/null
    rm -f "$work/model-$rows.json"
    /usr/bin/time -f "$rows candidates: %e s wall, %M KB peak" "$kyclink" match \
        --candidates "$work/data-$rows/candidates.csv" --extract "$work/data-$rows/extract.csv" \
        --out "$work/results-$rows.parquet" --model "$work/model-$rows.json" > /dev/null 2> "$work/time-$rows.txt" \
        || { cat "$work/time-$rows.txt"; exit 1; }
    tail -n 1 "$work/time-$rows.txt"
done
short=$(peak_kb "$work/time-$candidates.txt"); long=$(peak_kb "$work/time-$((candidates * factor)).txt")
echo "peak memory, ${factor}x the candidates / 1x: $(python3 -c "print(round($long / $short, 3))")"
