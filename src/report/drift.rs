//! `kyclink drift`: has a batch's population moved since a baseline batch? Two results files
//! of `kyclink match` are counted a batch at a time (as calibrate counts them) and compared:
//!
//! - per aggregate score (`identityMatchScore`, `matchWeight`, `matchProbability`), over the
//!   rows answered 200: the population stability index over the baseline's deciles, the
//!   two-sample Kolmogorov-Smirnov statistic and its p-value, and the match rate at a cut-off
//!   in both (`--cutoff`, else the baseline's own suggestion without labels: the model's
//!   estimated best F1, or the deepest valley), with a two-proportion test;
//! - per `<attr>Match` column: the shares of `true`, `false` and `not_available` among the
//!   rows that carry it, with a chi-square test of homogeneity;
//! - with `--by COL`, the scores' figures per segment present in both.
//!
//! A figure is flagged when it moved by more than chance AND by enough to matter: with
//! millions of rows any difference is significant, so every flag also needs an effect size
//! ([`Thresholds`]; documented in the README). Two batches of one population are not flagged;
//! a batch with many more impostors is.

use super::bins::{Binning, ScoreBins, Scored};
use super::charts;
use super::format::{number, percent};
use super::html::escape;
use super::metrics::{chi_square, ks_p, suggested_without_labels, two_proportion_p};
use super::read::Table;
use super::types::AGGREGATES;
use crate::error::Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// What `drift` compares and where it writes.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// The reference results.
    pub baseline: PathBuf,
    /// The results to check.
    pub current: PathBuf,
    /// A segment column to compare per value.
    pub by: Option<String>,
    /// Match-rate cut-offs per score (others: the baseline's suggestion).
    pub cutoffs: Vec<(String, f64)>,
    /// Where to write `drift.json`, `drift.html` and the charts, if anywhere.
    pub report: Option<PathBuf>,
}

/// When a figure is flagged: its test's p-value below `p_value` and its effect at least the
/// size given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Thresholds {
    /// The p-value below which a difference is more than chance.
    pub p_value: f64,
    /// The population stability index from which a score's distribution has moved (the
    /// common rule: below 0.1 no significant change, 0.1-0.25 a moderate one, above a major one).
    pub psi: f64,
    /// The Kolmogorov-Smirnov distance from which a score's distribution has moved.
    pub ks: f64,
    /// The change of a match rate, or of an answer's share, that matters (2 points).
    pub share: f64,
}

/// The thresholds of every flag.
pub const THRESHOLDS: Thresholds = Thresholds { p_value: 0.001, psi: 0.1, ks: 0.05, share: 0.02 };

/// How one aggregate score moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreDrift {
    /// The score column.
    pub score: String,
    /// Rows with the score in each batch.
    pub baseline_rows: u64,
    /// Rows with the score in each batch.
    pub current_rows: u64,
    /// Population stability index over the baseline's deciles.
    pub psi: f64,
    /// Kolmogorov-Smirnov distance between the two distributions.
    pub ks: f64,
    /// Its asymptotic p-value.
    pub ks_p_value: f64,
    /// The cut-off of the match rates.
    pub cutoff: Option<f64>,
    /// The share of the baseline's scored rows the cut-off accepts.
    pub baseline_match_rate: Option<f64>,
    /// The same in the current batch.
    pub current_match_rate: Option<f64>,
    /// The two-proportion test's p-value.
    pub match_rate_p_value: Option<f64>,
    /// What moved: `distribution` (PSI and KS), `matchRate`.
    pub flags: Vec<&'static str>,
}

/// The shares of one answer column in one batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shares {
    /// Rows carrying an answer.
    pub requested: u64,
    /// Share answered `true`.
    pub true_share: f64,
    /// Share answered `false`.
    pub false_share: f64,
    /// Share answered `not_available`.
    pub not_available_share: f64,
}

