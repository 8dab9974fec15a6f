//! `kyclink calibrate`: the evidence an operator needs to pick score cut-offs, from a results
//! file and, when there are any, labels that say which rows were the subscriber's own.
//!
//! A cut-off `c` accepts a row when its score is at least `c`; every distinct score in the data
//! is a candidate cut-off. Only rows with status 200 have scores to judge: the others are
//! counted and left out. For each score column (the aggregates `identityMatchScore`,
//! `matchWeight`, `matchProbability` and every `<attr>MatchScore`, where `<attr>Match` `true`
//! counts as 100, "equal to a match score of 100" in SPEC.md section 2):
//!
//! - always: the histogram, the share of requests each cut-off accepts, and suggested cut-offs
//!   at the valleys between modes of the histogram ([`suggested_cutoffs`]);
//! - with `matchProbability` in the file, for `matchWeight` and `matchProbability`: the
//!   Fellegi-Sunter estimates of fastLink's summary, with `p` each accepted row's probability:
//!   estimated FDR = Σ_accepted (1 - p) / accepted, estimated FNR = Σ_rejected p / Σ_all p;
//! - with labels (`requestId,isOwner[,kind]`, joined on requestId): precision, recall, F1 and
//!   false-positive rate per cut-off, ROC AUC (the trapezoid over distinct cut-offs, which
//!   counts a tie between an owner and a non-owner as half, as the Mann-Whitney statistic
//!   does), PR AUC as average precision, the best-F1 cut-off, the lowest cut-off that reaches
//!   the target precision, and per `kind` the share that the best-F1 cut-off accepts.
//!
//! The per-cut-off tables are polars aggregations; the few scalars drawn from them (AUC, best
//! F1, valleys) are plain loops over at most one row per distinct score. The report holds
//! column names, cut-offs, counts and rates only: no value of any input row.

use super::frame::{self, IS_OWNER, polars_error, ratio};
use super::{charts, html};
use crate::error::Error;
use polars::prelude::*;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

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
    /// The report directory (created when missing).
    pub report: PathBuf,
}

/// One candidate cut-off of one score column, and what accepting at it would mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cutoff {
    /// Rows scoring at least this are accepted.
    pub cutoff: f64,
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
    /// Things the user should know.
    pub warnings: Vec<String>,
}

/// One score column and the expression of its value.
struct Score {
    name: String,
    value: Expr,
    estimates: bool,
}

/// Calibrates the scores of `options.results` and writes the report directory: `thresholds.csv`,
/// `summary.json`, SVG charts and `report.html`.
pub fn calibrate(options: &CalibrateOptions) -> Result<CalibrationSummary, Error> {
    let mut inputs = vec![("--results", options.results.as_path())];
    inputs.extend(options.labels.as_deref().map(|labels| ("--labels", labels)));
    crate::io::refuse_overwrites_in("--report", &options.report, writes_in_report, &inputs)?;
    let results = frame::read_frame(&options.results)?;
    require(&results, &options.results, "status")?;
    let scores = score_columns(&results, options)?;
    let mut warnings = Vec::new();
    let results_rows = results.height() as u64;
    let (rows, unlabelled_rows) = match &options.labels {
        Some(path) => {
            require(&results, &options.results, "requestId")?;
            let (rows, unlabelled) = join_labels(results, path)?;
            if unlabelled > 0 {
                warnings.push(format!("{unlabelled} results rows have no label and are left out"));
            }
            (rows, Some(unlabelled))
        }
        None => (results, None),
    };
    let labelled = options.labels.is_some();
    let analysed = rows.clone().lazy().filter(col("status").eq(lit(200u32))).collect().map_err(polars_error)?;
    let not_scored_rows = (rows.height() - analysed.height()) as u64;
    if not_scored_rows > 0 {
        warnings.push(format!("{not_scored_rows} rows with a status other than 200 have no scores and are left out"));
    }
    let with_kinds = labelled && analysed.schema().contains(KIND);

    let mut tables = Vec::with_capacity(scores.len());
    let mut summaries = Vec::with_capacity(scores.len());
    for score in &scores {
        let table = cutoff_table(&analysed, score, labelled)?;
        let cutoffs = read_cutoffs(&table)?;
        let mut summary = summarise(&score.name, analysed.height() as u64, &cutoffs, options.target_precision);
        if with_kinds && let Some(best) = &summary.best_f1 {
            summary.kinds = kind_acceptance(&analysed, score, best.cutoff)?;
        }
        if labelled && score.name == "matchProbability" {
            summary.calibration = Some(reliability(&analysed)?);
        }
        if summary.rows == 0 {
            warnings.push(format!("{}: no analysed row has a score", score.name));
        }
        tables.push(table.lazy());
        summaries.push((summary, cutoffs));
    }
    let summary = CalibrationSummary {
        results_rows,
        labelled,
        unlabelled_rows,
        not_scored_rows,
        analysed_rows: analysed.height() as u64,
        target_precision: labelled.then_some(options.target_precision),
        scores: summaries.iter().map(|(summary, _)| summary.clone()).collect(),
        warnings,
    };
    write_report(&options.report, &summary, &summaries, tables)?;
    Ok(summary)
}

