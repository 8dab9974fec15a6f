//! The plain data of a calibration: cut-offs, histograms, per-kind acceptance, reliability,
//! recommendations and segments. The accumulation ([`super::bins`]), the metrics
//! ([`super::metrics`]), the charts and the HTML all speak these types and nothing else of
//! each other.

use serde::Serialize;
use std::path::PathBuf;

/// kyclink's aggregate score columns (SPEC.md section 9.10), in report order.
pub const AGGREGATES: [&str; 3] = ["identityMatchScore", "matchWeight", "matchProbability"];

/// The labels file's optional column that names the kind of a row (owner, relative, fraud, ...).
pub const KIND: &str = "kind";

/// The columns of `thresholds.csv`, one row per score column and cut-off. Label metrics are
/// empty without labels, the estimates without `matchProbability` (and for other scores).
pub const THRESHOLD_COLUMNS: [&str; 13] = [
    "score",
    "cutoff",
    "rowsAtCutoff",
    "accepted",
    "matchRate",
    "truePositives",
    "falsePositives",
    "precision",
    "recall",
    "f1",
    "falsePositiveRate",
    "estimatedFdr",
    "estimatedFnr",
];

/// What `calibrate` reads and where it writes.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    /// A results file of `kyclink match` (CSV or Parquet).
    pub results: PathBuf,
    /// Labels: `requestId,isOwner[,kind]` (CSV or Parquet).
    pub labels: Option<PathBuf>,
    /// Only this score column (default: every aggregate and `*MatchScore` present).
    pub score: Option<String>,
    /// The precision a cut-off must reach to be reported as "at target precision".
    pub target_precision: f64,
    /// A column whose values are segments to give match rates for (`--by`).
    pub by: Option<String>,
    /// The report directory (created when missing).
    pub report: PathBuf,
}

/// One candidate cut-off of one score column, and what accepting at it would mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cutoff {
    /// Rows scoring at least this are accepted.
    pub cutoff: f64,
    /// Where the cut-off sits on the axis the score's shape is drawn on (the weight, for a
    /// probability; else the cut-off itself).
    #[serde(skip)]
    pub axis: f64,
    /// Rows scoring exactly this.
    pub rows_at_cutoff: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Share of the scored rows accepted.
    pub match_rate: f64,
    /// Accepted owners (with labels).
    pub true_positives: Option<u64>,
    /// Accepted non-owners (with labels).
    pub false_positives: Option<u64>,
    /// Share of owners among the accepted (with labels).
    pub precision: Option<f64>,
    /// Share of owners accepted (with labels).
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall (with labels).
    pub f1: Option<f64>,
    /// Share of non-owners accepted (with labels).
    pub false_positive_rate: Option<f64>,
    /// Fellegi-Sunter estimate of the false discovery rate.
    pub estimated_fdr: Option<f64>,
    /// Fellegi-Sunter estimate of the false negative rate.
    pub estimated_fnr: Option<f64>,
}

/// One bar of a histogram: rows with `from <= score < to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Lower edge (included).
    pub from: f64,
    /// Upper edge (excluded).
    pub to: f64,
    /// Rows in the bin.
    pub rows: u64,
}

/// How many rows of one `kind` the best-F1 cut-off accepts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindAcceptance {
    /// The label's kind (`null`: rows whose label has none).
    pub kind: Option<String>,
    /// Scored rows of this kind.
    pub rows: u64,
    /// Of them, accepted at the best-F1 cut-off.
    pub accepted: u64,
    /// `accepted / rows`.
    pub accepted_share: f64,
}