/// How one `<attr>Match` column moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerDrift {
    /// The column.
    pub attribute: String,
    /// Its shares in the baseline.
    pub baseline: Shares,
    /// Its shares in the current batch.
    pub current: Shares,
    /// The largest change of a share.
    pub largest_shift: f64,
    /// The chi-square statistic of homogeneity.
    pub chi_square: f64,
    /// Its p-value.
    pub p_value: f64,
    /// Whether it moved (p-value and shift past the thresholds).
    pub flagged: bool,
}

/// One segment's scores (`--by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentDrift {
    /// The segment's value.
    pub segment: String,
    /// Its scores' drift.
    pub scores: Vec<ScoreDrift>,
}

/// What `drift` found; also written as `drift.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriftSummary {
    /// Rows of the baseline file.
    pub baseline_rows: u64,
    /// Rows of the current file.
    pub current_rows: u64,
    /// Per aggregate score in both.
    pub scores: Vec<ScoreDrift>,
    /// Per answer column in both.
    pub attributes: Vec<AnswerDrift>,
    /// The `--by` column.
    pub by: Option<String>,
    /// Per segment in both.
    pub segments: Vec<SegmentDrift>,
    /// The thresholds the flags used.
    pub thresholds: Thresholds,
    /// Whether anything was flagged.
    pub flagged: bool,
}

/// One batch's counts.
struct Counts {
    rows: u64,
    /// Per aggregate score present: its bins over the rows answered 200.
    scores: Vec<(String, ScoreBins)>,
    /// Per answer column: true, false, not_available.
    answers: Vec<(String, [u64; 3])>,
    /// Per segment value: its scores' bins.
    segments: BTreeMap<String, Vec<ScoreBins>>,
}

fn count(path: &Path, by: Option<&str>) -> Result<Counts, Error> {
    let mut table = Table::open(path)?;
    let status = table.require("status")?;
    let by = by.map(|c| table.require(c)).transpose()?;
    let probability = table.column("matchProbability");
    let scores: Vec<(String, usize)> =
        AGGREGATES.iter().filter_map(|a| table.column(a).map(|i| (a.to_string(), i))).collect();
    let answers: Vec<(String, usize)> =
        table.headers().iter().enumerate().filter(|(_, h)| h.ends_with("Match")).map(|(i, h)| (h.clone(), i)).collect();
    let mut read: Vec<usize> = [Some(status), by, probability].into_iter().flatten().collect();
    read.extend(scores.iter().map(|(_, i)| *i).chain(answers.iter().map(|(_, i)| *i)));
    table.project(&read)?;
    let new_bins = || scores.iter().map(|(name, _)| ScoreBins::new(Binning::of(name))).collect::<Vec<_>>();
    let mut counts = Counts {
        rows: 0,
        scores: scores.iter().map(|(name, _)| (name.clone(), ScoreBins::new(Binning::of(name)))).collect(),
        answers: answers.iter().map(|(name, _)| (name.clone(), [0; 3])).collect(),
        segments: BTreeMap::new(),
    };
    while let Some(batch) = table.next_batch()? {
        for row in 0..batch.len() {
            counts.rows += 1;
            for ((_, column), (_, tally)) in answers.iter().zip(&mut counts.answers) {
                match batch.text(*column, row) {
                    Some("true") => tally[0] += 1,
                    Some("false") => tally[1] += 1,
                    Some(_) => tally[2] += 1,
                    None => {}
                }
            }
            if batch.number(status, row)? != Some(200.0) {
                continue;
            }
            let p = probability.map(|c| batch.number(c, row)).transpose()?.flatten();
            let scored = Scored { probability: p, ..Scored::default() };
            let mut segment = by.map(|c| {
                let key = batch.text(c, row).unwrap_or("(empty)").to_string();
                counts.segments.entry(key).or_insert_with(new_bins)
            });
            for (i, (_, column)) in scores.iter().enumerate() {
                if let Some(value) = batch.number(*column, row)? {
                    counts.scores[i].1.add(value, scored);
                    if let Some(segment) = segment.as_mut() {
                        segment[i].add(value, scored);
                    }
                }
            }
        }
    }
    Ok(counts)
}

