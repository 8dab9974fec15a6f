#!/usr/bin/env bash
# Where `kyclink match` spends its CPU: samples the run with perf (DWARF call graphs; the
# machine's hardware counters may be unavailable, the CPU clock is enough) and sums the
# samples per stage of the run, by the first stage function found on each sample's stack.
# Needs Debian's linux-perf. Writes perf.data into WORKDIR.
#
# Usage: benches/profile.sh DATA_DIR [WORKDIR]   (DATA_DIR from `kyclink generate`)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1
work=${2:-/tmp/kyclink-profile}
mkdir -p "$work"
cargo build --release --bin kyclink
perf record -F 499 --call-graph dwarf,32768 -o "$work/perf.data" target/release/kyclink match \
    --candidates "$data/candidates.csv" --extract "$data/extract.csv" --out "$work/results.parquet" 2> /dev/null
perf script -i "$work/perf.data" -F comm,ip,sym 2> /dev/null > "$work/stacks.txt"
python3 - "$work/stacks.txt" <<'PY'
import collections, re, sys

# The first of these found on a stack names the stage (innermost stages first).
STAGES = [
    ("KycMatch::answers", "score: validate, look up, compare"),
    ("u_from_extract", "train: u from extract pairs"),
    ("Job>::train", "train: answers and EM"),
    ("Job>::process", "score: output columns"),
    ("ArrowWriter", "write: Parquet"),
    ("key_rows", "index: key phone numbers"),
    ("Layout::normalise", "index: normalise"),
    ("append_indexed", "index: append records"),
    ("next_batch", "read: CSV into Arrow"),
    ("SubscriberIndex::build", "index: other"),
]
# A stack cut short still names its thread: the readers (candidates, extract, training
# sample) and the writer do one thing each.
THREADS = {
    "kyclink-read": "read: CSV into Arrow",
    "kyclink-extract": "read: CSV into Arrow",
    "kyclink-sample": "read: CSV into Arrow",
    "kyclink-write": "write: Parquet",
}
samples, stack = [], None
for line in open(sys.argv[1]):
    if not line.strip():
        if stack is not None:
            samples.append(stack)
        stack = None
    elif stack is None:
        stack = [line.strip()]
    else:
        stack.append(re.sub(r"^[0-9a-f]+\s+", "", line.strip()))
stages, tops = collections.Counter(), collections.defaultdict(collections.Counter)
for thread, *stack in samples:
    frames = " ".join(stack)
    unattributed = THREADS.get(thread, "unattributed (stack cut short)")
    stage = next((name for key, name in STAGES if key in frames), unattributed)
    stages[stage] += 1
    tops[stage][stack[0] if stack else "?"] += 1
for stage, count in stages.most_common():
    print(f"{100 * count / len(samples):5.1f}%  {stage}")
    for symbol, n in tops[stage].most_common(3):
        print(f"          {100 * n / len(samples):5.1f}%  {symbol[:100]}")
PY