fn require(frame: &DataFrame, path: &Path, column: &str) -> Result<(), Error> {
    if frame.schema().contains(column) {
        Ok(())
    } else {
        Err(Error::MissingColumn { path: path.to_path_buf(), column: column.to_string(), header: None })
    }
}

/// The score columns to calibrate: `--score`, or every aggregate present and then every
/// `*MatchScore` in file order.
fn score_columns(results: &DataFrame, options: &CalibrateOptions) -> Result<Vec<Score>, Error> {
    let names: Vec<String> = match &options.score {
        Some(name) => {
            require(results, &options.results, name)?;
            if !frame::is_numeric(name) || name == "status" {
                return Err(Error::Usage(format!("{name} is not a score column")));
            }
            vec![name.clone()]
        }
        None => {
            let columns: Vec<&str> = results.get_column_names().into_iter().map(|n| n.as_str()).collect();
            let aggregates = AGGREGATES.iter().filter(|a| columns.contains(a)).map(|a| a.to_string());
            let attributes = columns.iter().filter(|c| c.ends_with("MatchScore") && !AGGREGATES.contains(c));
            aggregates.chain(attributes.map(|c| c.to_string())).collect()
        }
    };
    if names.is_empty() {
        let message = format!(
            "{}: no score column (identityMatchScore, matchWeight, matchProbability or <attr>MatchScore)",
            options.results.display()
        );
        return Err(Error::Usage(message));
    }
    let schema = results.schema();
    let estimates = schema.contains("matchProbability");
    Ok(names
        .into_iter()
        .map(|name| {
            let answer =
                name.strip_suffix("Score").filter(|a| !AGGREGATES.contains(&name.as_str()) && schema.contains(a));
            let value = match answer {
                Some(answer) => when(col(answer).eq(lit("true"))).then(lit(100.0)).otherwise(col(name.as_str())),
                None => col(name.as_str()),
            };
            let estimates = estimates && (name == "matchWeight" || name == "matchProbability");
            Score { name, value, estimates }
        })
        .collect())
}

/// The results rows joined with their labels (`isOwner`, and `kind` when the labels have it),
/// and how many results rows have no label.
fn join_labels(results: DataFrame, path: &Path) -> Result<(DataFrame, u64), Error> {
    let labels = frame::read_frame(path)?;
    require(&labels, path, "requestId")?;
    require(&labels, path, IS_OWNER)?;
    let ids = labels.column("requestId").map_err(polars_error)?;
    let duplicates = labels.height() - ids.n_unique().map_err(polars_error)?;
    if duplicates > 0 {
        let message = format!("{}: {duplicates} requestIds have more than one label", path.display());
        return Err(Error::Usage(message));
    }
    let mut keep = vec![col("requestId"), col(IS_OWNER)];
    if labels.schema().contains(KIND) {
        keep.push(col(KIND));
    }
    let labels = labels.lazy().select(keep).filter(col(IS_OWNER).is_not_null());
    let joined = results
        .lazy()
        .join(labels, [col("requestId")], [col("requestId")], JoinArgs::new(JoinType::Left))
        .collect()
        .map_err(polars_error)?;
    let unlabelled = joined.column(IS_OWNER).map_err(polars_error)?.null_count() as u64;
    let labelled = joined.lazy().filter(col(IS_OWNER).is_not_null()).collect().map_err(polars_error)?;
    Ok((labelled, unlabelled))
}

