//! `kyclink calibrate`: the evidence an operator needs to pick score cut-offs, from a results
//! file and, when there are any, labels that say which rows were the subscriber's own.
//!
//! A cut-off `c` accepts a row when its score is at least `c`. Only rows with status 200 have
//! scores to judge: the others are counted and left out. For each score column (the
//! aggregates `identityMatchScore`, `matchWeight`, `matchProbability` and every
//! `<attr>MatchScore`, where `<attr>Match` `true` counts as 100, "equal to a match score of 100"
//! in SPEC.md section 2), the rows are counted into fixed-resolution bins ([`super::bins`]:
//! every integer score, tenths of a bit of weight), read a batch at a time, so memory does not
//! grow with the file. From the bins, per candidate cut-off:
//!
//! - always: the histogram, the share of requests each cut-off accepts, and the valleys
//!   between its modes ([`metrics::valleys`]);
//! - with `matchProbability` in the file, for `matchWeight` and `matchProbability`: the
//!   Fellegi-Sunter estimates of fastLink's summary, with `p` each accepted row's probability:
//!   estimated FDR = Σ_accepted (1 - p) / accepted, estimated FNR = Σ_rejected p / Σ_all p,
//!   and the cut-off of the best F1 they predict;
//! - with labels (`requestId,isOwner[,kind]`): precision, recall, F1 and false-positive rate,
//!   ROC AUC (the trapezoid over the cut-offs, a tie between an owner and a non-owner counting
//!   half, as the Mann-Whitney statistic does), PR AUC as average precision, the best-F1
//!   cut-off, the lowest cut-off that reaches the target precision, per `kind` the share the
//!   best-F1 cut-off accepts, and the reliability of `matchProbability`.
//!
//! Labels in the order of the results (as `generate` writes them and `match` keeps them) are
//! read beside them; in another order, they are first read into a map of their requestIds.
//! With `--by COL`, match rates per value of COL at each aggregate's first recommended cut-off.
//! The report holds column names, cut-offs, counts and rates only: no value of any input row.

use super::bins::{Binning, ScoreBins, Scored};
use super::metrics::{self, average_precision, best_f1, cutoff_at_or_above, estimated_best_f1, roc_auc};
use super::read::{Batch, IS_OWNER, Table};
use super::types::{
    AGGREGATES, CalibrateOptions, CalibrationSummary, Cutoff, KIND, KindAcceptance, Recommendation, Reliability,
    ReliabilityBin, ScoreSummary, Segment, SegmentRate, Segments, THRESHOLD_COLUMNS,
};
use super::{charts, explorer, format, html};
use crate::error::Error;
use crate::io;
use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{Field, Schema};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The most distinct values `--by` takes: a column with more is not a segment.
pub const MAX_SEGMENTS: usize = 1000;
/// How many reliability bins `matchProbability` is cut into.
const RELIABILITY_BINS: usize = 10;

/// Calibrates the scores of `options.results` and writes the report directory:
/// `thresholds.csv`, `summary.json`, SVG charts and `report.html`.
pub fn calibrate(options: &CalibrateOptions) -> Result<CalibrationSummary, Error> {
    let mut inputs = vec![("--results", options.results.as_path())];
    inputs.extend(options.labels.as_deref().map(|labels| ("--labels", labels)));
    io::refuse_overwrites_in("--report", &options.report, writes_in_report, &inputs)?;
    let counted = match count_rows(options, Join::InStep) {
        Ok(counted) => counted,
        Err(Failure::Error(error)) => return Err(error),
        // Labels in another order than the results: through a map of their requestIds.
        Err(Failure::Misaligned) => match count_rows(options, Join::Map) {
            Ok(counted) => counted,
            Err(Failure::Error(error)) => return Err(error),
            Err(Failure::Misaligned) => unreachable!("a map has no order"),
        },
    };
    let summary = summarise(options, &counted)?;
    write_report(&options.report, &summary, &counted)?;
    Ok(summary)
}

/// How labels meet their results rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Row by row, the labels in the results' order.
    InStep,
    /// Through a map of the labels' requestIds.
    Map,
}

