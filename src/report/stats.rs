//! `kyclink stats`: match-rate statistics of a results file, the numbers analysts chart per
//! attribute and segment. Tidy (long) tables, one row per group and attribute, status, or
//! aggregate score:
//!
//! - attributes: `<by...>, attribute, requested, true, false, notAvailable, trueShare,
//!   falseShare, notAvailableShare, scoreP5, scoreP25, scoreP50, scoreP75, scoreP95`. For each
//!   `<attr>Match` column, `requested` counts the rows that carry an answer (the shares are of
//!   it), and the score quantiles (linear interpolation) are over `<attr>MatchScore` of the
//!   `false` answers, empty for unscored attributes. Groups that never asked are left out.
//! - statuses: `<by...>, status, code, rows`.
//! - scores (when the file has kyclink's aggregates): `<by...>, score, rows, mean, p5, p25,
//!   p50, p75, p95, cutoff, accepted, matchRate`: per aggregate score of the rows answered 200,
//!   its distribution and, with `--cutoff SCORE=VALUE`, how many rows that cut-off accepts
//!   (the match rate analysts report). Quantiles of `matchWeight` and `matchProbability` are
//!   read from calibrate's bins (tenths of a bit): exact to that resolution.
//!
//! `--by` groups every table by the given columns (e.g. `country`, `channel` kept with
//! `--keep`). The file is read a batch at a time and counted into fixed-size tallies per
//! group, so memory grows with the groups, not the rows; polars lays out the tables. Written
//! as Markdown on standard output, or as CSV or Parquet: the attribute table to the named
//! file, the others beside it as `<stem>.status.<ext>` and `<stem>.scores.<ext>`.

use super::bins::{Binning, ScoreBins, Scored};
use super::format::number;
use super::frame::{self, polars_error};
use super::read::Table;
use super::types::AGGREGATES;
use crate::error::Error;
use polars::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The score quantiles reported, with their column names.
const QUANTILES: [(f64, &str); 5] =
    [(0.05, "scoreP5"), (0.25, "scoreP25"), (0.5, "scoreP50"), (0.75, "scoreP75"), (0.95, "scoreP95")];
/// The aggregate scores' quantiles, with their column names.
const SCORE_QUANTILES: [(f64, &str); 5] = [(0.05, "p5"), (0.25, "p25"), (0.5, "p50"), (0.75, "p75"), (0.95, "p95")];

/// The tables of `kyclink stats`.
#[derive(Debug, Clone)]
pub struct Stats {
    /// Per group and `<attr>Match` column: answer counts, shares and score quantiles.
    pub attributes: DataFrame,
    /// Per group, status and code: rows.
    pub statuses: DataFrame,
    /// Per group and aggregate score: distribution and match rate at a cut-off; `None` when
    /// the file has no aggregate.
    pub scores: Option<DataFrame>,
}

/// A group's key: per `--by` column its value, an empty cell sorting last.
type Key = Vec<(bool, String)>;

/// One attribute's tallies in one group.
#[derive(Debug, Clone)]
struct Answers {
    true_: u64,
    false_: u64,
    not_available: u64,
    /// The scores of `false` answers.
    scores: ScoreBins,
}

/// One group's tallies.
#[derive(Debug, Clone)]
struct Group {
    /// Per `<attr>Match` column, in file order.
    answers: Vec<Answers>,
    /// Rows per (status, code).
    statuses: BTreeMap<(u64, (bool, String)), u64>,
    /// Per aggregate score present: the rows answered 200 with a score, and their sum.
    scores: Vec<(ScoreBins, f64)>,
}