/// The calibration of one score column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreSummary {
    /// The column.
    pub column: String,
    /// Analysed rows with a score in this column.
    pub rows: u64,
    /// Analysed rows without one (attribute not asked, `not_available`, nothing to aggregate).
    pub without_score: u64,
    /// Distinct scores, i.e. candidate cut-offs.
    pub cutoffs: u64,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// The histogram ([`histogram`]).
    pub histogram: Vec<Bin>,
    /// Cut-offs at the valleys of the histogram, deepest first ([`suggested_cutoffs`]).
    pub suggested_cutoffs: Vec<f64>,
    /// Scored owners (with labels).
    pub positives: Option<u64>,
    /// Scored non-owners (with labels).
    pub negatives: Option<u64>,
    /// Area under the ROC curve (with labels, owners and non-owners both present).
    pub auc: Option<f64>,
    /// Average precision, the area under the precision-recall curve (with labels).
    pub pr_auc: Option<f64>,
    /// The cut-off of the highest F1 (the highest such cut-off on ties).
    pub best_f1: Option<Cutoff>,
    /// The lowest cut-off whose precision reaches the target.
    pub at_target_precision: Option<Cutoff>,
    /// Acceptance per label kind at the best-F1 cut-off.
    pub kinds: Vec<KindAcceptance>,
    /// How well `matchProbability` means what it says (with labels, for that column).
    pub calibration: Option<Reliability>,
    /// The cut-offs worth taking and why, in the order the report gives them.
    pub recommended: Vec<Recommendation>,
}

/// A cut-off worth taking, the rule that found it and what it would accept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recommendation {
    /// The rule: `bestF1`, `targetPrecision`, `estimatedBestF1` or `valley`.
    pub rule: &'static str,
    /// Why, in a sentence.
    pub why: String,
    /// The cut-off and what it accepts.
    pub at: Cutoff,
}

/// Match rates per value of a segment column (`calibrate --by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segments {
    /// The column.
    pub column: String,
    /// Per value, in value order (an empty cell is the segment `(empty)`).
    pub rows: Vec<Segment>,
}

/// One segment: per aggregate score, what the score's first recommended cut-off accepts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// The segment's value.
    pub segment: String,
    /// Analysed rows in it.
    pub rows: u64,
    /// Per aggregate score present.
    pub scores: Vec<SegmentRate>,
}

/// What one cut-off of one score accepts in one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentRate {
    /// The score column.
    pub score: String,
    /// The cut-off (the score's first recommendation).
    pub cutoff: f64,
    /// Rows with a score in the segment.
    pub scored: u64,
    /// Of them, accepted.
    pub accepted: u64,
    /// `accepted / scored`.
    pub match_rate: f64,
    /// With labels: the share of accepted rows that were owners.
    pub precision: Option<f64>,
    /// With labels: the share of the segment's owners accepted.
    pub recall: Option<f64>,
}

/// A reliability table: for requests binned by their `matchProbability`, the share that were
/// the owner's, and the expected calibration error over the bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reliability {
    /// Σ over bins of (bin rows / rows) x |mean probability - owner share|: 0 when every
    /// bin's owners are as many as its probabilities promise.
    pub expected_calibration_error: f64,
    /// Ten bins of width 0.1 (the last includes 1); empty bins left out.
    pub bins: Vec<ReliabilityBin>,
}

/// One bin of a [`Reliability`] table.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReliabilityBin {
    /// Lower edge (included).
    pub from: f64,
    /// Upper edge (excluded, but 1).
    pub to: f64,
    /// Requests in the bin.
    pub rows: u64,
    /// Their mean `matchProbability`.
    pub mean_probability: f64,
    /// The share of them that were the owner's.
    pub owner_share: f64,
}

/// What `calibrate` found; also written as `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CalibrationSummary {
    /// Rows in the results file.
    pub results_rows: u64,
    /// Whether labels were given.
    pub labelled: bool,
    /// Results rows without a label, left out (with labels).
    pub unlabelled_rows: Option<u64>,
    /// (Labelled) rows whose status is not 200: kyclink could not score them; left out.
    pub not_scored_rows: u64,
    /// (Labelled) rows with status 200: the rows analysed.
    pub analysed_rows: u64,
    /// The target precision (with labels).
    pub target_precision: Option<f64>,
    /// Per score column.
    pub scores: Vec<ScoreSummary>,
    /// Match rates per segment, with `--by`.
    pub segments: Option<Segments>,
    /// Things the user should know.
    pub warnings: Vec<String>,
}