/// One label.
#[derive(Debug, Clone, Copy)]
struct Label {
    owner: bool,
    kind: Option<usize>,
}

/// Where labels come from while the results are read.
enum Labels {
    None,
    InStep { table: Table, id: usize, owner: usize, kind: Option<usize>, pending: VecDeque<(String, Option<Label>)> },
    Map(HashMap<String, Label>),
}

/// Label kinds by first appearance; a kind's number indexes the bins' kind counts.
#[derive(Default)]
struct Kinds(Vec<String>);

impl Kinds {
    fn number(&mut self, kind: &str) -> usize {
        self.0.iter().position(|k| k == kind).unwrap_or_else(|| {
            self.0.push(kind.to_string());
            self.0.len() - 1
        })
    }
}

/// Everything counted from the files.
struct Counted {
    results_rows: u64,
    labelled: bool,
    unlabelled_rows: u64,
    not_scored_rows: u64,
    analysed_rows: u64,
    estimates: bool,
    /// Per score column: its name, bins, and analysed rows without a score.
    scores: Vec<(String, ScoreBins, u64)>,
    kinds: Vec<String>,
    /// Per reliability bin: rows, Σ p, owners.
    reliability: Option<[(u64, f64, u64); RELIABILITY_BINS]>,
    /// The `--by` column and, per its value, the rows and the bins of each aggregate present.
    segments: Option<(String, SegmentBins)>,
}

/// Per segment value: its analysed rows and the bins of each aggregate score.
type SegmentBins = BTreeMap<String, (u64, Vec<ScoreBins>)>;

/// Errors, or the labels' order is not the results'.
enum Failure {
    Error(Error),
    Misaligned,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Error(error)
    }
}

/// The score columns to calibrate (`--score`, or every aggregate present and then every
/// `*MatchScore` in file order), each with its column and, for a `*MatchScore`, its
/// `<attr>Match` column (whose `true` counts as 100).
fn score_columns(table: &Table, options: &CalibrateOptions) -> Result<Vec<(String, usize, Option<usize>)>, Error> {
    let headers = table.headers();
    let names: Vec<String> = match &options.score {
        Some(name) => {
            table.require(name)?;
            if !(AGGREGATES.contains(&name.as_str()) || name.ends_with("MatchScore")) {
                return Err(Error::Usage(format!("{name} is not a score column")));
            }
            vec![name.clone()]
        }
        None => {
            let aggregates = AGGREGATES.iter().filter(|a| headers.iter().any(|h| h == *a)).map(|a| a.to_string());
            let attributes = headers.iter().filter(|h| h.ends_with("MatchScore") && !AGGREGATES.contains(&h.as_str()));
            aggregates.chain(attributes.cloned()).collect()
        }
    };
    if names.is_empty() {
        let message = format!(
            "{}: no score column (identityMatchScore, matchWeight, matchProbability or <attr>MatchScore)",
            table.path().display()
        );
        return Err(Error::Usage(message));
    }
    Ok(names
        .into_iter()
        .map(|name| {
            let column = table.column(&name).expect("chosen among the headers");
            let answer = name.strip_suffix("Score").filter(|_| !AGGREGATES.contains(&name.as_str()));
            let answer = answer.and_then(|a| table.column(a));
            (name, column, answer)
        })
        .collect())
}