/// One row per distinct score of `score` in `analysed` (highest first) with the columns of
/// [`THRESHOLD_COLUMNS`].
fn cutoff_table(analysed: &DataFrame, score: &Score, labelled: bool) -> Result<DataFrame, Error> {
    let mut select = vec![score.value.clone().alias("cutoff")];
    let mut aggregates = vec![len().cast(DataType::UInt64).alias("rowsAtCutoff")];
    if labelled {
        select.push(col(IS_OWNER));
        aggregates.push(col(IS_OWNER).sum().cast(DataType::UInt64).alias("ownersAtCutoff"));
    }
    if score.estimates {
        select.push(col("matchProbability"));
        aggregates.push(col("matchProbability").sum().alias("probabilityAtCutoff"));
    }
    let grouped = analysed
        .clone()
        .lazy()
        .select(select)
        .filter(col("cutoff").is_not_null())
        .group_by([col("cutoff")])
        .agg(aggregates)
        .sort(["cutoff"], SortMultipleOptions::default().with_order_descending(true));

    let rows = col("rowsAtCutoff").sum();
    let accepted = col("rowsAtCutoff").cum_sum(false);
    let null = |dtype: DataType| lit(NULL).cast(dtype);
    let mut columns = vec![
        lit(score.name.as_str()).alias("score"),
        col("cutoff"),
        col("rowsAtCutoff"),
        accepted.clone().alias("accepted"),
        ratio(accepted.clone(), rows.clone()).alias("matchRate"),
    ];
    if labelled {
        let owners = col("ownersAtCutoff").sum();
        let true_positives = col("ownersAtCutoff").cum_sum(false);
        let false_positives = accepted.clone() - true_positives.clone();
        columns.extend([
            true_positives.clone().alias("truePositives"),
            false_positives.clone().alias("falsePositives"),
            ratio(true_positives.clone(), accepted.clone()).alias("precision"),
            ratio(true_positives.clone(), owners.clone()).alias("recall"),
            ratio(true_positives.clone() + true_positives, accepted.clone() + owners.clone()).alias("f1"),
            ratio(false_positives, rows - owners).alias("falsePositiveRate"),
        ]);
    } else {
        columns.extend([
            null(DataType::UInt64).alias("truePositives"),
            null(DataType::UInt64).alias("falsePositives"),
            null(DataType::Float64).alias("precision"),
            null(DataType::Float64).alias("recall"),
            null(DataType::Float64).alias("f1"),
            null(DataType::Float64).alias("falsePositiveRate"),
        ]);
    }
    if score.estimates {
        let probability = col("probabilityAtCutoff").sum();
        let accepted_probability = col("probabilityAtCutoff").cum_sum(false);
        columns.extend([
            ratio(accepted.clone().cast(DataType::Float64) - accepted_probability.clone(), accepted)
                .alias("estimatedFdr"),
            ratio(probability.clone() - accepted_probability, probability).alias("estimatedFnr"),
        ]);
    } else {
        columns.extend([null(DataType::Float64).alias("estimatedFdr"), null(DataType::Float64).alias("estimatedFnr")]);
    }
    let table = grouped.select(columns).collect().map_err(polars_error)?;
    // Fixed types, whatever polars widened on the way: the writers and `read_cutoffs` rely on them.
    let typed: Vec<Expr> = THRESHOLD_COLUMNS
        .iter()
        .map(|&name| {
            let dtype = match name {
                "score" => DataType::String,
                "rowsAtCutoff" | "accepted" | "truePositives" | "falsePositives" => DataType::UInt64,
                _ => DataType::Float64,
            };
            col(name).strict_cast(dtype)
        })
        .collect();
    table.lazy().select(typed).collect().map_err(polars_error)
}

