//! Row outcome counts of a run: per status/code, and per match column the counts of
//! true / false / not_available / not requested. Printed on stderr, saved with `--summary`.

use crate::aggregate::fellegi_sunter::{Model, Priors};
use crate::index::ExtractReport;
use serde::Serialize;
use std::fmt;

/// What the run's linkage model was: trained here (EM's iterations and log-likelihood) or
/// reused from `--model`, and the class shares it found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkageSummary {
    /// Whether it was trained in this run (else read from `--model`).
    pub trained: bool,
    /// Rows it was trained on.
    pub training_rows: u64,
    /// EM iterations.
    pub iterations: u32,
    /// The training patterns' log-likelihood (natural log).
    pub log_likelihood: f64,
    /// The share of owners, household members and strangers among the training rows.
    pub prior: Priors,
}

impl LinkageSummary {
    /// The summary of `model`.
    pub fn new(model: &Model, trained: bool) -> LinkageSummary {
        LinkageSummary {
            trained,
            training_rows: model.training_rows,
            iterations: model.iterations,
            log_likelihood: model.log_likelihood,
            prior: model.prior,
        }
    }
}

/// Counts of one `true`/`false`/`not_available` column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnCounts {
    /// The output column, e.g. `givenNameMatch`.
    pub column: &'static str,
    /// Rows answered `true`.
    #[serde(rename = "true")]
    pub true_: u64,
    /// Rows answered `false`.
    #[serde(rename = "false")]
    pub false_: u64,
    /// Rows answered `not_available`.
    pub not_available: u64,
    /// Rows that did not ask (or got no answer because of an error).
    pub not_requested: u64,
}

/// Rows with one status and code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCount {
    /// HTTP status.
    pub status: u16,
    /// CAMARA code, empty for 200.
    pub code: String,
    /// Number of rows.
    pub rows: u64,
}

/// The summary of one run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The job (`match`, `age`, ...).
    pub job: String,
    /// Candidate rows read.
    pub rows_in: u64,
    /// Result rows written.
    pub rows_out: u64,
    /// Rows per status and code, sorted.
    pub statuses: Vec<StatusCount>,
    /// Per answer column.
    pub columns: Vec<ColumnCounts>,
    /// What the extract held.
    pub extract: Option<ExtractReport>,
    /// The linkage model, for `match`.
    pub linkage: Option<LinkageSummary>,
    /// Things the user should know (unused columns, ...).
    pub warnings: Vec<String>,
    /// Rows per (status, code), in the order first seen: a row is counted with a short scan
    /// that compares the codes' addresses first (they are the spec table's), not a map look-up
    /// comparing strings.
    #[serde(skip)]
    by_status: Vec<(u16, &'static str, u64)>,
}

impl Summary {
    /// An empty summary for a job whose answer columns are `columns`.
    pub fn new(job: &str, columns: Vec<&'static str>) -> Summary {
        Summary {
            job: job.to_string(),
            columns: columns.into_iter().map(|column| ColumnCounts { column, ..Default::default() }).collect(),
            ..Default::default()
        }
    }

    /// Counts one written row with its status and code (`""` for 200).
    pub fn count_row(&mut self, status: u16, code: &'static str) {
        self.rows_out += 1;
        self.add_rows(status, code, 1);
    }

    /// An empty summary of the same job and columns, to count one batch into apart from
    /// the others (batches are scored in parallel, then merged in order).
    pub fn empty_like(&self) -> Summary {
        let columns = self.columns.iter().map(|c| c.column).collect();
        Summary::new(&self.job, columns)
    }

    /// Adds the rows counted in `other` (a batch's summary, see [`Summary::empty_like`]).
    pub fn merge(&mut self, other: &Summary) {
        self.rows_in += other.rows_in;
        self.rows_out += other.rows_out;
        for &(status, code, rows) in &other.by_status {
            self.add_rows(status, code, rows);
        }
        for (mine, theirs) in self.columns.iter_mut().zip(&other.columns) {
            mine.true_ += theirs.true_;
            mine.false_ += theirs.false_;
            mine.not_available += theirs.not_available;
            mine.not_requested += theirs.not_requested;
        }
    }

    fn add_rows(&mut self, status: u16, code: &'static str, rows: u64) {
        let same = |&&mut (s, c, _): &&mut (u16, &str, u64)| s == status && (std::ptr::eq(c, code) || c == code);
        match self.by_status.iter_mut().find(same) {
            Some((_, _, counted)) => *counted += rows,
            None => self.by_status.push((status, code, rows)),
        }
    }

    /// Completes the derived fields once all rows are counted: statuses sorted by status and code.
    pub fn finish(&mut self) {
        let mut statuses: Vec<StatusCount> = self
            .by_status
            .iter()
            .map(|&(status, code, rows)| StatusCount { status, code: code.into(), rows })
            .collect();
        statuses.sort_by(|a, b| (a.status, &a.code).cmp(&(b.status, &b.code)));
        self.statuses = statuses;
    }