/// Computes the statistics of the results file `results`, grouped by the columns `by`, with
/// the match rate at each of `cutoffs` (score column, cut-off).
pub fn stats(results: &Path, by: &[String], cutoffs: &[(String, f64)]) -> Result<Stats, Error> {
    let mut table = Table::open(results)?;
    let by_columns: Vec<usize> = by.iter().map(|c| table.require(c)).collect::<Result<_, _>>()?;
    let (status, code) = (table.require("status")?, table.require("code")?);
    let headers = table.headers().to_vec();
    let answers: Vec<(String, usize, Option<usize>)> = headers
        .iter()
        .enumerate()
        .filter(|(_, name)| name.ends_with("Match") && !by.contains(name))
        .map(|(i, name)| (name.clone(), i, table.column(&format!("{name}Score"))))
        .collect();
    let aggregates: Vec<(String, usize)> =
        AGGREGATES.iter().filter_map(|name| table.column(name).map(|i| (name.to_string(), i))).collect();
    for (score, _) in cutoffs {
        if !aggregates.iter().any(|(name, _)| name == score) {
            let message = format!("--cutoff {score}: {} has no such aggregate score column", results.display());
            return Err(Error::Usage(message));
        }
    }
    let mut read: Vec<usize> = by_columns.clone();
    read.extend([status, code]);
    read.extend(answers.iter().flat_map(|(_, a, s)| [Some(*a), *s]).flatten());
    read.extend(aggregates.iter().map(|(_, i)| *i));
    table.project(&read)?;

    let empty_group = || Group {
        answers: answers
            .iter()
            .map(|_| Answers { true_: 0, false_: 0, not_available: 0, scores: ScoreBins::new(Binning::Integers) })
            .collect(),
        statuses: BTreeMap::new(),
        scores: aggregates.iter().map(|(name, _)| (ScoreBins::new(Binning::of(name)), 0.0)).collect(),
    };
    let mut groups: BTreeMap<Key, Group> = BTreeMap::new();
    while let Some(batch) = table.next_batch()? {
        for row in 0..batch.len() {
            let key: Key = by_columns
                .iter()
                .map(|&c| batch.text(c, row).map_or((true, String::new()), |v| (false, v.to_string())))
                .collect();
            let group = groups.entry(key).or_insert_with(empty_group);
            let status_value = batch.number(status, row)?;
            let code_value = batch.text(code, row).map_or((true, String::new()), |v| (false, v.to_string()));
            *group.statuses.entry((status_value.unwrap_or(0.0) as u64, code_value)).or_default() += 1;
            for ((_, answer, score), tally) in answers.iter().zip(&mut group.answers) {
                match batch.text(*answer, row) {
                    Some("true") => tally.true_ += 1,
                    Some("false") => {
                        tally.false_ += 1;
                        if let Some(value) = score.map(|s| batch.number(s, row)).transpose()?.flatten() {
                            tally.scores.add(value, Scored::default());
                        }
                    }
                    Some(_) => tally.not_available += 1,
                    None => {}
                }
            }
            if status_value == Some(200.0) {
                for ((_, column), (bins, sum)) in aggregates.iter().zip(&mut group.scores) {
                    if let Some(value) = batch.number(*column, row)? {
                        bins.add(value, Scored::default());
                        *sum += value;
                    }
                }
            }
        }
    }
    if by.is_empty() && groups.is_empty() {
        groups.insert(Vec::new(), empty_group());
    }
    Ok(Stats {
        attributes: attribute_table(&groups, by, &answers)?,
        statuses: status_table(&groups, by)?,
        scores: (!aggregates.is_empty()).then(|| score_table(&groups, by, &aggregates, cutoffs)).transpose()?,
    })
}

/// The `by` columns of `rows` (group keys) as text columns.
fn key_columns<'a>(by: &[String], rows: impl Iterator<Item = &'a Key> + Clone) -> Vec<Column> {
    by.iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<Option<&str>> = rows.clone().map(|key| (!key[i].0).then_some(key[i].1.as_str())).collect();
            Column::new(name.as_str().into(), values)
        })
        .collect()
}

fn frame_of(columns: Vec<Column>) -> Result<DataFrame, Error> {
    let height = columns.first().map_or(0, Column::len);
    DataFrame::new(height, columns).map_err(polars_error)
}