/// The rows of a [`cutoff_table`].
fn read_cutoffs(table: &DataFrame) -> Result<Vec<Cutoff>, Error> {
    let floats = |name: &str| -> Result<Vec<Option<f64>>, Error> {
        table.column(name).and_then(|c| c.f64().map(|c| c.iter().collect())).map_err(polars_error)
    };
    let counts = |name: &str| -> Result<Vec<Option<u64>>, Error> {
        table.column(name).and_then(|c| c.u64().map(|c| c.iter().collect())).map_err(polars_error)
    };
    let (cutoff, rows, accepted, match_rate) =
        (floats("cutoff")?, counts("rowsAtCutoff")?, counts("accepted")?, floats("matchRate")?);
    let (true_positives, false_positives) = (counts("truePositives")?, counts("falsePositives")?);
    let (precision, recall, f1) = (floats("precision")?, floats("recall")?, floats("f1")?);
    let false_positive_rate = floats("falsePositiveRate")?;
    let (estimated_fdr, estimated_fnr) = (floats("estimatedFdr")?, floats("estimatedFnr")?);
    Ok((0..table.height())
        .map(|i| Cutoff {
            cutoff: cutoff[i].unwrap_or(f64::NAN),
            rows_at_cutoff: rows[i].unwrap_or(0),
            accepted: accepted[i].unwrap_or(0),
            match_rate: match_rate[i].unwrap_or(0.0),
            true_positives: true_positives[i],
            false_positives: false_positives[i],
            precision: precision[i],
            recall: recall[i],
            f1: f1[i],
            false_positive_rate: false_positive_rate[i],
            estimated_fdr: estimated_fdr[i],
            estimated_fnr: estimated_fnr[i],
        })
        .collect())
}

/// The summary of one score column from its cut-offs (highest first).
fn summarise(column: &str, analysed: u64, cutoffs: &[Cutoff], target_precision: f64) -> ScoreSummary {
    let rows = cutoffs.last().map_or(0, |c| c.accepted);
    let positives = cutoffs.last().and_then(|c| c.true_positives);
    let histogram = histogram(cutoffs);
    let integers = cutoffs.iter().all(|c| c.cutoff.fract() == 0.0);
    ScoreSummary {
        column: column.to_string(),
        rows,
        without_score: analysed - rows,
        cutoffs: cutoffs.len() as u64,
        min: cutoffs.last().map(|c| c.cutoff),
        max: cutoffs.first().map(|c| c.cutoff),
        suggested_cutoffs: suggested_cutoffs(&histogram, integers),
        histogram,
        positives,
        negatives: positives.map(|p| rows - p),
        auc: roc_auc(cutoffs),
        pr_auc: average_precision(cutoffs),
        best_f1: best_f1(cutoffs).cloned(),
        at_target_precision: lowest_at_precision(cutoffs, target_precision).cloned(),
        kinds: Vec::new(),
        calibration: None,
    }
}

/// The trapezoid area under the ROC curve through (0, 0) and one point per distinct cut-off.
/// Rows that tie on a score share a point, so a tie between an owner and a non-owner adds a
/// diagonal step worth half: the Mann-Whitney U / (owners x non-owners). None without both
/// owners and non-owners.
pub fn roc_auc(cutoffs: &[Cutoff]) -> Option<f64> {
    let mut previous = (0.0, 0.0);
    let mut area = 0.0;
    for cutoff in cutoffs {
        let point = (cutoff.false_positive_rate?, cutoff.recall?);
        area += (point.0 - previous.0) * (point.1 + previous.1) / 2.0;
        previous = point;
    }
    (!cutoffs.is_empty()).then_some(area)
}

/// Average precision: Σ (recall_k - recall_{k-1}) x precision_k over the distinct cut-offs,
/// highest first (scikit-learn's definition, which does not interpolate).
pub fn average_precision(cutoffs: &[Cutoff]) -> Option<f64> {
    let mut previous = 0.0;
    let mut area = 0.0;
    for cutoff in cutoffs {
        let recall = cutoff.recall?;
        area += (recall - previous) * cutoff.precision?;
        previous = recall;
    }
    (!cutoffs.is_empty()).then_some(area)
}

/// The cut-off of the highest F1; of equal ones, the highest cut-off (the fewest acceptances).
pub fn best_f1(cutoffs: &[Cutoff]) -> Option<&Cutoff> {
    let mut best: Option<&Cutoff> = None;
    for cutoff in cutoffs {
        let f1 = cutoff.f1?;
        if best.and_then(|b| b.f1).is_none_or(|b| f1 > b) {
            best = Some(cutoff);
        }
    }
    best
}

/// The lowest cut-off whose precision reaches `target` (the most recall at that precision).
pub fn lowest_at_precision(cutoffs: &[Cutoff], target: f64) -> Option<&Cutoff> {
    cutoffs.iter().rev().find(|c| c.precision.is_some_and(|p| p >= target))
}

