#!/usr/bin/env bash
# End-to-end benchmark: generate a workload, run kyclink match on it (CSV in, Parquet out),
# the csv-tokenising floor, and Splink 5 when it can be installed; print times, peak memory
# and ratios. Record the output in BENCHMARKS.md with the date and machine.
#
# Usage: benches/e2e.sh [SUBSCRIBERS] [CANDIDATES] [WORKDIR]   (default 1000000 1000000 /tmp/kyclink-e2e)
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

measure() { # label, command...: wall seconds and peak resident memory
    local label=$1; shift
    /usr/bin/time -f "$label: %e s wall, %M KB peak" "$@" > "$work/$label.out" 2> "$work/$label.err" \
        || { cat "$work/$label.err"; exit 1; }
    tail -n 1 "$work/$label.err"
}

measure generate "$kyclink" generate --subscribers "$subscribers" --candidates "$candidates" --seed 7 --out "$work/data"
ls -l "$work/data"
measure floor "$floor" "$work/data/extract.csv" "$work/data/candidates.csv"
cat "$work/floor.out"
measure kyclink "$kyclink" match --candidates "$work/data/candidates.csv" --extract "$work/data/extract.csv" \
    --out "$work/results.parquet" --model "$work/model.json"
rm -f "$work/model.json"

if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q "splink>=5" || echo "splink: not installable here"
fi
if "$work/venv/bin/python" -c "import splink" 2>/dev/null; then
    measure splink "$work/venv/bin/python" benches/splink_e2e.py "$work/data"
    cat "$work/splink.out"
fi

seconds() { grep -o '[0-9.]* s wall' "$work/$1.err" | tail -n 1 | cut -d' ' -f1; }
k=$(seconds kyclink); f=$(seconds floor)
echo "kyclink / csv floor: $(python3 -c "print(round($k / $f, 2))")x"
if [ -f "$work/splink.err" ]; then
    s=$(seconds splink)
    echo "splink / kyclink: $(python3 -c "print(round($s / $k, 2))")x"
fi
