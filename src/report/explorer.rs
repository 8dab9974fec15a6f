//! The cut-off explorer of `report.html`: the counts behind every cut-off of every score, as
//! inline JSON, and the script that turns a chosen cut-off into what it accepts. Only counts
//! per cut-off travel (rows, owners, probability sums, rows per kind): no input value.
//!
//! The script (`explorer.js`) keeps the page working offline from disk: nothing is fetched.
//! Its elements carry stable `data-testid`s (README: "The report"): `cutoff-score`,
//! `cutoff-input`, `cutoff-slider`, and the figures `figure-accepted`, `figure-match-rate`,
//! `figure-precision`, `figure-recall`, `figure-f1`, `figure-false-positive-rate`,
//! `figure-estimated-fdr`, `figure-estimated-fnr`, `figure-cutoff` (the cut-off applied).

use super::bins::{Binning, ScoreBins};
use super::types::ScoreSummary;
use serde::Serialize;

/// The script, inlined into the page.
pub const SCRIPT: &str = include_str!("explorer.js");

/// The explorer's data of one score column.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    column: String,
    /// What the histogram's axis shows.
    axis_label: String,
    /// Cut-offs, highest first, and their positions on the axis.
    cutoffs: Vec<f64>,
    axis: Vec<f64>,
    /// Per cut-off: rows scoring there, owners among them (with labels), the sum of their
    /// probabilities (with Fellegi-Sunter estimates), rows per kind (kind-major).
    rows: Vec<u64>,
    owners: Option<Vec<u64>>,
    probability: Option<Vec<f64>>,
    kinds: Option<Vec<Vec<u64>>>,
    /// The cut-off the explorer opens at: the score's first recommendation.
    default_cutoff: Option<f64>,
}

impl Score {
    /// The explorer's data of `summary`'s column from its bins.
    pub fn new(summary: &ScoreSummary, bins: &ScoreBins, kinds: &[String], labelled: bool, estimates: bool) -> Score {
        let all = bins.bins();
        let axis_label = match bins.binning() {
            Binning::LogitTenths => format!("{}, as its weight (log2 odds)", summary.column),
            _ => summary.column.clone(),
        };
        Score {
            column: summary.column.clone(),
            axis_label,
            cutoffs: all.iter().map(|(c, _, _)| *c).collect(),
            axis: all.iter().map(|(_, a, _)| *a).collect(),
            rows: all.iter().map(|(_, _, c)| c.rows).collect(),
            owners: labelled.then(|| all.iter().map(|(_, _, c)| c.owners).collect()),
            probability: estimates.then(|| all.iter().map(|(_, _, c)| c.probability).collect()),
            kinds: (labelled && !kinds.is_empty()).then(|| {
                (0..kinds.len())
                    .map(|k| all.iter().map(|(_, _, c)| c.kinds.get(k).copied().unwrap_or(0)).collect())
                    .collect()
            }),
            default_cutoff: summary.recommended.first().map(|r| r.at.cutoff),
        }
    }
}

/// The explorer's data: every score, and the label kinds' names.
#[derive(Debug, Clone, Serialize)]
struct Data<'a> {
    scores: &'a [Score],
    kinds: &'a [String],
}

/// The inline JSON of the explorer, safe inside a `<script>` element (no `</` in it).
pub fn data(scores: &[Score], kinds: &[String]) -> String {
    let json = serde_json::to_string(&Data { scores, kinds }).expect("explorer data always serialises");
    json.replace("</", "<\\/")
}