/// Compares the two batches of `options` and writes the report when asked.
pub fn drift(options: &DriftOptions) -> Result<DriftSummary, Error> {
    if let Some(dir) = &options.report {
        let inputs = [("--baseline", options.baseline.as_path()), ("--current", options.current.as_path())];
        let writes = |name: &std::ffi::OsStr| {
            let name = name.to_string_lossy();
            name == "drift.json" || name == "drift.html" || name.ends_with(".drift.svg")
        };
        crate::io::refuse_overwrites_in("--report", dir, writes, &inputs)?;
    }
    let baseline = count(&options.baseline, options.by.as_deref())?;
    let current = count(&options.current, options.by.as_deref())?;
    for (score, _) in &options.cutoffs {
        if !baseline.scores.iter().any(|(name, _)| name == score) {
            let message =
                format!("--cutoff {score}: {} has no such aggregate score column", options.baseline.display());
            return Err(Error::Usage(message));
        }
    }
    let cutoff_of =
        |score: &str, bins: &ScoreBins| -> Option<f64> {
            options.cutoffs.iter().find(|(s, _)| s == score).map(|(_, c)| *c).or_else(|| {
                suggested_without_labels(&bins.cutoffs(false, score != "identityMatchScore")).map(|c| c.cutoff)
            })
        };
    let mut scores = Vec::new();
    let mut cutoffs: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for (name, base) in &baseline.scores {
        let Some((_, now)) = current.scores.iter().find(|(n, _)| n == name) else { continue };
        let cutoff = cutoff_of(name, base);
        cutoffs.insert(name.clone(), cutoff);
        scores.push(score_drift(name, base, now, cutoff));
    }
    let attributes: Vec<AnswerDrift> = baseline
        .answers
        .iter()
        .filter_map(|(name, base)| {
            let (_, now) = current.answers.iter().find(|(n, _)| n == name)?;
            (base.iter().sum::<u64>() > 0 && now.iter().sum::<u64>() > 0).then(|| answer_drift(name, base, now))
        })
        .collect();
    let mut segments = Vec::new();
    for (segment, base) in &baseline.segments {
        let Some(now) = current.segments.get(segment) else { continue };
        let scores = baseline
            .scores
            .iter()
            .zip(base)
            .zip(now)
            .filter(|((_, b), n)| b.rows() > 0 && n.rows() > 0)
            .map(|(((name, _), b), n)| score_drift(name, b, n, cutoffs.get(name).copied().flatten()))
            .collect();
        segments.push(SegmentDrift { segment: segment.clone(), scores });
    }
    let flagged = scores.iter().any(|s| !s.flags.is_empty())
        || attributes.iter().any(|a| a.flagged)
        || segments.iter().any(|s| s.scores.iter().any(|d| !d.flags.is_empty()));
    let summary = DriftSummary {
        baseline_rows: baseline.rows,
        current_rows: current.rows,
        scores,
        attributes,
        by: options.by.clone(),
        segments,
        thresholds: THRESHOLDS,
        flagged,
    };
    if let Some(dir) = &options.report {
        write_report(dir, &summary, &baseline, &current)?;
    }
    Ok(summary)
}

/// The ascending values and row shares of `bins` (each bin at its cut-off).
fn distribution(bins: &ScoreBins) -> Vec<(f64, f64)> {
    let rows = bins.rows().max(1) as f64;
    bins.bins().into_iter().rev().map(|(cutoff, _, c)| (cutoff, c.rows as f64 / rows)).collect()
}