fn count_rows(options: &CalibrateOptions, join: Join) -> Result<Counted, Failure> {
    let mut results = Table::open(&options.results)?;
    let status = results.require("status")?;
    let scores = score_columns(&results, options)?;
    let probability = results.column("matchProbability");
    let request_id = options.labels.as_ref().map(|_| results.require("requestId")).transpose()?;
    let by = options.by.as_ref().map(|c| results.require(c)).transpose()?;
    let mut read: Vec<usize> = [Some(status), probability, request_id, by].into_iter().flatten().collect();
    read.extend(scores.iter().flat_map(|(_, column, answer)| [Some(*column), *answer]).flatten());
    results.project(&read)?;

    let mut kinds = Kinds::default();
    let mut labels = match &options.labels {
        None => Labels::None,
        Some(path) => open_labels(path, join, &mut kinds)?,
    };
    let labelled = options.labels.is_some();
    let mut bins: Vec<ScoreBins> = scores.iter().map(|(name, _, _)| ScoreBins::new(Binning::of(name))).collect();
    let mut without = vec![0u64; scores.len()];
    let aggregates: Vec<usize> = (0..scores.len()).filter(|&i| AGGREGATES.contains(&scores[i].0.as_str())).collect();
    let mut segments = SegmentBins::new();
    let mut reliability = [(0u64, 0.0f64, 0u64); RELIABILITY_BINS];
    let (mut results_rows, mut unlabelled_rows, mut not_scored_rows, mut analysed_rows) = (0, 0, 0, 0);
    while let Some(batch) = results.next_batch()? {
        for row in 0..batch.len() {
            results_rows += 1;
            let label = match &mut labels {
                Labels::None => None,
                labels => match label_of(labels, &batch, request_id.expect("labelled"), row, &mut kinds)? {
                    Some(label) => Some(label),
                    None => {
                        unlabelled_rows += 1;
                        continue;
                    }
                },
            };
            if batch.number(status, row)? != Some(200.0) {
                not_scored_rows += 1;
                continue;
            }
            analysed_rows += 1;
            let p = probability.map(|c| batch.number(c, row)).transpose()?.flatten();
            let scored = Scored {
                owner: label.as_ref().is_some_and(|l| l.owner),
                probability: p,
                kind: label.and_then(|l| l.kind),
            };
            let mut segment = match by {
                Some(column) => {
                    let key = batch.text(column, row).unwrap_or("(empty)");
                    if !segments.contains_key(key) && segments.len() == MAX_SEGMENTS {
                        let message = format!(
                            "--by {}: more than {MAX_SEGMENTS} distinct values, not a segment column",
                            options.by.as_deref().unwrap_or_default()
                        );
                        return Err(Error::Usage(message).into());
                    }
                    let entry = segments.entry(key.to_string()).or_insert_with(|| {
                        (0, aggregates.iter().map(|&i| ScoreBins::new(bins[i].binning())).collect())
                    });
                    entry.0 += 1;
                    Some(&mut entry.1)
                }
                None => None,
            };
            for (i, (_, column, answer)) in scores.iter().enumerate() {
                let value = match answer {
                    Some(answer) if batch.text(*answer, row) == Some("true") => Some(100.0),
                    _ => batch.number(*column, row)?,
                };
                let Some(value) = value else {
                    without[i] += 1;
                    continue;
                };
                bins[i].add(value, scored);
                if let Some(at) = aggregates.iter().position(|&a| a == i)
                    && let Some(segment) = segment.as_mut()
                {
                    segment[at].add(value, Scored { kind: None, ..scored });
                }
            }
            if labelled && let Some(p) = p {
                let bin = &mut reliability[((p * RELIABILITY_BINS as f64) as usize).min(RELIABILITY_BINS - 1)];
                *bin = (bin.0 + 1, bin.1 + p, bin.2 + u64::from(scored.owner));
            }
        }
    }
    if labelled && unlabelled_rows == results_rows && results_rows > 0 {
        let labels = options.labels.as_ref().expect("labelled").display();
        let message =
            format!("no requestId of {labels} is in {}: the labels are not this batch's", options.results.display());
        return Err(Error::Usage(message).into());
    }
    Ok(Counted {
        results_rows,
        labelled,
        unlabelled_rows,
        not_scored_rows,
        analysed_rows,
        estimates: probability.is_some(),
        scores: scores.into_iter().zip(bins).zip(without).map(|(((name, _, _), bins), w)| (name, bins, w)).collect(),
        kinds: kinds.0,
        reliability: (labelled && probability.is_some()).then_some(reliability),
        segments: options.by.clone().map(|column| (column, segments)),
    })
}

