//! Reading the answers of the sibling jobs (`age`, `swap`, `insights`) and of the policy
//! tests: run a job on `candidates.*` and `extract.csv` in a [`Workdir`], then look rows up
//! by requestId. Built on [`crate::workdir`].

use crate::workdir::{Table, Workdir, stderr};
use serde_json::Value;
use std::process::Command;

/// A directory holding `candidates.csv` and `extract.csv`.
pub fn workdir(candidates: &str, extract: &str) -> Workdir {
    let wd = Workdir::new();
    wd.write("candidates.csv", candidates);
    wd.write("extract.csv", extract);
    wd
}

/// `kyclink JOB --candidates candidates.csv --extract extract.csv ARGS...`
pub fn job(wd: &Workdir, job: &str, args: &[&str]) -> Command {
    let mut cmd = wd.command(job);
    cmd.args(["--candidates", "candidates.csv", "--extract", "extract.csv"]).args(args);
    cmd
}

/// Runs `job`, asserts exit code 0 (whatever the rows said), and returns the CSV results and
/// the standard error.
#[track_caller]
pub fn answered(wd: &Workdir, name: &str, args: &[&str]) -> (Table, String) {
    let output = wd.run(&mut job(wd, name, args));
    assert_eq!(output.status.code(), Some(0), "kyclink {name} failed:\n{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout.clone()).expect("the results are UTF-8");
    (Table::parse(&stdout), stderr(&output))
}

/// `(requestId, status, code)` of every row.
pub fn outcomes(table: &Table) -> Vec<(&str, &str, &str)> {
    (0..table.rows.len())
        .map(|i| (table.cell(i, "requestId"), table.cell(i, "status"), table.cell(i, "code")))
        .collect()
}

/// The row with this requestId.
#[track_caller]
pub fn row(table: &Table, request_id: &str) -> usize {
    let ids = table.column("requestId");
    ids.iter().position(|id| *id == request_id).unwrap_or_else(|| panic!("no row {request_id} in {ids:?}"))
}

/// The non-empty cells of the row with this requestId, requestId and status left out: its
/// whole answer, every other cell being empty.
#[track_caller]
pub fn answer<'t>(table: &'t Table, request_id: &str) -> Vec<(&'t str, &'t str)> {
    let row = row(table, request_id);
    // KYC Match's aggregates have their own tests; the other jobs' columns are their answer.
    let kyc_match = table.headers.iter().any(|h| h == "matchWeight");
    let filled = if kyc_match { table.answers(row) } else { table.filled(row) };
    filled.into_iter().filter(|(column, _)| !matches!(*column, "requestId" | "status")).collect()
}

/// Asserts that the row `request_id` is an error row with `code`, whose message starts with
/// `field` (when given), and which has no result cells.
#[track_caller]
pub fn assert_error(table: &Table, request_id: &str, code: &str, field: Option<&str>) {
    let filled: Vec<&str> = answer(table, request_id).into_iter().map(|(column, _)| column).collect();
    assert_eq!(filled, ["code", "message"], "row {request_id}: an error row has a code, a message and no result");
    assert_eq!(table.cell(row(table, request_id), "code"), code, "row {request_id}");
    if let Some(field) = field {
        let message = table.cell(row(table, request_id), "message");
        assert_eq!(message.split([':', ' ']).next(), Some(field), "row {request_id}: {message:?} names the field");
    }
}

/// The JSON objects of an NDJSON file, one per line.
pub fn ndjson(text: &str) -> Vec<Value> {
    text.lines().map(|line| serde_json::from_str(line).expect("every line is JSON")).collect()
}
