//! `report.html`: the calibration in one self-contained page (inline CSS and SVG, no script,
//! nothing fetched), so that it opens offline and can be mailed. It shows column names,
//! cut-offs, counts and rates; no value of any input row reaches it. The markup is XHTML-clean
//! (every element closed) so that tests can check it with a tag-balance walk.

use super::calibrate::{CalibrationSummary, Cutoff, ScoreSummary};
use super::charts::Chart;
use std::fmt::Write;

/// What the page shows of one score column.
pub struct Section<'a> {
    /// The column's summary.
    pub score: &'a ScoreSummary,
    /// Its cut-offs, highest first.
    pub cutoffs: &'a [Cutoff],
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
the valley between them (grey lines mark the valleys found). The share chart tells what share of \
requests each cut-off accepts, the match rate you would report. When the file has \
<code>matchProbability</code>, the Fellegi-Sunter estimates predict the error rates of a cut-off \
on <code>matchWeight</code> or <code>matchProbability</code> from the model alone: trust them as \
far as the model fits.</p>\
<p><strong>With labels</strong>, read the table of cut-offs: <em>precision</em> is the share of \
accepted requests that were the subscriber's own (one minus it is the rate of identities wrongly \
confirmed), <em>recall</em> the share of owners accepted, the <em>false-positive rate</em> the \
share of other people accepted. The best-F1 cut-off balances precision and recall; where a wrong \
confirmation costs more than a refused one, take the cut-off at the target precision instead, the \
lowest that reaches it. The AUC (0.5 is chance, 1 is perfect) compares score columns; the rows per \
kind show whom a cut-off lets through (relatives, for instance).</p>\
<p>Every cut-off is in <code>thresholds.csv</code>; <code>summary.json</code> holds these numbers \
for machines.</p>";

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222;line-height:1.45}\
h1,h2,h3{font-weight:600}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}\
th{background:#f3f3f3}td.text,th.text{text-align:left}.guide{background:#f7f9fc;border-left:4px solid #4c78a8;padding:.2em 1em}\
figure{display:inline-block;margin:.5em}figcaption{font-size:.9em;color:#555}.warnings{color:#8a4b00}";

/// The page.
pub fn report(summary: &CalibrationSummary, sections: &[Section]) -> String {
    let mut html = String::with_capacity(64 * 1024);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    html.push_str("<title>kyclink calibration report</title>\n");
    let _ = writeln!(html, "<style>{STYLE}</style>\n</head>\n<body>\n<h1>kyclink calibration report</h1>");
    let _ = writeln!(html, "<div class=\"guide\">\n<h2>How to read this and pick a cut-off</h2>\n{GUIDE}\n</div>");

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
        row("target precision", rate(target));
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
    for section in sections {
        score_section(&mut html, summary, section);
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// One line per score column.
fn overview(html: &mut String, summary: &CalibrationSummary) {
    html.push_str("<h2>Scores</h2>\n<table>\n<tr><th class=\"text\">score</th><th>rows</th><th>without score</th>");
    html.push_str("<th>suggested cut-offs</th>");
    if summary.labelled {
        html.push_str(
            "<th>AUC</th><th>PR AUC</th><th>best F1</th><th>at cut-off</th><th>cut-off at target precision</th>",
        );
    }
    html.push_str("</tr>\n");
    for score in &summary.scores {
        let suggested: Vec<String> = score.suggested_cutoffs.iter().map(|&c| number(c)).collect();
        let _ = write!(
            html,
            "<tr><td class=\"text\"><a href=\"#{id}\">{name}</a></td><td>{}</td><td>{}</td><td>{}</td>",
            score.rows,
            score.without_score,
            suggested.join(", "),
            id = anchor(&score.column),
            name = escape(&score.column)
        );
        if summary.labelled {
            let best = score.best_f1.as_ref();
            let _ = write!(
                html,
                "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                optional(score.auc, |a| format!("{a:.3}")),
                optional(score.pr_auc, |a| format!("{a:.3}")),
                optional(best.and_then(|b| b.f1), |f| format!("{f:.3}")),
                optional(best.map(|b| b.cutoff), number),
                score.at_target_precision.as_ref().map_or("not reached".to_string(), |c| number(c.cutoff)),
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

fn score_section(html: &mut String, summary: &CalibrationSummary, section: &Section) {
    let score = section.score;
    let _ = writeln!(html, "<h2 id=\"{}\">{}</h2>", anchor(&score.column), escape(&score.column));
    if score.rows == 0 {
        html.push_str("<p>No analysed row has this score.</p>\n");
        return;
    }
    let _ = writeln!(
        html,
        "<p>{} rows scored from {} to {} ({} distinct cut-offs); {} analysed rows without this score.</p>",
        score.rows,
        optional(score.min, number),
        optional(score.max, number),
        score.cutoffs,
        score.without_score
    );
    let estimates = section.cutoffs.iter().any(|c| c.estimated_fdr.is_some());
    html.push_str("<h3>Cut-offs</h3>\n<table>\n<tr><th>cut-off</th><th class=\"text\">why shown</th><th>accepted</th><th>match rate</th>");
    if summary.labelled {
        html.push_str("<th>precision</th><th>recall</th><th>F1</th><th>false-positive rate</th>");
    }
    if estimates {
        html.push_str("<th>estimated FDR</th><th>estimated FNR</th>");
    }
    html.push_str("</tr>\n");
    for (cutoff, why) in selected(score, section.cutoffs) {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td>",
            number(cutoff.cutoff),
            why,
            cutoff.accepted,
            rate(cutoff.match_rate)
        );
        if summary.labelled {
            for value in [cutoff.precision, cutoff.recall, cutoff.f1, cutoff.false_positive_rate] {
                let _ = write!(html, "<td>{}</td>", optional(value, rate));
            }
        }
        if estimates {
            for value in [cutoff.estimated_fdr, cutoff.estimated_fnr] {
                let _ = write!(html, "<td>{}</td>", optional(value, rate));
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
                rate(kind.accepted_share)
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
                rate(bin.owner_share)
            );
        }
        html.push_str("</table>\n");
    }
    for chart in &section.charts {
        let _ = writeln!(html, "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>", chart.svg, escape(&chart.title));
    }
}

/// The cut-offs worth a line in the page, highest first, each with why: the best-F1 one, the
/// one at target precision, the valleys (each as the lowest cut-off at or above it, which
/// accepts the same rows), and for orientation the ones nearest to eleven evenly spaced scores.
fn selected<'a>(score: &ScoreSummary, cutoffs: &'a [Cutoff]) -> Vec<(&'a Cutoff, String)> {
    let at_or_above = |value: f64| cutoffs.iter().rev().position(|c| c.cutoff >= value).map(|i| cutoffs.len() - 1 - i);
    let mut notes: Vec<Vec<&str>> = vec![Vec::new(); cutoffs.len()];
    let mut shown = vec![false; cutoffs.len()];
    for (value, note) in [
        (score.best_f1.as_ref().map(|c| c.cutoff), "best F1"),
        (score.at_target_precision.as_ref().map(|c| c.cutoff), "target precision"),
    ] {
        if let Some(i) = value.and_then(at_or_above) {
            notes[i].push(note);
        }
    }
    for &valley in &score.suggested_cutoffs {
        if let Some(i) = at_or_above(valley) {
            notes[i].push("valley");
        }
    }
    if let (Some(min), Some(max)) = (score.min, score.max) {
        for step in 0..=10 {
            if let Some(i) = at_or_above(min + (max - min) * step as f64 / 10.0) {
                shown[i] = true;
            }
        }
    }
    cutoffs
        .iter()
        .zip(notes.into_iter().zip(shown))
        .filter(|(_, (notes, shown))| *shown || !notes.is_empty())
        .map(|(cutoff, (notes, _))| (cutoff, notes.join(", ")))
        .collect()
}

/// A score, cut-off or share: at most four decimals, no trailing zeros.
pub(crate) fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// A rate as a percentage.
fn rate(value: f64) -> String {
    format!("{:.1}%", value * 100.0)
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
    fn numbers_and_rates_read_well() {
        assert_eq!(number(80.0), "80");
        assert_eq!(number(0.87345678), "0.8735");
        assert_eq!(number(-2.5), "-2.5");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(rate(0.9531), "95.3%");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
