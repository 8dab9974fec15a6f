#!/usr/bin/env bash
# End-to-end benchmark: generate a workload, run kyclink match on it (CSV in, Parquet out),
# the csv-tokenising floor, and Splink 5 when it can be installed; print times, peak memory
# and ratios. Record the output in BENCHMARKS.md with the date and machine.
#
# Usage: [RUNS=3] benches/e2e.sh [SUBSCRIBERS] [CANDIDATES] [WORKDIR]   (default 1000000 1000000 /tmp/kyclink-e2e)
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-1000000}
candidates=${2:-1000000}
work=${3:-/tmp/kyclink-e2e}
mkdir -p "$work"

cargo build --release --bin kyclink
cargo build --release --manifest-path benches/csv-floor/Cargo.toml --target-dir target/csv-floor
kyclink=target/release/kyclink
floor=target/csv-floor/release/csv-floor

# label, runs, command...: each run's wall seconds and peak resident memory, then the median
# wall (this machine is shared, so single runs vary by a quarter).
measure() {
    local label=$1 runs=$2; shift 2
    for run in $(seq "$runs"); do
        /usr/bin/time -f "$label: %e s wall, %M KB peak" "$@" > "$work/$label.out" 2> "$work/$label.err" \
            || { cat "$work/$label.err"; exit 1; }
        tail -n 1 "$work/$label.err" | tee -a "$work/$label.runs"
    done
    median=$(grep -o '[0-9.]* s wall' "$work/$label.runs" | cut -d' ' -f1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$label: median $median s wall over $runs runs" | tee "$work/$label.median"
}
runs=${RUNS:-3}
rm -f "$work"/*.runs

measure generate 1 "$kyclink" generate --subscribers "$subscribers" --candidates "$candidates" --seed 7 --out "$work/data"
ls -l "$work/data"
measure floor "$runs" "$floor" "$work/data/extract.csv" "$work/data/candidates.csv"
cat "$work/floor.out"
# No saved model: every run trains its own (u from the extract, EM on the first rows).
measure kyclink "$runs" "$kyclink" match --candidates "$work/data/candidates.csv" --extract "$work/data/extract.csv" \
    --out "$work/results.parquet"

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q "splink>=5" || echo "splink: not installable here"
fi
if "$work/venv/bin/python" -c "import splink" 2>/dev/null; then
    measure splink 1 "$work/venv/bin/python" benches/splink_e2e.py "$work/data"
    cat "$work/splink.out"
fi

seconds() { grep -o 'median [0-9.]*' "$work/$1.median" | cut -d' ' -f2; }
k=$(seconds kyclink); f=$(seconds floor)
echo "kyclink / csv floor: $(python3 -c "print(round($k / $f, 2))")x"
if [ -f "$work/splink.median" ]; then
    s=$(seconds splink)
    echo "splink / kyclink: $(python3 -c "print(round($s / $k, 2))")x"
fi
