//! `report.html`: the calibration in one self-contained page that opens offline from disk
//! (inline CSS, SVG and script, nothing fetched) and can be mailed. Its first screen answers
//! the question: the recommended cut-offs of the main score and what each would accept, then
//! the cut-off explorer ([`super::explorer`]); every score's detail folds below. It shows
//! column names, cut-offs, counts and rates; no value of any input row reaches it. The markup
//! is XHTML-clean (every element closed) so that tests can check it with a tag-balance walk.

use super::charts::Chart;
use super::explorer;
use super::format::{number, percent};
use super::types::{CalibrationSummary, Cutoff, Recommendation, ScoreSummary};
use std::fmt::Write;

/// What the page shows of one score column.
pub struct Section<'a> {
    /// The column's summary.
    pub score: &'a ScoreSummary,
    /// Its cut-offs, highest first.
    pub cutoffs: Vec<Cutoff>,
    /// Its charts.
    pub charts: Vec<Chart>,
}

/// How to read the report; also the README's advice.
const GUIDE: &str = "\
<p>Every score column is judged as a rule: <em>accept a request when its score is at least the \
cut-off</em>. Only rows answered with status 200 carry scores; the others are counted, not judged. \
For an <code>&lt;attr&gt;MatchScore</code>, a <code>true</code> result counts as 100.</p>\
<p><strong>Without labels</strong>, look at the histogram: a score that separates well has two \
humps, the requests of other people low and the subscribers' own high, and a cut-off belongs in \
the valley between them. The match rate is the share of requests a cut-off accepts, the number \
you would report. When the file has <code>matchProbability</code>, the Fellegi-Sunter estimates \
predict the error rates of a cut-off on <code>matchWeight</code> or <code>matchProbability</code> \
from the model alone, and the cut-off of the best F1 they predict: trust them as far as the model \
fits (with labels, the report shows how far it does).</p>\
<p><strong>With labels</strong>, <em>precision</em> is the share of accepted requests that were \
the subscriber's own (one minus it, the false-discovery rate, is the rate of identities wrongly \
confirmed), <em>recall</em> the share of owners accepted, the <em>false-positive rate</em> the \
share of other people accepted. The best-F1 cut-off balances precision and recall; where a wrong \
confirmation costs more than a refused one, take the cut-off at the target precision instead, the \
lowest that reaches it. The AUC (0.5 is chance, 1 is perfect) compares score columns; the rows per \
kind show whom a cut-off lets through (relatives, for instance).</p>\
<p>Every cut-off is in <code>thresholds.csv</code>; <code>summary.json</code> holds these numbers \
for machines.</p>";

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.45}\
h1,h2,h3{font-weight:600}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
th{background:#f3f3f3}td.text,th.text{text-align:left}.guide{background:#f7f9fc;border-left:4px solid #4c78a8;padding:.2em 1em}\
figure{display:inline-block;margin:.5em}figcaption{font-size:.9em;color:#555}.warnings{color:#8a4b00}\
.first{background:#f7f9fc;border:1px solid #c9d6e8;padding:.4em 1em}.controls label{margin-right:1.5em}\
.controls input[type=range]{width:28em;vertical-align:middle}details{margin:.6em 0}\
summary{cursor:pointer;font-size:1.2em;font-weight:600;padding:.3em 0;border-bottom:1px solid #ccc}\
#explorer .figures th{text-align:left}.panel{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}\
.panel figure{display:block}";

/// The page. `explorer` is the explorer's inline data ([`explorer::data`]).
pub fn report(summary: &CalibrationSummary, sections: &[Section], explorer: &str) -> String {
    let mut html = String::with_capacity(256 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    html.push_str("<title>kyclink calibration report</title>\n");
    let _ = writeln!(html, "<style>{STYLE}</style>\n</head>\n<body>\n<h1>kyclink calibration report</h1>");
    first_screen(&mut html, summary);
    explorer_section(&mut html, summary);
    let _ = writeln!(
        html,
        "<details class=\"guide\">\n<summary>How to read this and pick a cut-off</summary>\n{GUIDE}\n</details>"
    );

    html.push_str("<h2>Rows</h2>\n<table>\n");
    let mut row = |label: &str, value: String| {
        let _ = writeln!(html, "<tr><th class=\"text\">{label}</th><td>{value}</td></tr>");
    };
    row("results rows", summary.results_rows.to_string());
    if let Some(unlabelled) = summary.unlabelled_rows {
        row("without a label (left out)", unlabelled.to_string());
    }
    row("not scored: status other than 200 (left out)", summary.not_scored_rows.to_string());
    row("analysed", summary.analysed_rows.to_string());
    if let Some(target) = summary.target_precision {
        row("target precision", percent(target));
    }
    html.push_str("</table>\n");
    if !summary.warnings.is_empty() {
        html.push_str("<ul class=\"warnings\">\n");
        for warning in &summary.warnings {
            let _ = writeln!(html, "<li>{}</li>", escape(warning));
        }
        html.push_str("</ul>\n");
    }
    overview(&mut html, summary);
    segments(&mut html, summary);
    for section in sections {
        score_section(&mut html, summary, section);
    }
    let _ = writeln!(html, "<script>window.KYCLINK_DATA = {explorer};</script>\n<script>{}</script>", explorer::SCRIPT);
    html.push_str("</body>\n</html>\n");
    html
}

/// The score the first screen is about: `matchWeight` when the file has it, else the first
/// aggregate, else the first score.
fn main_score(summary: &CalibrationSummary) -> Option<&ScoreSummary> {
    ["matchWeight", "matchProbability", "identityMatchScore"]
        .iter()
        .find_map(|name| summary.scores.iter().find(|s| s.column == *name && s.rows > 0))
        .or_else(|| summary.scores.first())
}

fn rule_name(recommendation: &Recommendation) -> &'static str {
    match recommendation.rule {
        "bestF1" => "best F1 (labels)",
        "targetPrecision" => "target precision (labels)",
        "estimatedBestF1" => "the model's estimate (no labels)",
        _ => "valley of the histogram (no labels)",
    }
}

/// The recommended cut-offs of the main score, what each would accept, and why.
fn first_screen(html: &mut String, summary: &CalibrationSummary) {
    let Some(score) = main_score(summary) else { return };
    let _ = writeln!(
        html,
        "<section class=\"first\" data-testid=\"recommended\">\n<h2>Recommended cut-off for {}</h2>",
        escape(&score.column)
    );
    if score.recommended.is_empty() {
        html.push_str(
            "<p>No cut-off can be recommended: the histogram has no valley and there are neither labels \
                       nor model estimates. Use the explorer below or <code>thresholds.csv</code>.</p>\n</section>\n",
        );
        return;
    }
    let estimates = score.recommended.iter().any(|r| r.at.estimated_fdr.is_some());
    html.push_str("<table>\n<tr><th class=\"text\">rule</th><th>cut-off</th><th>accepted</th><th>match rate</th>");
    if summary.labelled {
        html.push_str("<th>precision</th><th>recall</th>");
    }
    if estimates {
        html.push_str("<th>estimated FDR</th><th>estimated FNR</th>");
    }
    html.push_str("<th class=\"text\">why</th></tr>\n");
    for recommendation in &score.recommended {
        let at = &recommendation.at;
        let _ = write!(
            html,
            "<tr data-rule=\"{}\"><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td>",
            recommendation.rule,
            rule_name(recommendation),
            number(at.cutoff),
            at.accepted,
            percent(at.match_rate)
        );
        if summary.labelled {
            let _ =
                write!(html, "<td>{}</td><td>{}</td>", optional(at.precision, percent), optional(at.recall, percent));
        }
        if estimates {
            let (fdr, fnr) = (optional(at.estimated_fdr, percent), optional(at.estimated_fnr, percent));
            let _ = write!(html, "<td>{fdr}</td><td>{fnr}</td>");
        }
        let _ = writeln!(html, "<td class=\"text\">{}</td></tr>", escape(&recommendation.why));
    }
    html.push_str("</table>\n</section>\n");
}

/// The explorer's controls and figures; the script fills them and shows the section.
fn explorer_section(html: &mut String, summary: &CalibrationSummary) {
    let main = main_score(summary).map(|s| s.column.as_str());
    html.push_str("<section id=\"explorer\" hidden=\"hidden\">\n<h2>Pick a cut-off</h2>\n<p class=\"controls\">");
    html.push_str("<label>score <select data-testid=\"cutoff-score\">");
    for score in summary.scores.iter().filter(|s| s.rows > 0) {
        let selected = if Some(score.column.as_str()) == main { " selected=\"selected\"" } else { "" };
        let name = escape(&score.column);
        let _ = write!(html, "<option value=\"{name}\"{selected}>{name}</option>");
    }
    html.push_str(
        "</select></label><label>cut-off <input data-testid=\"cutoff-input\" type=\"number\" step=\"any\"/></label>",
    );
    html.push_str("<input data-testid=\"cutoff-slider\" type=\"range\" aria-label=\"cut-off\"/></p>\n");
    html.push_str(
        "<p>Accept a request when its score is at least <strong data-testid=\"figure-cutoff\"></strong> (a typed \
         cut-off between two of the table's applies the higher). Rates are percentages.</p>\n\
         <div class=\"panel\">\n<div>\n<table class=\"figures\">\n",
    );
    for (testid, label, title) in [
        ("accepted", "requests accepted", "rows scoring at least the cut-off"),
        ("match-rate", "match rate", "the share of scored requests accepted"),
        ("precision", "precision", "the share of accepted requests that were the owner's"),
        ("recall", "recall", "the share of owners accepted"),
        ("f1", "F1", "the harmonic mean of precision and recall"),
        ("false-positive-rate", "false-positive rate", "the share of other people accepted"),
        ("estimated-fdr", "estimated FDR (model)", "the model's false-discovery rate, without labels"),
        ("estimated-fnr", "estimated FNR (model)", "the model's false-negative rate, without labels"),
    ] {
        let _ = writeln!(
            html,
            "<tr data-row=\"{testid}\"><th title=\"{title}\">{label}</th><td data-testid=\"figure-{testid}\"></td></tr>"
        );
    }
    html.push_str(
        "</table>\n<table data-row=\"kinds\">\n<tr><th class=\"text\">kind</th><th>accepted</th><th>share</th></tr>\n",
    );
    html.push_str("<tbody data-testid=\"figure-kinds\"></tbody>\n</table>\n</div>\n<div>\n");
    for (chart, legend) in [("explorer-histogram", "histogram-legend"), ("explorer-errors", "errors-legend")] {
        let _ = writeln!(
            html,
            "<figure><svg data-testid=\"{chart}\" viewBox=\"0 0 640 260\" width=\"640\" height=\"260\" \
             xmlns=\"http://www.w3.org/2000/svg\"></svg><figcaption data-testid=\"{legend}\"></figcaption></figure>"
        );
    }
    html.push_str("</div>\n</div>\n</section>\n<noscript><p>The cut-off explorer needs scripts; every cut-off is in thresholds.csv.</p></noscript>\n");
}

/// One line per score column.
fn overview(html: &mut String, summary: &CalibrationSummary) {
    html.push_str("<h2>Scores</h2>\n<table>\n<tr><th class=\"text\">score</th><th>rows</th><th>without score</th>");
    html.push_str("<th>suggested cut-off</th><th>valleys</th>");
    if summary.labelled {
        html.push_str(
            "<th>AUC</th><th>PR AUC</th><th>best F1</th><th>at cut-off</th><th>cut-off at target precision</th>",
        );
    }
    html.push_str("</tr>\n");
    for score in &summary.scores {
        let valleys: Vec<String> = score.suggested_cutoffs.iter().map(|&c| number(c)).collect();
        let suggested = score.recommended.first().map_or(String::new(), |r| number(r.at.cutoff));
        let _ = write!(
            html,
            "<tr><td class=\"text\"><a href=\"#{id}\">{name}</a></td><td>{}</td><td>{}</td><td>{suggested}</td><td>{}</td>",
            score.rows,
            score.without_score,
            valleys.join(", "),
            id = anchor(&score.column),
            name = escape(&score.column)
        );
        if summary.labelled {
            let best = score.best_f1.as_ref();
            let _ = write!(
                html,
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                optional(score.auc, |a| format!("{a:.4}")),
                optional(score.pr_auc, |a| format!("{a:.4}")),
                optional(best.and_then(|b| b.f1), |f| format!("{f:.4}")),
                optional(best.map(|b| b.cutoff), number),
                score.at_target_precision.as_ref().map_or("not reached".to_string(), |c| number(c.cutoff)),
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

/// Match rates per segment (`--by`).
fn segments(html: &mut String, summary: &CalibrationSummary) {
    let Some(segments) = &summary.segments else { return };
    let scores: Vec<&str> =
        segments.rows.first().map(|s| s.scores.iter().map(|r| r.score.as_str()).collect()).unwrap_or_default();
    let _ = writeln!(
        html,
        "<h2>Match rate by {}</h2>\n<p>At each score's suggested cut-off (the first recommendation).</p>\n<table>",
        escape(&segments.column)
    );
    let _ = write!(html, "<tr><th class=\"text\">{}</th><th>rows</th>", escape(&segments.column));
    for score in &scores {
        let _ = write!(html, "<th>{}</th>", escape(score));
        if summary.labelled {
            html.push_str("<th>precision</th><th>recall</th>");
        }
    }
    html.push_str("</tr>\n");
    for segment in &segments.rows {
        let _ = write!(html, "<tr><td class=\"text\">{}</td><td>{}</td>", escape(&segment.segment), segment.rows);
        for rate in &segment.scores {
            let _ = write!(html, "<td>{} at {}</td>", percent(rate.match_rate), number(rate.cutoff));
            if summary.labelled {
                let _ = write!(
                    html,
                    "<td>{}</td><td>{}</td>",
                    optional(rate.precision, percent),
                    optional(rate.recall, percent)
                );
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

fn score_section(html: &mut String, summary: &CalibrationSummary, section: &Section) {
    let score = section.score;
    let _ = writeln!(html, "<details id=\"{}\">\n<summary>{}</summary>", anchor(&score.column), escape(&score.column));
    if score.rows == 0 {
        html.push_str("<p>No analysed row has this score.</p>\n</details>\n");
        return;
    }
    let _ = writeln!(
        html,
        "<p>{} rows scored from {} to {} ({} cut-offs); {} analysed rows without this score.</p>",
        score.rows,
        optional(score.min, number),
        optional(score.max, number),
        score.cutoffs,
        score.without_score
    );
    let estimates = section.cutoffs.iter().any(|c| c.estimated_fdr.is_some());
    html.push_str(
        "<h3>Cut-offs</h3>\n<table>\n<tr><th>cut-off</th><th class=\"text\">why shown</th><th>accepted</th><th>match rate</th>",
    );
    if summary.labelled {
        html.push_str("<th>precision</th><th>recall</th><th>F1</th><th>false-positive rate</th>");
    }
    if estimates {
        html.push_str("<th>estimated FDR</th><th>estimated FNR</th>");
    }
    html.push_str("</tr>\n");
    for (cutoff, why) in selected(score, &section.cutoffs) {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td>",
            number(cutoff.cutoff),
            why,
            cutoff.accepted,
            percent(cutoff.match_rate)
        );
        if summary.labelled {
            for value in [cutoff.precision, cutoff.recall, cutoff.f1, cutoff.false_positive_rate] {
                let _ = write!(html, "<td>{}</td>", optional(value, percent));
            }
        }
        if estimates {
            for value in [cutoff.estimated_fdr, cutoff.estimated_fnr] {
                let _ = write!(html, "<td>{}</td>", optional(value, percent));
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    if !score.kinds.is_empty() {
        let best = score.best_f1.as_ref().map_or(String::new(), |b| number(b.cutoff));
        let _ = writeln!(html, "<h3>Accepted per kind at the best-F1 cut-off ({best})</h3>");
        html.push_str(
            "<table>\n<tr><th class=\"text\">kind</th><th>rows</th><th>accepted</th><th>accepted share</th></tr>\n",
        );
        for kind in &score.kinds {
            let name = kind.kind.as_deref().map_or("(none)".to_string(), escape);
            let _ = writeln!(
                html,
                "<tr><td class=\"text\">{name}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                kind.rows,
                kind.accepted,
                percent(kind.accepted_share)
            );
        }
        html.push_str("</table>\n");
    }
    if let Some(calibration) = &score.calibration {
        let _ = writeln!(
            html,
            "<h3>Does the probability mean what it says?</h3>\n<p>Requests binned by their {}: in a \
             well-calibrated model each bin's share of owners equals its mean probability. Expected \
             calibration error (the rows' mean gap): {}.</p>",
            escape(&score.column),
            number(calibration.expected_calibration_error)
        );
        html.push_str("<table>\n<tr><th>probability</th><th>rows</th><th>mean probability</th><th>owners</th></tr>\n");
        for bin in &calibration.bins {
            let _ = writeln!(
                html,
                "<tr><td>{}-{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                number(bin.from),
                number(bin.to),
                bin.rows,
                number(bin.mean_probability),
                percent(bin.owner_share)
            );
        }
        html.push_str("</table>\n");
    }
    for chart in &section.charts {
        let _ = writeln!(html, "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>", chart.svg, escape(&chart.title));
    }
    html.push_str("</details>\n");
}

/// The cut-offs worth a line in the table, highest first, each with why: the recommended
/// ones, the valleys, and where the requests are: the cut-offs at which the match rate
/// crosses 1%, 5%, 10%, 20%, ..., 90%, 95% and 99%, so the region that holds the requests has
/// the rows.
fn selected<'a>(score: &ScoreSummary, cutoffs: &'a [Cutoff]) -> Vec<(&'a Cutoff, String)> {
    let index_of = |value: f64| cutoffs.iter().position(|c| c.cutoff == value);
    let mut notes: Vec<Vec<&str>> = vec![Vec::new(); cutoffs.len()];
    let mut shown = vec![false; cutoffs.len()];
    for recommendation in &score.recommended {
        if let Some(i) = index_of(recommendation.at.cutoff) {
            notes[i].push(match recommendation.rule {
                "bestF1" => "best F1",
                "targetPrecision" => "target precision",
                "estimatedBestF1" => "model's estimate",
                _ => "valley (suggested)",
            });
        }
    }
    for &valley in &score.suggested_cutoffs {
        if let Some(i) = index_of(valley)
            && !notes[i].iter().any(|n| n.starts_with("valley"))
        {
            notes[i].push("valley");
        }
    }
    for share in [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] {
        if let Some(i) = cutoffs.iter().position(|c| c.match_rate >= share) {
            shown[i] = true;
        }
    }
    if let Some(last) = shown.last_mut() {
        *last = true;
    }
    cutoffs
        .iter()
        .zip(notes.into_iter().zip(shown))
        .filter(|(_, (notes, shown))| *shown || !notes.is_empty())
        .map(|(cutoff, (notes, _))| (cutoff, notes.join(", ")))
        .collect()
}

fn optional<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(String::new, show)
}

/// An element id for a column name.
fn anchor(column: &str) -> String {
    let id: String = column.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    format!("score-{id}")
}

/// Text made safe for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(anchor("match Weight"), "score-match-Weight");
    }
}
