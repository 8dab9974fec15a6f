//! `kyclink stats`: match-rate statistics of a results file, the numbers analysts chart per
//! attribute and segment. Two tidy (long) tables, one row per group and attribute or status:
//!
//! - attributes: `<by...>, attribute, requested, true, false, notAvailable, trueShare,
//!   falseShare, notAvailableShare, scoreP5, scoreP25, scoreP50, scoreP75, scoreP95`. For each
//!   `<attr>Match` column, `requested` counts the rows that carry an answer (the shares are of
//!   it), and the score quantiles (linear interpolation) are over `<attr>MatchScore` of the
//!   `false` answers, empty for unscored attributes. Groups that never asked are left out.
//! - statuses: `<by...>, status, code, rows`.
//!
//! `--by` groups both by the given columns (e.g. `country`, `channel` kept with `--keep`).
//! Written as Markdown on standard output, or as CSV or Parquet: the attribute table to the
//! named file, the status table beside it as `<stem>.status.<ext>`.

use super::format::number;
use super::frame::{self, polars_error, ratio};
use crate::error::Error;
use polars::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// The score quantiles reported, with their column names.
const QUANTILES: [(f64, &str); 5] =
    [(0.05, "scoreP5"), (0.25, "scoreP25"), (0.5, "scoreP50"), (0.75, "scoreP75"), (0.95, "scoreP95")];

/// The two tables of `kyclink stats`.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Per group and `<attr>Match` column: answer counts, shares and score quantiles.
    pub attributes: DataFrame,
    /// Per group, status and code: rows.
    pub statuses: DataFrame,
}

/// Computes the statistics of the results file `results`, grouped by the columns `by`.
pub fn stats(results: &Path, by: &[String]) -> Result<Stats, Error> {
    let frame = frame::read_frame(results)?;
    let schema = frame.schema().clone();
    for column in by.iter().map(String::as_str).chain(["status", "code"]) {
        if !schema.contains(column) {
            let column = column.to_string();
            return Err(Error::MissingColumn { path: results.to_path_buf(), column, header: None });
        }
    }
    let group: Vec<Expr> = by.iter().map(|c| col(c.as_str())).collect();
    let sort = |frame: LazyFrame, extra: &[&str]| {
        let keys: Vec<&str> = by.iter().map(String::as_str).chain(extra.iter().copied()).collect();
        if keys.is_empty() {
            return frame;
        }
        frame.sort(keys, SortMultipleOptions::default().with_maintain_order(true).with_nulls_last(true))
    };
    let aggregate = |frame: LazyFrame, aggregates: Vec<Expr>| {
        if group.is_empty() { frame.select(aggregates) } else { frame.group_by(group.clone()).agg(aggregates) }
    };

    let answers = schema.iter_names().filter(|n| n.ends_with("Match") && !by.iter().any(|b| b == n.as_str()));
    let mut tables = Vec::new();
    for answer in answers {
        let score = format!("{answer}Score");
        let score = schema.contains(&score).then_some(score);
        let counts = aggregate(frame.clone().lazy(), attribute_aggregates(answer, score.as_deref()));
        tables.push(attribute_table(counts, answer, by, score.is_some()));
    }
    let attributes = if tables.is_empty() {
        empty_attributes(&frame, by)
    } else {
        let all = concat(tables, UnionArgs::default()).map_err(polars_error)?;
        sort(all, &[]).collect().map_err(polars_error)?
    };

    let mut keys = group.clone();
    keys.extend([col("status"), col("code")]);
    let statuses = frame.lazy().group_by(keys).agg([len().cast(DataType::UInt64).alias("rows")]);
    let statuses = sort(statuses, &["status", "code"]);
    Ok(Stats { attributes, statuses: statuses.collect().map_err(polars_error)? })
}