fn open_labels(path: &Path, join: Join, kinds: &mut Kinds) -> Result<Labels, Error> {
    let mut table = Table::open(path)?;
    let (id, owner, kind) = (table.require("requestId")?, table.require(IS_OWNER)?, table.column(KIND));
    table.project(&[Some(id), Some(owner), kind].into_iter().flatten().collect::<Vec<_>>())?;
    if join == Join::InStep {
        return Ok(Labels::InStep { table, id, owner, kind, pending: VecDeque::new() });
    }
    let mut map = HashMap::new();
    let mut duplicates = 0;
    while let Some(batch) = table.next_batch()? {
        for row in 0..batch.len() {
            let Some(request_id) = batch.text(id, row) else { continue };
            let label = read_label(&batch, owner, kind, row, kinds)?;
            match label {
                Some(label) => {
                    if map.insert(request_id.to_string(), label).is_some() {
                        duplicates += 1;
                    }
                }
                None => continue,
            }
        }
    }
    if duplicates > 0 {
        let message = format!("{}: {duplicates} requestIds have more than one label", path.display());
        return Err(Error::Usage(message));
    }
    Ok(Labels::Map(map))
}

/// A labels row's label; `None` when `isOwner` is empty (no label).
fn read_label(
    batch: &Batch,
    owner: usize,
    kind: Option<usize>,
    row: usize,
    kinds: &mut Kinds,
) -> Result<Option<Label>, Error> {
    let Some(flag) = batch.flag(owner, row)? else { return Ok(None) };
    let kind = kind.and_then(|k| batch.text(k, row)).map(|k| kinds.number(k));
    Ok(Some(Label { owner: flag, kind }))
}

/// The label of results row `row`: the next labels row when read in step (its requestId
/// must be the row's, or the files are [`Failure::Misaligned`]), else the map's.
fn label_of(
    labels: &mut Labels,
    batch: &Batch,
    request_id: usize,
    row: usize,
    kinds: &mut Kinds,
) -> Result<Option<Label>, Failure> {
    let id = batch.text(request_id, row).unwrap_or("");
    match labels {
        Labels::None => Ok(None),
        Labels::Map(map) => Ok(map.get(id).copied()),
        Labels::InStep { table, id: id_column, owner, kind, pending } => {
            if pending.is_empty() {
                let Some(next) = table.next_batch()? else { return Err(Failure::Misaligned) };
                for r in 0..next.len() {
                    let label = read_label(&next, *owner, *kind, r, kinds)?;
                    pending.push_back((next.text(*id_column, r).unwrap_or("").to_string(), label));
                }
            }
            match pending.pop_front() {
                Some((label_id, label)) if label_id == id && !id.is_empty() => Ok(label),
                _ => Err(Failure::Misaligned),
            }
        }
    }
}

/// The summary of every score from its bins.
fn summarise(options: &CalibrateOptions, counted: &Counted) -> Result<CalibrationSummary, Error> {
    let mut warnings = Vec::new();
    if counted.unlabelled_rows > 0 {
        warnings.push(format!("{} results rows have no label and are left out", counted.unlabelled_rows));
    }
    if counted.not_scored_rows > 0 {
        warnings.push(format!(
            "{} rows with a status other than 200 have no scores and are left out",
            counted.not_scored_rows
        ));
    }
    // matchProbability is matchWeight written as a probability: one ranking, one shape, so
    // its valleys are matchWeight's (its own histogram piles up where six decimals saturate).
    let weight_valleys = counted
        .scores
        .iter()
        .find(|(name, _, _)| name == "matchWeight")
        .map(|(_, bins, _)| metrics::valleys(&metrics::histogram(&bins.cutoffs(false, false))));
    let mut scores = Vec::with_capacity(counted.scores.len());
    for (name, bins, without) in &counted.scores {
        let estimates = counted.estimates && (name == "matchWeight" || name == "matchProbability");
        let cutoffs = bins.cutoffs(counted.labelled, estimates);
        let valleys = match (name.as_str(), &weight_valleys) {
            ("matchProbability", Some(valleys)) => valleys.clone(),
            _ => metrics::valleys(&metrics::histogram(&cutoffs)),
        };
        let mut summary = score_summary(name, bins, *without, &cutoffs, &valleys, options.target_precision);
        if let Some(best) = &summary.best_f1
            && !counted.kinds.is_empty()
        {
            summary.kinds = bins
                .kinds_at(best.cutoff)
                .into_iter()
                .zip(&counted.kinds)
                .filter(|((_, rows), _)| *rows > 0)
                .map(|((accepted, rows), kind)| KindAcceptance {
                    kind: Some(kind.clone()),
                    rows,
                    accepted,
                    accepted_share: accepted as f64 / rows as f64,
                })
                .collect();
            summary.kinds.sort_by(|a, b| a.kind.cmp(&b.kind));
        }
        if name == "matchProbability" {
            summary.calibration = counted.reliability.map(|bins| reliability(&bins));
        }
        if summary.rows == 0 {
            warnings.push(format!("{name}: no analysed row has a score"));
        }
        scores.push(summary);
    }
    let segments = counted.segments.as_ref().map(|(column, segments)| Segments {
        column: column.clone(),
        rows: segments
            .iter()
            .map(|(segment, (rows, bins))| Segment {
                segment: segment.clone(),
                rows: *rows,
                scores: scores
                    .iter()
                    .filter(|s| AGGREGATES.contains(&s.column.as_str()))
                    .zip(bins)
                    .filter_map(|(score, bins)| segment_rate(score, bins, counted.labelled))
                    .collect(),
            })
            .collect(),
    });
    Ok(CalibrationSummary {
        results_rows: counted.results_rows,
        labelled: counted.labelled,
        unlabelled_rows: counted.labelled.then_some(counted.unlabelled_rows),
        not_scored_rows: counted.not_scored_rows,
        analysed_rows: counted.analysed_rows,
        target_precision: counted.labelled.then_some(options.target_precision),
        scores,
        segments,
        warnings,
    })
}