/// The histogram of the rows behind `cutoffs`: about 20 bins of a round width (1, 2 or 5 times
/// a power of ten), aligned on multiples of it, so 0..100 gets bins of 5 and 100 its own bin.
pub fn histogram(cutoffs: &[Cutoff]) -> Vec<Bin> {
    let (Some(low), Some(high)) = (cutoffs.last(), cutoffs.first()) else { return Vec::new() };
    let width = round_width((high.cutoff - low.cutoff) / 20.0);
    let start = (low.cutoff / width).floor() * width;
    let count = ((high.cutoff - start) / width).floor() as usize + 1;
    let mut bins: Vec<Bin> = (0..count)
        .map(|i| Bin { from: start + i as f64 * width, to: start + (i + 1) as f64 * width, rows: 0 })
        .collect();
    for cutoff in cutoffs {
        let i = (((cutoff.cutoff - start) / width).floor() as usize).min(count - 1);
        bins[i].rows += cutoff.rows_at_cutoff;
    }
    bins
}

/// The smallest of 1, 2, 5 x 10^k that is at least `width` (1 for an empty range).
fn round_width(width: f64) -> f64 {
    if width.is_nan() || width <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(width.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|&w| w >= width * (1.0 - 1e-9)).unwrap_or(10.0 * power)
}

/// Cut-offs at the valleys between the modes of a histogram, deepest first, at most three.
///
/// The counts are smoothed with the kernel (1, 2, 1) / 4. A bin is a valley when its smoothed
/// count is no higher than its neighbours' and at most half the lower of the two peaks (the
/// highest smoothed bins on its left and on its right), and that lower peak holds at least 2
/// rows and 1% of all rows, so noise in a thin tail suggests nothing. A run of such bins is
/// one valley, at its lowest bin (the middle one on ties). The cut-off is the middle of the
/// valley bin, rounded up for integer scores: it accepts the mode above the valley.
pub fn suggested_cutoffs(bins: &[Bin], integers: bool) -> Vec<f64> {
    let n = bins.len();
    if n < 3 {
        return Vec::new();
    }
    let count = |i: usize| bins[i].rows as f64;
    let smooth: Vec<f64> =
        (0..n).map(|i| (count(i.saturating_sub(1)) + 2.0 * count(i) + count((i + 1).min(n - 1))) / 4.0).collect();
    let total: f64 = bins.iter().map(|b| b.rows as f64).sum();
    let peak = |range: &[f64]| range.iter().copied().fold(0.0, f64::max);
    let valley = |i: usize| {
        let lower_peak = peak(&smooth[..i]).min(peak(&smooth[i + 1..]));
        let is_valley = smooth[i] <= smooth[i - 1]
            && smooth[i] <= smooth[i + 1]
            && smooth[i] <= lower_peak / 2.0
            && lower_peak >= 2.0_f64.max(total / 100.0);
        is_valley.then_some(lower_peak - smooth[i])
    };
    let mut valleys: Vec<(f64, usize)> = Vec::new();
    let mut i = 1;
    while i < n - 1 {
        let Some(_) = valley(i) else {
            i += 1;
            continue;
        };
        let mut end = i;
        while end + 1 < n - 1 && valley(end + 1).is_some() {
            end += 1;
        }
        let lowest = smooth[i..=end].iter().copied().fold(f64::INFINITY, f64::min);
        let at_lowest: Vec<usize> = (i..=end).filter(|&j| smooth[j] == lowest).collect();
        let bin = at_lowest[at_lowest.len() / 2];
        valleys.push((valley(bin).unwrap_or(0.0), bin));
        i = end + 1;
    }
    valleys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    valleys
        .into_iter()
        .take(3)
        .map(|(_, bin)| {
            let middle = (bins[bin].from + bins[bin].to) / 2.0;
            if integers { middle.ceil() } else { middle }
        })
        .collect()
}

/// How many reliability bins `matchProbability` is cut into.
const RELIABILITY_BINS: u32 = 10;