/// The population stability index of `current` against `baseline` over the baseline's
/// deciles (ties may merge them), each share floored at 0.0001 so an empty decile counts.
fn psi(baseline: &[(f64, f64)], current: &[(f64, f64)]) -> f64 {
    let mut edges = Vec::new();
    let mut cumulative = 0.0;
    let mut next = 0.1;
    for &(value, share) in baseline {
        cumulative += share;
        if cumulative >= next - 1e-12 && next < 0.95 {
            edges.push(value);
            while next <= cumulative + 1e-12 {
                next += 0.1;
            }
        }
    }
    let decile = |value: f64| edges.iter().position(|&e| value <= e).unwrap_or(edges.len());
    let shares = |distribution: &[(f64, f64)]| {
        let mut deciles = vec![0.0; edges.len() + 1];
        distribution.iter().for_each(|&(value, share)| deciles[decile(value)] += share);
        deciles
    };
    let (b, c) = (shares(baseline), shares(current));
    b.iter().zip(&c).map(|(&b, &c)| (b.max(1e-4), c.max(1e-4))).map(|(b, c)| (c - b) * (c / b).ln()).sum()
}

/// The Kolmogorov-Smirnov distance: the largest gap between the cumulative shares.
fn ks(baseline: &[(f64, f64)], current: &[(f64, f64)]) -> f64 {
    let mut values: Vec<f64> = baseline.iter().chain(current).map(|(v, _)| *v).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    let (mut i, mut j, mut fb, mut fc, mut d) = (0, 0, 0.0, 0.0, 0.0f64);
    for value in values {
        while i < baseline.len() && baseline[i].0 <= value {
            fb += baseline[i].1;
            i += 1;
        }
        while j < current.len() && current[j].0 <= value {
            fc += current[j].1;
            j += 1;
        }
        d = d.max((fb - fc).abs());
    }
    d
}

fn score_drift(name: &str, baseline: &ScoreBins, current: &ScoreBins, cutoff: Option<f64>) -> ScoreDrift {
    let (b, c) = (distribution(baseline), distribution(current));
    let (n, m) = (baseline.rows(), current.rows());
    let (psi, ks) = (psi(&b, &c), ks(&b, &c));
    let ks_p_value = ks_p(ks, n, m);
    let rates = cutoff.map(|cutoff| (baseline.accepted_at(cutoff), current.accepted_at(cutoff)));
    let rate = |accepted: u64, rows: u64| if rows > 0 { accepted as f64 / rows as f64 } else { 0.0 };
    let match_rate_p_value = rates.map(|(kb, kc)| two_proportion_p(kb, n, kc, m));
    let mut flags = Vec::new();
    if ks_p_value < THRESHOLDS.p_value && (psi >= THRESHOLDS.psi || ks >= THRESHOLDS.ks) {
        flags.push("distribution");
    }
    if let (Some((kb, kc)), Some(p)) = (rates, match_rate_p_value)
        && p < THRESHOLDS.p_value
        && (rate(kb, n) - rate(kc, m)).abs() >= THRESHOLDS.share
    {
        flags.push("matchRate");
    }
    ScoreDrift {
        score: name.to_string(),
        baseline_rows: n,
        current_rows: m,
        psi,
        ks,
        ks_p_value,
        cutoff,
        baseline_match_rate: rates.map(|(kb, _)| rate(kb, n)),
        current_match_rate: rates.map(|(_, kc)| rate(kc, m)),
        match_rate_p_value,
        flags,
    }
}

fn shares(counts: &[u64; 3]) -> Shares {
    let requested = counts.iter().sum::<u64>();
    let share = |k: u64| k as f64 / requested.max(1) as f64;
    Shares {
        requested,
        true_share: share(counts[0]),
        false_share: share(counts[1]),
        not_available_share: share(counts[2]),
    }
}

fn answer_drift(name: &str, baseline: &[u64; 3], current: &[u64; 3]) -> AnswerDrift {
    let (b, c) = (shares(baseline), shares(current));
    let largest_shift = [
        (b.true_share - c.true_share).abs(),
        (b.false_share - c.false_share).abs(),
        (b.not_available_share - c.not_available_share).abs(),
    ]
    .into_iter()
    .fold(0.0, f64::max);
    let (chi_square, p_value) = chi_square(baseline, current);
    AnswerDrift {
        attribute: name.to_string(),
        baseline: b,
        current: c,
        largest_shift,
        chi_square,
        p_value,
        flagged: p_value < THRESHOLDS.p_value && largest_shift >= THRESHOLDS.share,
    }
}