/// The calibration of one score column from its bins and cut-offs (highest first).
fn score_summary(
    column: &str,
    bins: &ScoreBins,
    without: u64,
    cutoffs: &[Cutoff],
    valleys: &[f64],
    target: f64,
) -> ScoreSummary {
    let rows = bins.rows();
    let positives = cutoffs.last().and_then(|c| c.true_positives);
    let histogram = metrics::histogram(cutoffs);
    let valley_cutoffs: Vec<&Cutoff> = valleys.iter().filter_map(|&v| cutoff_at_or_above(cutoffs, v)).collect();
    let mut suggested: Vec<f64> = valley_cutoffs.iter().map(|c| c.cutoff).collect();
    suggested.sort_by(f64::total_cmp);
    suggested.dedup();
    let best = best_f1(cutoffs).cloned();
    let at_target = metrics::lowest_at_precision(cutoffs, target).cloned();
    let recommended =
        recommendations(cutoffs, &valley_cutoffs, best.as_ref(), at_target.as_ref(), target, bins.binning());
    ScoreSummary {
        column: column.to_string(),
        rows,
        without_score: without,
        cutoffs: cutoffs.len() as u64,
        min: cutoffs.last().map(|c| c.cutoff),
        max: cutoffs.first().map(|c| c.cutoff),
        histogram,
        suggested_cutoffs: suggested,
        positives,
        negatives: positives.map(|p| rows - p),
        auc: roc_auc(cutoffs),
        pr_auc: average_precision(cutoffs),
        best_f1: best,
        at_target_precision: at_target,
        kinds: Vec::new(),
        calibration: None,
        recommended,
    }
}