/// Counts of the answers of `answer` and the quantiles of its `false` scores.
fn attribute_aggregates(answer: &str, score: Option<&str>) -> Vec<Expr> {
    let count = |value: &str| col(answer).eq(lit(value)).sum().cast(DataType::UInt64);
    let mut aggregates = vec![
        col(answer).is_not_null().sum().cast(DataType::UInt64).alias("requested"),
        count("true").alias("true"),
        count("false").alias("false"),
        count("not_available").alias("notAvailable"),
    ];
    if let Some(score) = score {
        let false_scores = col(score).filter(col(answer).eq(lit("false")));
        aggregates.extend(QUANTILES.iter().map(|&(q, name)| {
            false_scores.clone().quantile(lit(q), QuantileMethod::Linear).cast(DataType::Float64).alias(name)
        }));
    }
    aggregates
}

/// The aggregated counts of one attribute as rows of the attribute table (`scored`: with
/// quantiles).
fn attribute_table(counts: LazyFrame, answer: &str, by: &[String], scored: bool) -> LazyFrame {
    let share = |name: &str| ratio(col(name), col("requested"));
    let mut columns: Vec<Expr> = by.iter().map(|c| col(c.as_str())).collect();
    columns.extend([
        lit(answer).alias("attribute"),
        col("requested"),
        col("true"),
        col("false"),
        col("notAvailable"),
        share("true").alias("trueShare"),
        share("false").alias("falseShare"),
        share("notAvailable").alias("notAvailableShare"),
    ]);
    columns.extend(
        QUANTILES.iter().map(
            |&(_, name)| {
                if scored { col(name) } else { lit(NULL).cast(DataType::Float64).alias(name) }
            },
        ),
    );
    counts.filter(col("requested").gt(lit(0))).select(columns)
}

/// The attribute table of a file without `<attr>Match` columns: no rows, the usual columns.
fn empty_attributes(frame: &DataFrame, by: &[String]) -> DataFrame {
    let schema = frame.schema();
    let mut fields: Vec<Field> = by.iter().filter_map(|name| schema.get_field(name)).collect();
    fields.push(Field::new("attribute".into(), DataType::String));
    let counts = ["requested", "true", "false", "notAvailable"];
    fields.extend(counts.map(|name| Field::new(name.into(), DataType::UInt64)));
    let rates = ["trueShare", "falseShare", "notAvailableShare"].into_iter().chain(QUANTILES.map(|(_, name)| name));
    fields.extend(rates.map(|name| Field::new(name.into(), DataType::Float64)));
    DataFrame::empty_with_schema(&Schema::from_iter(fields))
}

/// The file the status table goes to when the attribute table goes to `path`:
/// `stats.csv` -> `stats.status.csv`.
pub fn status_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match name.split_once('.') {
        Some((stem, extension)) => format!("{stem}.status.{extension}"),
        None => format!("{name}.status"),
    };
    path.with_file_name(name)
}

impl Stats {
    /// Writes the attribute table to `path` and the status table to [`status_path`], as CSV or
    /// Parquet by the extension.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        frame::write_frame(&self.attributes, path)?;
        frame::write_frame(&self.statuses, &status_path(path))
    }
}

/// A frame as a Markdown table.
fn markdown(f: &mut fmt::Formatter<'_>, frame: &DataFrame) -> fmt::Result {
    let names: Vec<&str> = frame.get_column_names().into_iter().map(|n| n.as_str()).collect();
    writeln!(f, "| {} |", names.join(" | "))?;
    writeln!(f, "|{}", "---|".repeat(names.len()))?;
    for row in 0..frame.height() {
        let cells: Vec<String> = frame
            .columns()
            .iter()
            .map(|column| match column.get(row) {
                Ok(AnyValue::Null) | Err(_) => String::new(),
                Ok(AnyValue::Float64(value)) => number(value),
                Ok(value) => value.str_value().replace('|', "\\|"),
            })
            .collect();
        writeln!(f, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Both tables in Markdown: attributes, then statuses.
impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        markdown(f, &self.attributes)?;
        writeln!(f)?;
        markdown(f, &self.statuses)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_table_sits_beside_the_attribute_table() {
        assert_eq!(status_path(Path::new("out/stats.csv")), Path::new("out/stats.status.csv"));
        assert_eq!(status_path(Path::new("stats.parquet")), Path::new("stats.status.parquet"));
        assert_eq!(status_path(Path::new("stats")), Path::new("stats.status"));
    }
}