fn attribute_table(
    groups: &BTreeMap<Key, Group>,
    by: &[String],
    answers: &[(String, usize, Option<usize>)],
) -> Result<DataFrame, Error> {
    let rows: Vec<(&Key, &str, &Answers, bool)> = groups
        .iter()
        .flat_map(|(key, group)| {
            answers
                .iter()
                .zip(&group.answers)
                .map(move |((name, _, score), tally)| (key, name.as_str(), tally, score.is_some()))
        })
        .filter(|(_, _, tally, _)| tally.true_ + tally.false_ + tally.not_available > 0)
        .collect();
    let mut columns = key_columns(by, rows.iter().map(|(key, _, _, _)| *key));
    columns.push(Column::new("attribute".into(), rows.iter().map(|(_, name, _, _)| *name).collect::<Vec<_>>()));
    let requested: Vec<u64> = rows.iter().map(|(_, _, t, _)| t.true_ + t.false_ + t.not_available).collect();
    let counts = |value: fn(&Answers) -> u64| rows.iter().map(|(_, _, t, _)| value(t)).collect::<Vec<u64>>();
    let (true_, false_, not_available) = (counts(|t| t.true_), counts(|t| t.false_), counts(|t| t.not_available));
    let share =
        |counts: &[u64]| counts.iter().zip(&requested).map(|(c, r)| *c as f64 / *r as f64).collect::<Vec<f64>>();
    columns.push(Column::new("requested".into(), requested.clone()));
    columns.push(Column::new("true".into(), true_.clone()));
    columns.push(Column::new("false".into(), false_.clone()));
    columns.push(Column::new("notAvailable".into(), not_available.clone()));
    columns.push(Column::new("trueShare".into(), share(&true_)));
    columns.push(Column::new("falseShare".into(), share(&false_)));
    columns.push(Column::new("notAvailableShare".into(), share(&not_available)));
    for (q, name) in QUANTILES {
        let values: Vec<Option<f64>> =
            rows.iter().map(|(_, _, tally, scored)| if *scored { quantile(&tally.scores, q) } else { None }).collect();
        columns.push(Column::new(name.into(), values));
    }
    if rows.is_empty() {
        // No `<attr>Match` column: no rows, the usual columns.
        return Ok(DataFrame::empty_with_schema(&Schema::from_iter(columns.iter().map(|c| {
            Field::new(c.name().clone(), if c.name() == "attribute" { DataType::String } else { c.dtype().clone() })
        }))));
    }
    frame_of(columns)
}

fn status_table(groups: &BTreeMap<Key, Group>, by: &[String]) -> Result<DataFrame, Error> {
    let rows: Vec<(&Key, u64, &(bool, String), u64)> = groups
        .iter()
        .flat_map(|(key, group)| group.statuses.iter().map(move |((status, code), rows)| (key, *status, code, *rows)))
        .collect();
    // A `--by status` or `--by code` is already a key: the table does not repeat it.
    let mut columns = key_columns(by, rows.iter().map(|(key, _, _, _)| *key));
    if !by.iter().any(|b| b == "status") {
        columns.push(Column::new("status".into(), rows.iter().map(|r| r.1 as u32).collect::<Vec<u32>>()));
    }
    if !by.iter().any(|b| b == "code") {
        let codes: Vec<Option<&str>> = rows.iter().map(|r| (!r.2.0).then_some(r.2.1.as_str())).collect();
        columns.push(Column::new("code".into(), codes));
    }
    columns.push(Column::new("rows".into(), rows.iter().map(|r| r.3).collect::<Vec<u64>>()));
    frame_of(columns)
}

fn score_table(
    groups: &BTreeMap<Key, Group>,
    by: &[String],
    aggregates: &[(String, usize)],
    cutoffs: &[(String, f64)],
) -> Result<DataFrame, Error> {
    let rows: Vec<(&Key, &str, &ScoreBins, f64)> = groups
        .iter()
        .flat_map(|(key, group)| {
            aggregates.iter().zip(&group.scores).map(move |((name, _), (bins, sum))| (key, name.as_str(), bins, *sum))
        })
        .filter(|(_, _, bins, _)| bins.rows() > 0)
        .collect();
    let mut columns = key_columns(by, rows.iter().map(|(key, _, _, _)| *key));
    columns.push(Column::new("score".into(), rows.iter().map(|r| r.1).collect::<Vec<_>>()));
    columns.push(Column::new("rows".into(), rows.iter().map(|r| r.2.rows()).collect::<Vec<u64>>()));
    columns.push(Column::new("mean".into(), rows.iter().map(|r| r.3 / r.2.rows() as f64).collect::<Vec<f64>>()));
    for (q, name) in SCORE_QUANTILES {
        columns.push(Column::new(name.into(), rows.iter().map(|r| quantile(r.2, q)).collect::<Vec<_>>()));
    }
    let cutoff_of = |score: &str| cutoffs.iter().find(|(s, _)| s == score).map(|(_, c)| *c);
    let cutoff: Vec<Option<f64>> = rows.iter().map(|r| cutoff_of(r.1)).collect();
    let accepted: Vec<Option<u64>> = rows.iter().zip(&cutoff).map(|(r, c)| c.map(|c| accepted(r.2, c))).collect();
    let rate: Vec<Option<f64>> =
        rows.iter().zip(&accepted).map(|(r, a)| a.map(|a| a as f64 / r.2.rows() as f64)).collect();
    columns.push(Column::new("cutoff".into(), cutoff));
    columns.push(Column::new("accepted".into(), accepted));
    columns.push(Column::new("matchRate".into(), rate));
    frame_of(columns)
}