/// The cut-offs worth taking, most trusted first: with labels the best-F1 one and the lowest
/// at the target precision; from the model the best F1 its probabilities predict; from the
/// histogram the valley nearest the model's (without a model, the deepest).
fn recommendations(
    cutoffs: &[Cutoff],
    valleys: &[&Cutoff],
    best: Option<&Cutoff>,
    at_target: Option<&Cutoff>,
    target: f64,
    binning: Binning,
) -> Vec<Recommendation> {
    let mut recommended = Vec::new();
    if let Some(best) = best {
        let why = format!(
            "the highest F1 ({}) on the labels: precision {} and recall {} in balance",
            format::share(best.f1),
            format::share(best.precision),
            format::share(best.recall)
        );
        recommended.push(Recommendation { rule: "bestF1", why, at: best.clone() });
    }
    if let Some(at) = at_target {
        let why = format!(
            "the lowest cut-off whose precision reaches the target {}: the most owners accepted at that precision",
            format::share(Some(target))
        );
        recommended.push(Recommendation { rule: "targetPrecision", why, at: at.clone() });
    }
    let estimated = estimated_best_f1(cutoffs);
    if let Some(at) = estimated {
        let why = format!(
            "the best F1 the model predicts without labels: estimated false-discovery rate {}, false-negative rate {}",
            format::share(at.estimated_fdr),
            format::share(at.estimated_fnr)
        );
        recommended.push(Recommendation { rule: "estimatedBestF1", why, at: at.clone() });
    }
    let valley = match estimated {
        Some(model) => {
            valleys.iter().min_by(|a, b| (a.axis - model.axis).abs().total_cmp(&(b.axis - model.axis).abs()))
        }
        None => valleys.first(),
    };
    if let Some(at) = valley {
        let why = match estimated {
            Some(model) => format!(
                "the valley of the histogram nearest the model's choice ({} from it): where requests are fewest \
                 between the two humps",
                format::number((at.axis - model.axis).abs()) + if binning == Binning::Integers { "" } else { " bits" }
            ),
            None => "the deepest valley of the histogram, between the requests of other people and the \
                     subscribers' own"
                .to_string(),
        };
        recommended.push(Recommendation { rule: "valley", why, at: (*at).clone() });
    }
    recommended
}

/// What the score's first recommended cut-off accepts in one segment.
fn segment_rate(score: &ScoreSummary, bins: &ScoreBins, labelled: bool) -> Option<SegmentRate> {
    let cutoff = score.recommended.first()?.at.cutoff;
    let cutoffs = bins.cutoffs(labelled, false);
    let scored = bins.rows();
    let at = cutoffs.iter().rev().find(|c| c.cutoff >= cutoff);
    let accepted = at.map_or(0, |c| c.accepted);
    Some(SegmentRate {
        score: score.column.clone(),
        cutoff,
        scored,
        accepted,
        match_rate: if scored > 0 { accepted as f64 / scored as f64 } else { 0.0 },
        precision: at.and_then(|c| c.precision),
        recall: at.and_then(|c| c.recall),
    })
}

/// The reliability table from its bins' rows, Σ p and owners.
fn reliability(bins: &[(u64, f64, u64); RELIABILITY_BINS]) -> Reliability {
    let total: u64 = bins.iter().map(|b| b.0).sum();
    let bins: Vec<ReliabilityBin> = bins
        .iter()
        .enumerate()
        .filter(|(_, b)| b.0 > 0)
        .map(|(i, &(rows, probability, owners))| ReliabilityBin {
            from: i as f64 / RELIABILITY_BINS as f64,
            to: (i + 1) as f64 / RELIABILITY_BINS as f64,
            rows,
            mean_probability: probability / rows as f64,
            owner_share: owners as f64 / rows as f64,
        })
        .collect();
    let expected_calibration_error =
        bins.iter().map(|b| b.rows as f64 / total.max(1) as f64 * (b.mean_probability - b.owner_share).abs()).sum();
    Reliability { expected_calibration_error, bins }
}

/// `thresholds.csv`: every score's cut-offs, one row each, in [`THRESHOLD_COLUMNS`].
fn thresholds(counted: &Counted) -> Result<RecordBatch, Error> {
    let rows: Vec<(&str, Cutoff)> = counted
        .scores
        .iter()
        .flat_map(|(name, bins, _)| {
            let estimates = counted.estimates && (name == "matchWeight" || name == "matchProbability");
            bins.cutoffs(counted.labelled, estimates).into_iter().map(move |c| (name.as_str(), c))
        })
        .collect();
    let floats = |value: fn(&Cutoff) -> Option<f64>| -> ArrayRef {
        Arc::new(rows.iter().map(|(_, c)| value(c)).collect::<Float64Array>())
    };
    let counts = |value: fn(&Cutoff) -> Option<u64>| -> ArrayRef {
        Arc::new(rows.iter().map(|(_, c)| value(c)).collect::<UInt64Array>())
    };
    let columns: Vec<ArrayRef> = vec![
        Arc::new(rows.iter().map(|(name, _)| Some(*name)).collect::<StringArray>()),
        floats(|c| Some(c.cutoff)),
        counts(|c| Some(c.rows_at_cutoff)),
        counts(|c| Some(c.accepted)),
        floats(|c| Some(c.match_rate)),
        counts(|c| c.true_positives),
        counts(|c| c.false_positives),
        floats(|c| c.precision),
        floats(|c| c.recall),
        floats(|c| c.f1),
        floats(|c| c.false_positive_rate),
        floats(|c| c.estimated_fdr),
        floats(|c| c.estimated_fnr),
    ];
    let fields: Vec<Field> = THRESHOLD_COLUMNS
        .iter()
        .zip(&columns)
        .map(|(name, column)| Field::new(*name, column.data_type().clone(), true))
        .collect();
    Ok(RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)?)
}