/// Writes `drift.json`, a chart per score overlaying both distributions, and `drift.html`.
fn write_report(dir: &Path, summary: &DriftSummary, baseline: &Counts, current: &Counts) -> Result<(), Error> {
    let write_error = |path: &Path, source| Error::Write { path: path.to_path_buf(), source };
    std::fs::create_dir_all(dir).map_err(|source| write_error(dir, source))?;
    let json = serde_json::to_string_pretty(summary).expect("a drift summary always serialises");
    let path = dir.join("drift.json");
    std::fs::write(&path, json + "\n").map_err(|source| write_error(&path, source))?;
    let mut html = String::with_capacity(64 * 1024);
    html.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>kyclink drift report</title>\n",
    );
    html.push_str("<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}\
        table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
        th{background:#f3f3f3}td.text,th.text{text-align:left}.flag{color:#b00;font-weight:600}</style>\n</head>\n<body>\n");
    let verdict = if summary.flagged { "<p class=\"flag\">Drift flagged.</p>" } else { "<p>Nothing flagged.</p>" };
    let _ = writeln!(
        html,
        "<h1>kyclink drift report</h1>\n{verdict}\n<p>baseline {} rows, current {} rows. A figure is flagged when its \
         p-value is below {} and it moved by at least: PSI {} or Kolmogorov-Smirnov {} for a distribution, {} for a \
         share or match rate.</p>",
        summary.baseline_rows,
        summary.current_rows,
        number(THRESHOLDS.p_value),
        number(THRESHOLDS.psi),
        number(THRESHOLDS.ks),
        percent(THRESHOLDS.share)
    );
    html.push_str("<h2>Scores</h2>\n<table>\n<tr><th class=\"text\">score</th><th>rows</th><th>PSI</th><th>KS</th>\
        <th>KS p-value</th><th>cut-off</th><th>match rate then</th><th>now</th><th>p-value</th><th class=\"text\">flags</th></tr>\n");
    for score in &summary.scores {
        score_row(&mut html, &score.score, score);
    }
    html.push_str("</table>\n");
    for (name, base) in &baseline.scores {
        let Some((_, now)) = current.scores.iter().find(|(n, _)| n == name) else { continue };
        let lines = [("baseline", axis_shares(base)), ("current", axis_shares(now))];
        let svg = charts::overlay(&format!("{name}: share of requests per score"), name, &lines);
        let file = format!("{name}.drift.svg");
        let path = dir.join(&file);
        std::fs::write(&path, &svg).map_err(|source| write_error(&path, source))?;
        let _ = writeln!(html, "<figure>\n{svg}\n<figcaption>{}</figcaption>\n</figure>", escape(name));
    }
    html.push_str(
        "<h2>Answers</h2>\n<table>\n<tr><th class=\"text\">column</th><th>rows then</th><th>now</th>\
        <th>true then</th><th>now</th><th>false then</th><th>now</th><th>not_available then</th><th>now</th>\
        <th>p-value</th><th class=\"text\">flag</th></tr>\n",
    );
    for a in &summary.attributes {
        let _ = writeln!(
            html,
            "<tr><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td class=\"text\">{}</td></tr>",
            escape(&a.attribute),
            a.baseline.requested,
            a.current.requested,
            percent(a.baseline.true_share),
            percent(a.current.true_share),
            percent(a.baseline.false_share),
            percent(a.current.false_share),
            percent(a.baseline.not_available_share),
            percent(a.current.not_available_share),
            p_value(a.p_value),
            if a.flagged { "<span class=\"flag\">moved</span>" } else { "" }
        );
    }
    html.push_str("</table>\n");
    if let Some(by) = &summary.by {
        let _ = writeln!(
            html,
            "<h2>Scores by {}</h2>\n<table>\n<tr><th class=\"text\">{0} / score</th><th>rows</th><th>PSI</th><th>KS</th><th>KS p-value</th><th>cut-off</th><th>match rate then</th><th>now</th><th>p-value</th><th class=\"text\">flags</th></tr>",
            escape(by)
        );
        for segment in &summary.segments {
            for score in &segment.scores {
                score_row(&mut html, &format!("{} / {}", segment.segment, score.score), score);
            }
        }
        html.push_str("</table>\n");
    }
    html.push_str("</body>\n</html>\n");
    let path = dir.join("drift.html");
    std::fs::write(&path, html).map_err(|source| write_error(&path, source))
}

fn score_row(html: &mut String, label: &str, score: &ScoreDrift) {
    let optional = |value: Option<f64>, show: fn(f64) -> String| value.map_or_else(String::new, show);
    let _ = writeln!(
        html,
        "<tr><td class=\"text\">{}</td><td>{} / {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td class=\"text flag\">{}</td></tr>",
        escape(label),
        score.baseline_rows,
        score.current_rows,
        number(score.psi),
        number(score.ks),
        p_value(score.ks_p_value),
        optional(score.cutoff, number),
        optional(score.baseline_match_rate, percent),
        optional(score.current_match_rate, percent),
        optional(score.match_rate_p_value, p_value),
        score.flags.join(", ")
    );
}

/// A p-value to read: "< 0.0001" below it.
fn p_value(p: f64) -> String {
    if p < 1e-4 { "< 0.0001".to_string() } else { number(p) }
}

/// A score's shares on its axis (the weight, for a probability), ascending.
fn axis_shares(bins: &ScoreBins) -> Vec<(f64, f64)> {
    let rows = bins.rows().max(1) as f64;
    bins.bins().into_iter().rev().map(|(_, axis, c)| (axis, c.rows as f64 / rows)).collect()
}

impl fmt::Display for DriftSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "drift: baseline {} rows, current {} rows", self.baseline_rows, self.current_rows)?;
        for s in &self.scores {
            write!(f, "  {:<20} PSI {:.4}  KS {:.4} (p {})", s.score, s.psi, s.ks, p_value(s.ks_p_value))?;
            if let (Some(cutoff), Some(then), Some(now)) = (s.cutoff, s.baseline_match_rate, s.current_match_rate) {
                write!(f, "  match rate at {}: {} -> {}", number(cutoff), percent(then), percent(now))?;
            }
            if !s.flags.is_empty() {
                write!(f, "  FLAGGED: {}", s.flags.join(", "))?;
            }
            writeln!(f)?;
        }
        for a in self.attributes.iter().filter(|a| a.flagged) {
            writeln!(
                f,
                "  {:<20} shares moved by up to {} (p {})  FLAGGED",
                a.attribute,
                percent(a.largest_shift),
                p_value(a.p_value)
            )?;
        }
        for segment in &self.segments {
            for s in segment.scores.iter().filter(|s| !s.flags.is_empty()) {
                writeln!(f, "  {} {}: FLAGGED {}", segment.segment, s.score, s.flags.join(", "))?;
            }
        }
        writeln!(f, "{}", if self.flagged { "drift flagged" } else { "no drift flagged" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_distribution_has_no_distance_from_itself() {
        let shares = [(1.0, 0.2), (2.0, 0.3), (3.0, 0.5)];
        assert!(psi(&shares, &shares).abs() < 1e-12);
        assert_eq!(ks(&shares, &shares), 0.0);
        let moved = [(1.0, 0.5), (2.0, 0.3), (3.0, 0.2)];
        assert!((ks(&shares, &moved) - 0.3).abs() < 1e-12);
        assert!(psi(&shares, &moved) > 0.25);
    }
}