/// The reliability of `matchProbability` among the labelled `analysed` rows.
fn reliability(analysed: &DataFrame) -> Result<Reliability, Error> {
    let bins = f64::from(RELIABILITY_BINS);
    // Probabilities are in [0, 1]: truncation is the floor, and 1 joins the last bin.
    let scaled = (col("matchProbability") * lit(bins)).cast(DataType::Int32);
    let last = RELIABILITY_BINS as i32 - 1;
    let bin = when(scaled.clone().gt(lit(last))).then(lit(last)).otherwise(scaled);
    let table = analysed
        .clone()
        .lazy()
        .filter(col("matchProbability").is_not_null())
        .group_by([bin.alias("bin")])
        .agg([
            len().cast(DataType::UInt64).alias("rows"),
            col("matchProbability").mean().alias("meanProbability"),
            col(IS_OWNER).cast(DataType::Float64).mean().alias("ownerShare"),
        ])
        .sort(["bin"], SortMultipleOptions::default())
        .collect()
        .map_err(polars_error)?;
    let column = |name: &str| table.column(name).map_err(polars_error);
    let bin = column("bin")?.i32().map_err(polars_error)?.clone();
    let rows = column("rows")?.u64().map_err(polars_error)?.clone();
    let mean = column("meanProbability")?.f64().map_err(polars_error)?.clone();
    let share = column("ownerShare")?.f64().map_err(polars_error)?.clone();
    let bins: Vec<ReliabilityBin> = (0..table.height())
        .map(|i| {
            let bin = bin.get(i).unwrap_or(0);
            ReliabilityBin {
                from: f64::from(bin) / f64::from(RELIABILITY_BINS),
                to: f64::from(bin + 1) / f64::from(RELIABILITY_BINS),
                rows: rows.get(i).unwrap_or(0),
                mean_probability: mean.get(i).unwrap_or(0.0),
                owner_share: share.get(i).unwrap_or(0.0),
            }
        })
        .collect();
    let total: u64 = bins.iter().map(|b| b.rows).sum();
    let expected_calibration_error =
        bins.iter().map(|b| b.rows as f64 / total.max(1) as f64 * (b.mean_probability - b.owner_share).abs()).sum();
    Ok(Reliability { expected_calibration_error, bins })
}

/// Per label kind: scored rows and how many `cutoff` accepts.
fn kind_acceptance(analysed: &DataFrame, score: &Score, cutoff: f64) -> Result<Vec<KindAcceptance>, Error> {
    let table = analysed
        .clone()
        .lazy()
        .select([score.value.clone().alias("value"), col(KIND)])
        .filter(col("value").is_not_null())
        .group_by([col(KIND)])
        .agg([
            len().cast(DataType::UInt64).alias("rows"),
            col("value").gt_eq(lit(cutoff)).sum().cast(DataType::UInt64).alias("accepted"),
        ])
        .sort([KIND], SortMultipleOptions::default().with_nulls_last(true))
        .collect()
        .map_err(polars_error)?;
    let kinds = table.column(KIND).and_then(|c| c.str().map(|c| c.iter().map(|k| k.map(String::from)).collect()));
    let kinds: Vec<Option<String>> = kinds.map_err(polars_error)?;
    let count = |name: &str| table.column(name).and_then(|c| c.u64().map(|c| c.iter().collect::<Vec<_>>()));
    let (rows, accepted) = (count("rows").map_err(polars_error)?, count("accepted").map_err(polars_error)?);
    Ok(kinds
        .into_iter()
        .zip(rows.into_iter().zip(accepted))
        .map(|(kind, (rows, accepted))| {
            let (rows, accepted) = (rows.unwrap_or(0), accepted.unwrap_or(0));
            KindAcceptance { kind, rows, accepted, accepted_share: accepted as f64 / rows.max(1) as f64 }
        })
        .collect())
}

/// Whether [`write_report`] may write a file of this name into the report directory.
fn writes_in_report(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    matches!(name.as_ref(), "thresholds.csv" | "summary.json" | "report.html") || name.ends_with(".svg")
}