    /// Counts one answer of column `column` (`None`: not requested).
    pub fn count_value(&mut self, column: usize, value: Option<&str>) {
        let counts = &mut self.columns[column];
        match value {
            Some("true") => counts.true_ += 1,
            Some("false") => counts.false_ += 1,
            Some(_) => counts.not_available += 1,
            None => counts.not_requested += 1,
        }
    }

    /// The summary as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a summary always serialises")
    }
}

fn lines(lines: &[u64]) -> String {
    let list: Vec<String> = lines.iter().map(u64::to_string).collect();
    let noun = if lines.len() == 1 { "line" } else { "lines" };
    format!("{noun} {}", list.join(", "))
}

fn rows(count: u64) -> String {
    format!("{count} row{}", if count == 1 { "" } else { "s" })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(extract) = &self.extract {
            write!(f, "extract: {}, {} subscriptions indexed", rows(extract.rows), extract.indexed)?;
            if extract.invalid_phone_rows > 0 {
                let (count, at) = (rows(extract.invalid_phone_rows), lines(&extract.invalid_phone_lines));
                write!(f, "; {count} skipped for an invalid phoneNumber ({at})")?;
            }
            if extract.unreadable_rows > 0 {
                let (count, at) = (rows(extract.unreadable_rows), lines(&extract.unreadable_lines));
                write!(f, "; {count} unreadable, skipped ({at})")?;
            }
            if extract.duplicate_phones > 0 {
                let at = lines(&extract.duplicate_lines);
                let numbers = if extract.duplicate_phones == 1 { "number" } else { "numbers" };
                let count = extract.duplicate_phones;
                write!(
                    f,
                    "; {count} phone {numbers} on more than one row, answered SERVICE_NOT_APPLICABLE (repeated at {at})"
                )?;
            }
            writeln!(f)?;
        }
        if let Some(model) = &self.linkage {
            let Priors { owner, household, stranger } = model.prior;
            let how = if model.trained { "trained on" } else { "reused (--model), trained on" };
            writeln!(
                f,
                "linkage model: {how} {} in {} EM iterations (log-likelihood {:.1}); owners {:.1}%, household {:.1}%, \
                 strangers {:.1}%",
                rows(model.training_rows),
                model.iterations,
                model.log_likelihood,
                100.0 * owner,
                100.0 * household,
                100.0 * stranger
            )?;
        }
        writeln!(f, "{}: {} rows in, {} rows out", self.job, self.rows_in, self.rows_out)?;
        writeln!(f, "  {:>6}  {:<45} {:>10}", "status", "code", "rows")?;
        for s in &self.statuses {
            writeln!(f, "  {:>6}  {:<45} {:>10}", s.status, s.code, s.rows)?;
        }
        let asked: Vec<&ColumnCounts> =
            self.columns.iter().filter(|c| c.true_ + c.false_ + c.not_available > 0).collect();
        if !asked.is_empty() {
            writeln!(
                f,
                "  {:<28} {:>10} {:>10} {:>14} {:>14}",
                "column", "true", "false", "not_available", "not_requested"
            )?;
            for c in asked {
                writeln!(
                    f,
                    "  {:<28} {:>10} {:>10} {:>14} {:>14}",
                    c.column, c.true_, c.false_, c.not_available, c.not_requested
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_rows_and_values() {
        let mut summary = Summary::new("match", vec!["givenNameMatch"]);
        summary.count_row(200, "");
        summary.count_row(404, "IDENTIFIER_NOT_FOUND");
        summary.count_row(200, "");
        summary.count_value(0, Some("true"));
        summary.count_value(0, Some("not_available"));
        summary.count_value(0, None);
        summary.finish();
        assert_eq!(summary.rows_out, 3);
        assert_eq!(summary.statuses[0], StatusCount { status: 200, code: String::new(), rows: 2 });
        assert_eq!(summary.statuses[1].code, "IDENTIFIER_NOT_FOUND");
        let mut merged = summary.empty_like();
        merged.merge(&summary);
        merged.merge(&summary);
        merged.finish();
        assert_eq!(merged.rows_out, 6);
        assert_eq!(merged.statuses[0].rows, 4);
        assert_eq!((merged.columns[0].true_, merged.columns[0].not_requested), (2, 2));
        let json: serde_json::Value = serde_json::from_str(&summary.to_json()).unwrap();
        assert_eq!(json["columns"][0]["true"], 1);
        assert_eq!(json["columns"][0]["notAvailable"], 1);
        assert_eq!(json["columns"][0]["notRequested"], 1);
    }
}