/// Rows scoring at least `cutoff`. The bins' cut-offs are exact; a cut-off between two of
/// them accepts what the higher one does, which for values written to the bins' resolution
/// (integer scores, weights to the tenth) is exactly the rows at or above it.
fn accepted(bins: &ScoreBins, cutoff: f64) -> u64 {
    bins.accepted_at(cutoff)
}

/// The `q` quantile, interpolated linearly between order statistics, of the values counted
/// in `bins` (each taken at its bin's cut-off: exact for integers); `None` without values.
fn quantile(bins: &ScoreBins, q: f64) -> Option<f64> {
    let ascending: Vec<(f64, u64)> = bins.bins().into_iter().rev().map(|(cutoff, _, c)| (cutoff, c.rows)).collect();
    let n: u64 = ascending.iter().map(|(_, rows)| rows).sum();
    if n == 0 {
        return None;
    }
    let position = q * (n - 1) as f64;
    let value_at = |rank: u64| {
        let mut seen = 0;
        ascending
            .iter()
            .find(|(_, rows)| {
                seen += rows;
                seen > rank
            })
            .map_or(0.0, |(value, _)| *value)
    };
    let (low, high) = (position.floor() as u64, position.ceil() as u64);
    let (a, b) = (value_at(low), value_at(high));
    Some(a + (b - a) * (position - low as f64))
}

/// The file a companion table goes to when the attribute table goes to `path`:
/// `stats.csv` -> `stats.<table>.csv`.
pub fn companion_path(path: &Path, table: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match name.split_once('.') {
        Some((stem, extension)) => format!("{stem}.{table}.{extension}"),
        None => format!("{name}.{table}"),
    };
    path.with_file_name(name)
}

impl Stats {
    /// Writes the attribute table to `path`, the status table to its `status` companion
    /// ([`companion_path`]) and the score table, if any, to its `scores` companion, as CSV or
    /// Parquet by the extension.
    pub fn write(&self, path: &Path) -> Result<(), Error> {
        frame::write_frame(&self.attributes, path)?;
        frame::write_frame(&self.statuses, &companion_path(path, "status"))?;
        if let Some(scores) = &self.scores {
            frame::write_frame(scores, &companion_path(path, "scores"))?;
        }
        Ok(())
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

/// The tables in Markdown: attributes, statuses, then the aggregate scores.
impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        markdown(f, &self.attributes)?;
        writeln!(f)?;
        markdown(f, &self.statuses)?;
        if let Some(scores) = &self.scores {
            writeln!(f)?;
            markdown(f, scores)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companion_tables_sit_beside_the_attribute_table() {
        assert_eq!(companion_path(Path::new("out/stats.csv"), "status"), Path::new("out/stats.status.csv"));
        assert_eq!(companion_path(Path::new("stats.parquet"), "scores"), Path::new("stats.scores.parquet"));
        assert_eq!(companion_path(Path::new("stats"), "status"), Path::new("stats.status"));
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let mut bins = ScoreBins::new(Binning::Integers);
        for value in [60.0, 80.0] {
            bins.add(value, Scored::default());
        }
        assert_eq!(quantile(&bins, 0.05), Some(61.0));
        assert_eq!(quantile(&bins, 0.5), Some(70.0));
        assert_eq!(quantile(&ScoreBins::new(Binning::Integers), 0.5), None);
        let mut weights = ScoreBins::new(Binning::Tenths);
        for value in [-2.0, 0.5, 0.5, 7.3] {
            weights.add(value, Scored::default());
        }
        assert_eq!(quantile(&weights, 0.5), Some(0.5));
        assert_eq!(accepted(&weights, 0.5), 3);
    }
}