/// Writes `thresholds.csv`, `summary.json`, the charts and `report.html` into `dir`.
fn write_report(
    dir: &Path,
    summary: &CalibrationSummary,
    scores: &[(ScoreSummary, Vec<Cutoff>)],
    tables: Vec<LazyFrame>,
) -> Result<(), Error> {
    let write_error = |path: &Path, source| Error::Write { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|source| write_error(dir, source))?;
    let thresholds = concat(tables, UnionArgs::default()).and_then(LazyFrame::collect).map_err(polars_error)?;
    frame::write_frame(&thresholds, &dir.join("thresholds.csv"))?;
    let json = serde_json::to_string_pretty(summary).expect("a calibration summary always serialises");
    let path = dir.join("summary.json");
    std::fs::write(&path, json + "\n").map_err(|source| write_error(&path, source))?;
    let mut sections = Vec::with_capacity(scores.len());
    for (score, cutoffs) in scores {
        let charts = charts::score_charts(score, cutoffs);
        for chart in &charts {
            let path = dir.join(&chart.file);
            std::fs::write(&path, &chart.svg).map_err(|source| write_error(&path, source))?;
        }
        sections.push(html::Section { score, cutoffs, charts });
    }
    let path = dir.join("report.html");
    std::fs::write(&path, html::report(summary, &sections)).map_err(|source| write_error(&path, source))
}