/// Whether [`write_report`] may write a file of this name into the report directory.
fn writes_in_report(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    matches!(name.as_ref(), "thresholds.csv" | "summary.json" | "report.html") || name.ends_with(".svg")
}

/// Writes `thresholds.csv`, `summary.json`, the charts and `report.html` into `dir`.
fn write_report(dir: &Path, summary: &CalibrationSummary, counted: &Counted) -> Result<(), Error> {
    let write_error = |path: &Path, source| Error::Write { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|source| write_error(dir, source))?;
    let table = thresholds(counted)?;
    let mut writer = io::create_writer(&dir.join("thresholds.csv"), None, &table.schema())?;
    writer.write(&table)?;
    writer.close()?;
    let json = serde_json::to_string_pretty(summary).expect("a calibration summary always serialises");
    let path = dir.join("summary.json");
    std::fs::write(&path, json + "\n").map_err(|source| write_error(&path, source))?;
    let mut sections = Vec::with_capacity(summary.scores.len());
    let mut explored = Vec::with_capacity(summary.scores.len());
    for ((name, bins, _), score) in counted.scores.iter().zip(&summary.scores) {
        let estimates = counted.estimates && (name == "matchWeight" || name == "matchProbability");
        let cutoffs = bins.cutoffs(counted.labelled, estimates);
        let charts = charts::score_charts(score, &cutoffs);
        for chart in &charts {
            let path = dir.join(&chart.file);
            std::fs::write(&path, &chart.svg).map_err(|source| write_error(&path, source))?;
        }
        explored.push(explorer::Score::new(score, bins, &counted.kinds, counted.labelled, estimates));
        sections.push(html::Section { score, cutoffs, charts });
    }
    let path = dir.join("report.html");
    let page = html::report(summary, &sections, &explorer::data(&explored, &counted.kinds));
    std::fs::write(&path, page).map_err(|source| write_error(&path, source))
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
                write!(f, "  best F1 {:.3} at {}", best.f1.unwrap_or(0.0), format::number(best.cutoff))?;
                if let (Some(precision), Some(estimated)) = (best.precision, best.estimated_fdr) {
                    write!(f, " (FDR {:.4}, estimated {:.4})", 1.0 - precision, estimated)?;
                }
            }
            if let Some(calibration) = &score.calibration {
                write!(f, "  ECE {:.4}", calibration.expected_calibration_error)?;
            }
            if let Some(first) = score.recommended.first().filter(|r| r.rule != "bestF1") {
                write!(f, "  suggested {} ({})", format::number(first.at.cutoff), first.rule)?;
            }
            if !score.suggested_cutoffs.is_empty() {
                let list: Vec<String> = score.suggested_cutoffs.iter().map(|&c| format::number(c)).collect();
                write!(f, "  valleys at {}", list.join(", "))?;
            }
            writeln!(f)?;
        }
        if let Some(segments) = &self.segments {
            writeln!(f, "  match rate by {} at each score's first suggested cut-off:", segments.column)?;
            for segment in &segments.rows {
                let rates: Vec<String> = segment
                    .scores
                    .iter()
                    .map(|r| format!("{} {} at {}", r.score, format::percent(r.match_rate), format::number(r.cutoff)))
                    .collect();
                writeln!(f, "    {:<20} {:>8} rows  {}", segment.segment, segment.rows, rates.join(", "))?;
            }
        }
        Ok(())
    }
}
