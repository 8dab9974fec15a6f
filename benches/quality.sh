#!/usr/bin/env bash
# Match quality on a generated workload: generates it (with labels), runs `kyclink match`
# (the linkage model trained in the run) and `kyclink calibrate --labels`, and prints, for
# matchWeight and identityMatchScore, ROC AUC, the best-F1 cut-off with its precision and
# recall, the false-discovery rate there beside the model's own label-free estimate, the
# expected calibration error of matchProbability, and the share of each kind of requester
# (relatives, twins, impostors, few-attribute owners...) that the best-F1 cut-off accepts.
# Rows answered other than 200 (malformed, unknown numbers, phone only) have no score and
# are left out, as calibrate does. Record the output in BENCHMARKS.md with date and machine.
#
# Usage: benches/quality.sh [SUBSCRIBERS] [CANDIDATES] [SEED] [WORKDIR]
#        (default 200000 200000 99 /tmp/kyclink-quality)
# KYCLINK=path/to/kyclink scores with another build (e.g. an older commit's) on the same
# workload; without it the release build of this checkout is built and used.
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-200000}
candidates=${2:-$subscribers}
seed=${3:-99}
work=${4:-/tmp/kyclink-quality}
generator=target/release/kyclink
cargo build --release --bin kyclink
kyclink=${KYCLINK:-$generator}
mkdir -p "$work"

data="$work/data-$subscribers-$candidates-$seed"
[ -f "$data/labels.csv" ] ||
    "$generator" generate --subscribers "$subscribers" --candidates "$candidates" --seed "$seed" --out "$data" > /dev/null
"$kyclink" match --candidates "$data/candidates.csv" --extract "$data/extract.csv" --out "$work/results.parquet" \
    2> "$work/match.err" || { cat "$work/match.err"; exit 1; }
grep -E "^(linkage model|kyclink: warning)" "$work/match.err" || true
rm -rf "$work/report"
"$generator" calibrate --results "$work/results.parquet" --labels "$data/labels.csv" --report "$work/report" \
    > /dev/null 2> "$work/calibrate.err" || { cat "$work/calibrate.err"; exit 1; }

python3 - "$work/report/summary.json" "$subscribers" "$candidates" "$seed" <<'PYTHON'
import json, sys

summary = json.load(open(sys.argv[1]))
print(f"workload: {sys.argv[2]} subscribers x {sys.argv[3]} candidates, seed {sys.argv[4]}; "
      f"{summary['analysedRows']} rows answered 200 and scored, {summary['notScoredRows']} not")
scores = {s["column"]: s for s in summary["scores"]}
shown = [c for c in ("matchWeight", "identityMatchScore") if c in scores]
probability = scores.get("matchProbability", {}).get("calibration")

def pct(x):
    return "-" if x is None else f"{100 * x:.2f}%"

print(f"{'score':<20} {'rows':>8} {'ROC AUC':>8} {'best F1':>8} {'cut-off':>9} {'precision':>9} "
      f"{'recall':>8} {'FDR':>7} {'est. FDR':>8}")
for column in shown:
    s = scores[column]
    best = s.get("bestF1") or {}
    fdr = None if best.get("precision") is None else 1 - best["precision"]
    print(f"{column:<20} {s['rows']:>8} {s['auc'] or 0:>8.4f} {best.get('f1') or 0:>8.4f} "
          f"{best.get('cutoff', 0):>9} {best.get('precision') or 0:>9.4f} {best.get('recall') or 0:>8.4f} "
          f"{pct(fdr):>7} {pct(best.get('estimatedFdr')):>8}")
if probability:
    print(f"matchProbability: expected calibration error {probability['expectedCalibrationError']:.4f} "
          "(bins: probability -> owner share, rows)")
    for b in probability["bins"]:
        print(f"  {b['from']:.1f}-{b['to']:.1f}: {b['meanProbability']:.3f} -> {b['ownerShare']:.3f}  {b['rows']:>8}")
print("accepted at each score's best-F1 cut-off, per kind (rows with that score):")
kinds = sorted({k["kind"] for c in shown for k in scores[c]["kinds"]}, key=str)
print(f"  {'kind':<16}" + "".join(f"{c:>28}" for c in shown))
for kind in kinds:
    cells = []
    for c in shown:
        k = next((k for k in scores[c]["kinds"] if k["kind"] == kind), None)
        cells.append("-" if k is None else f"{pct(k['acceptedShare'])} of {k['rows']}")
    print(f"  {kind:<16}" + "".join(f"{cell:>28}" for cell in cells))
PYTHON