impl fmt::Display for CalibrationSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "calibrate: {} results rows, {} analysed", self.results_rows, self.analysed_rows)?;
        if let Some(unlabelled) = self.unlabelled_rows {
            write!(f, ", {unlabelled} without a label")?;
        }
        writeln!(f, ", {} not scored (status other than 200)", self.not_scored_rows)?;
        for score in &self.scores {
            write!(f, "  {:<28} {:>8} rows", score.column, score.rows)?;
            if let Some(auc) = score.auc {
                write!(f, "  AUC {auc:.3}")?;
            }
            if let Some(best) = &score.best_f1 {
                write!(f, "  best F1 {:.3} at {}", best.f1.unwrap_or(0.0), best.cutoff)?;
                if let (Some(precision), Some(estimated)) = (best.precision, best.estimated_fdr) {
                    write!(f, " (FDR {:.4}, estimated {:.4})", 1.0 - precision, estimated)?;
                }
            }
            if let Some(calibration) = &score.calibration {
                write!(f, "  ECE {:.4}", calibration.expected_calibration_error)?;
            }
            if !score.suggested_cutoffs.is_empty() {
                let list: Vec<String> = score.suggested_cutoffs.iter().map(f64::to_string).collect();
                write!(f, "  valleys at {}", list.join(", "))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight labelled rows with a tie between an owner and a non-owner at 70:
    ///
    /// | score | 90 | 80 | 70 | 70 | 60 | 50 | 40 | 40 |
    /// | owner | y  | y  | y  | n  | n  | y  | n  | n  |
    fn sample() -> DataFrame {
        df! {
            "status" => [200u32; 8],
            "identityMatchScore" => [90.0, 80.0, 70.0, 70.0, 60.0, 50.0, 40.0, 40.0],
            "isOwner" => [true, true, true, false, false, true, false, false],
        }
        .unwrap()
    }

    fn score() -> Score {
        Score { name: "identityMatchScore".into(), value: col("identityMatchScore"), estimates: false }
    }

    #[test]
    fn auc_is_the_mann_whitney_statistic_with_ties_as_halves() {
        let cutoffs = read_cutoffs(&cutoff_table(&sample(), &score(), true).unwrap()).unwrap();
        // Pairs (owner, non-owner) where the owner scores higher, ties counting half:
        // 90: 4, 80: 4, 70: 3 + 0.5 (the tie), 50: 2 (over both 40s); of 4 x 4 pairs.
        let mann_whitney = (4.0 + 4.0 + 3.5 + 2.0) / 16.0;
        let auc = roc_auc(&cutoffs).unwrap();
        assert!((auc - mann_whitney).abs() < 1e-12, "{auc} != {mann_whitney}");
        // Recall steps 1/4 at 90, 80, 70 (precision 1, 1, 3/4) and at 50 (precision 4/6).
        let average_precision_by_hand = 0.25 * (1.0 + 1.0 + 0.75 + 4.0 / 6.0);
        assert!((average_precision(&cutoffs).unwrap() - average_precision_by_hand).abs() < 1e-12);
    }

    #[test]
    fn best_f1_and_the_cutoff_at_target_precision() {
        let cutoffs = read_cutoffs(&cutoff_table(&sample(), &score(), true).unwrap()).unwrap();
        let at = |c: f64| cutoffs.iter().find(|x| x.cutoff == c).unwrap();
        // F1 = 2 TP / (accepted + owners): 90: 2/5, 80: 4/6, 70: 6/8, 60: 6/9, 50: 8/10, 40: 8/12.
        let f1: Vec<f64> = cutoffs.iter().map(|c| c.f1.unwrap()).collect();
        assert_eq!(f1, [2.0 / 5.0, 4.0 / 6.0, 6.0 / 8.0, 6.0 / 9.0, 8.0 / 10.0, 8.0 / 12.0]);
        assert_eq!(best_f1(&cutoffs).unwrap().cutoff, 50.0);
        let fifty = at(50.0);
        assert_eq!((fifty.accepted, fifty.true_positives, fifty.false_positives), (6, Some(4), Some(2)));
        assert_eq!((fifty.precision, fifty.recall, fifty.false_positive_rate), (Some(4.0 / 6.0), Some(1.0), Some(0.5)));
        assert_eq!(at(70.0).rows_at_cutoff, 2);
        assert_eq!(at(40.0).match_rate, 1.0);
        assert_eq!(lowest_at_precision(&cutoffs, 0.75).unwrap().cutoff, 70.0);
        assert_eq!(lowest_at_precision(&cutoffs, 0.99).unwrap().cutoff, 80.0);
    }

    #[test]
    fn fellegi_sunter_estimates_follow_the_probabilities() {
        let frame = df! {
            "status" => [200u32; 4],
            "matchProbability" => [0.9, 0.8, 0.2, 0.1],
        }
        .unwrap();
        let score = Score { name: "matchProbability".into(), value: col("matchProbability"), estimates: true };
        let cutoffs = read_cutoffs(&cutoff_table(&frame, &score, false).unwrap()).unwrap();
        let at_08 = &cutoffs[1];
        // Accepting 0.9 and 0.8: FDR = (0.1 + 0.2) / 2; FNR = (0.2 + 0.1) / 2.0.
        assert!((at_08.estimated_fdr.unwrap() - 0.15).abs() < 1e-12);
        assert!((at_08.estimated_fnr.unwrap() - 0.15).abs() < 1e-12);
        assert_eq!((at_08.accepted, at_08.match_rate), (2, 0.5));
        assert_eq!((at_08.precision, at_08.true_positives), (None, None));
        assert_eq!(roc_auc(&cutoffs), None);
    }

    #[test]
    fn histograms_use_round_widths() {
        let cutoff = |cutoff: f64, rows: u64| Cutoff {
            cutoff,
            rows_at_cutoff: rows,
            accepted: 0,
            match_rate: 0.0,
            true_positives: None,
            false_positives: None,
            precision: None,
            recall: None,
            f1: None,
            false_positive_rate: None,
            estimated_fdr: None,
            estimated_fnr: None,
        };
        let bins = histogram(&[cutoff(100.0, 3), cutoff(97.0, 1), cutoff(0.0, 2)]);
        assert_eq!(bins.len(), 21);
        assert_eq!((bins[0].from, bins[0].to, bins[0].rows), (0.0, 5.0, 2));
        assert_eq!((bins[19].rows, bins[20].from, bins[20].rows), (1, 100.0, 3));
        assert_eq!(round_width(0.05), 0.05);
        assert_eq!(round_width(1.4), 2.0);
        assert_eq!(round_width(0.0), 1.0);
    }

    #[test]
    fn valleys_between_modes_are_suggested() {
        let bins: Vec<Bin> = [2, 10, 30, 12, 2, 0, 0, 1, 8, 40, 60, 20]
            .iter()
            .enumerate()
            .map(|(i, &rows)| Bin { from: i as f64 * 5.0, to: (i + 1) as f64 * 5.0, rows })
            .collect();
        // Smoothed: 0.5 at bin 5 ([25, 30)), 0.25 at bin 6 ([30, 35)), the valley: its middle is 32.5.
        assert_eq!(suggested_cutoffs(&bins, true), [33.0]);
        assert_eq!(suggested_cutoffs(&bins, false), [32.5]);
        let flat: Vec<Bin> = (0..10).map(|i| Bin { from: i as f64, to: i as f64 + 1.0, rows: 5 }).collect();
        assert!(suggested_cutoffs(&flat, true).is_empty());
    }
}
