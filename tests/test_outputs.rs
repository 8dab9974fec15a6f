//! Where results go, and what they never destroy (issue 13): an output is refused before
//! anything is written when it is an input or another output (compared by identity, not by
//! spelling); temporary files are exclusive, unpredictable and removed on SIGINT and SIGTERM;
//! `.gz` outputs are gzip.

use crate::eqnice;
use crate::rows::{job, workdir};
use crate::workdir::{Workdir, stderr};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CANDIDATES: &str = "requestId,phoneNumber,givenName\nr1,+34600000001,Clara\nr2,+34600000009,Ana\n";
const EXTRACT: &str = "phoneNumber,givenName\n+34600000001,Clara\n";

fn files(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// Runs `cmd`, which must be refused with exit 2 naming `output` and `input`, and checks that
/// nothing in the directory changed.
#[track_caller]
fn assert_refused(wd: &Workdir, cmd: &mut Command, output: &str, input: &str) {
    let before: Vec<(String, Vec<u8>)> = wd
        .files()
        .into_iter()
        .map(|name| (name.clone(), std::fs::read(wd.path().join(&name)).unwrap_or_default()))
        .collect();
    let stderr = wd.fails(cmd, 2);
    assert!(stderr.contains(output) && stderr.contains(input), "names {output} and {input}:\n{stderr}");
    assert!(stderr.contains("same file"), "{stderr}");
    let after: Vec<(String, Vec<u8>)> = wd
        .files()
        .into_iter()
        .map(|name| (name.clone(), std::fs::read(wd.path().join(&name)).unwrap_or_default()))
        .collect();
    eqnice!(before, after, "nothing written, nothing removed");
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let wd = workdir(CANDIDATES, EXTRACT);
    std::fs::create_dir(wd.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("candidates.csv", wd.path().join("link.csv")).unwrap();
    std::fs::hard_link(wd.path().join("extract.csv"), wd.path().join("hard.csv")).unwrap();
    wd.write("profile.toml", "scores = true\n");
    for subcommand in ["match", "age", "swap", "insights"] {
        for (option, output, input) in [
            ("--out", "candidates.csv", "candidates.csv"),
            ("--out", "./sub/../candidates.csv", "candidates.csv"),
            ("--out", "link.csv", "candidates.csv"),
            ("--out", "extract.csv", "extract.csv"),
            ("--out", "hard.csv", "extract.csv"),
            ("--summary", "candidates.csv", "candidates.csv"),
            ("--summary", "sub/../extract.csv", "extract.csv"),
            ("--out", "profile.toml", "profile.toml"),
        ] {
            let mut cmd = job(&wd, subcommand, &[option, output, "--profile", "profile.toml"]);
            assert_refused(&wd, &mut cmd, output, input);
        }
        // Two outputs of one run are one file.
        let mut cmd = job(&wd, subcommand, &["--out", "results.csv", "--summary", "./results.csv"]);
        assert_refused(&wd, &mut cmd, "./results.csv", "results.csv");
    }
    // A model to be saved is an output, a model to be reused an input.
    let mut cmd = job(&wd, "match", &["--out", "model.json", "--model", "./model.json"]);
    assert_refused(&wd, &mut cmd, "./model.json", "model.json");
    wd.write("model.json", "{}");
    let mut cmd = job(&wd, "match", &["--summary", "model.json", "--model", "model.json"]);
    assert_refused(&wd, &mut cmd, "model.json", "model.json");
}

#[test]
fn stats_calibrate_and_generate_refuse_to_overwrite_their_inputs() {
    let wd = workdir(CANDIDATES, EXTRACT);
    wd.stdout(&mut job(&wd, "match", &["--out", "results.csv"]));
    let mut stats = wd.command("stats");
    stats.args(["--results", "results.csv", "--out", "./results.csv"]);
    assert_refused(&wd, &mut stats, "./results.csv", "results.csv");
    // The status table goes beside the attribute table: results.csv is x.status.csv's place.
    std::fs::rename(wd.path().join("results.csv"), wd.path().join("x.status.csv")).unwrap();
    let mut stats = wd.command("stats");
    stats.args(["--results", "x.status.csv", "--out", "x.csv"]);
    assert_refused(&wd, &mut stats, "x.status.csv", "x.status.csv");
    std::fs::rename(wd.path().join("x.status.csv"), wd.path().join("results.csv")).unwrap();

    // calibrate writes thresholds.csv, summary.json, report.html and charts into --report.
    std::fs::create_dir(wd.path().join("report")).unwrap();
    std::fs::copy(wd.path().join("results.csv"), wd.path().join("report/thresholds.csv")).unwrap();
    let mut calibrate = wd.command("calibrate");
    calibrate.args(["--results", "report/thresholds.csv", "--report", "report"]);
    assert_refused(&wd, &mut calibrate, "thresholds.csv", "report/thresholds.csv");
    std::fs::remove_file(wd.path().join("report/thresholds.csv")).unwrap();
    std::os::unix::fs::symlink("../results.csv", wd.path().join("report/summary.json")).unwrap();
    let mut calibrate = wd.command("calibrate");
    calibrate.args(["--results", "results.csv", "--report", "report"]);
    assert_refused(&wd, &mut calibrate, "summary.json", "results.csv");
    wd.write("labels.csv", "requestId,isOwner\nr1,1\nr2,0\n");
    std::fs::remove_file(wd.path().join("report/summary.json")).unwrap();
    std::os::unix::fs::symlink("../labels.csv", wd.path().join("report/report.html")).unwrap();
    let mut calibrate = wd.command("calibrate");
    calibrate.args(["--results", "results.csv", "--labels", "labels.csv", "--report", "report"]);
    assert_refused(&wd, &mut calibrate, "report.html", "labels.csv");

    // generate has no inputs, but one of its outputs must not overwrite another.
    std::fs::create_dir(wd.path().join("data")).unwrap();
    wd.write("data/candidates.csv", "kept\n");
    std::os::unix::fs::symlink("candidates.csv", wd.path().join("data/extract.csv")).unwrap();
    let mut generate = wd.command("generate");
    generate.args(["--subscribers", "10", "--candidates", "10", "--out", "data"]);
    assert_refused(&wd, &mut generate, "data/candidates.csv", "data/extract.csv");
    eqnice!("kept\n", wd.read("data/candidates.csv"));
}

/// The names of the temporary files in `dir`.
fn partial_files(dir: &Path) -> Vec<String> {
    let names = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
    names.filter(|name| name.ends_with(".kyclink-partial")).collect()
}

/// Waits until a temporary output file appears in `dir` (the run has created its output).
#[track_caller]
fn wait_for_partial_file(dir: &Path, child: &mut Child) {
    let start = Instant::now();
    while partial_files(dir).is_empty() {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            child.stderr.take().map(|mut e| e.read_to_string(&mut stderr));
            panic!("the run ended ({status}) before creating its output:\n{stderr}");
        }
        assert!(start.elapsed() < Duration::from_secs(60), "no temporary output file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `kyclink age` reading its candidates from the FIFO `candidates.fifo`, writing `out`; the
/// header is written, the rows are not: the run has created its output and waits for rows.
fn start_waiting_run(wd: &Workdir, out: &str) -> (Child, std::fs::File) {
    let fifo = wd.path().join("candidates.fifo");
    if !fifo.exists() {
        assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    }
    let mut cmd = wd.command("age");
    cmd.args(["--candidates", "candidates.fifo", "--extract", "extract.csv", "--age-threshold", "18"]);
    cmd.args(["--as-of", "2025-06-30", "--out", out]).stdout(Stdio::null()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("kyclink starts");
    let mut rows = std::fs::OpenOptions::new().write(true).open(&fifo).expect("the FIFO opens");
    rows.write_all(b"requestId,phoneNumber\n").unwrap();
    rows.flush().unwrap();
    wait_for_partial_file(wd.path(), &mut child);
    (child, rows)
}

#[test]
fn two_runs_to_one_target_each_write_a_whole_file() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let (slow, mut rows) = start_waiting_run(&wd, "results.csv");
    // A retry while the first run is still going: it writes and renames its own file.
    let mut quick = job(&wd, "age", &["--age-threshold", "18", "--as-of", "2025-06-30", "--out", "results.csv"]);
    wd.stdout(&mut quick);
    let quick_output = wd.read("results.csv");
    assert!(quick_output.contains("r1,200"), "{quick_output}");
    // The first run then ends, and its output replaces the retry's, whole.
    rows.write_all(b"s1,+34600000001\ns2,+34600000009\n").unwrap();
    drop(rows);
    let output = slow.wait_with_output().unwrap();
    assert!(output.status.success(), "the first run fails:\n{}", stderr(&output));
    let slow_output = wd.read("results.csv");
    let lines: Vec<&str> = slow_output.lines().collect();
    eqnice!(3, lines.len(), "{slow_output}");
    assert!(lines[0].starts_with("requestId,status") && lines[1].starts_with("s1,") && lines[2].starts_with("s2,"));
    eqnice!(Vec::<String>::new(), partial_files(wd.path()));
}

#[test]
fn a_planted_link_or_a_leftover_at_a_temporary_name_is_never_written_through() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let expected = wd.stdout(&mut job(&wd, "match", &[]));
    // The name earlier versions always wrote through, and any other in the pattern.
    wd.write("victim.txt", "precious\n");
    std::os::unix::fs::symlink("victim.txt", wd.path().join(".results.csv.kyclink-partial")).unwrap();
    std::fs::create_dir(wd.path().join(".summary.json.kyclink-partial")).unwrap();
    wd.stdout(&mut job(&wd, "match", &["--out", "results.csv", "--summary", "summary.json"]));
    eqnice!("precious\n", wd.read("victim.txt"));
    eqnice!(expected, wd.read("results.csv"));
    assert!(std::fs::symlink_metadata(wd.path().join("results.csv")).unwrap().is_file(), "a file, not the link");
    assert!(wd.read("summary.json").contains("\"rowsIn\""));
}

#[test]
fn sigint_and_sigterm_remove_the_temporary_file_and_kill_9_leaves_no_trap() {
    use std::os::unix::process::ExitStatusExt;
    let wd = workdir(CANDIDATES, EXTRACT);
    for (signal, number) in [("-INT", 2), ("-TERM", 15)] {
        let (child, rows) = start_waiting_run(&wd, "results.csv");
        let killed = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let output = child.wait_with_output().unwrap();
        drop(rows);
        eqnice!(Some(number), output.status.signal(), "ended by the signal: {}", stderr(&output));
        eqnice!(Vec::<String>::new(), partial_files(wd.path()), "after {signal}");
        assert!(!wd.path().join("results.csv").exists());
    }
    // kill -9 cannot be caught: the temporary file stays, and the next run is not troubled.
    let (child, rows) = start_waiting_run(&wd, "results.csv");
    Command::new("kill").args(["-KILL", &child.id().to_string()]).status().unwrap();
    child.wait_with_output().unwrap();
    drop(rows);
    let leftover = partial_files(wd.path());
    eqnice!(1, leftover.len());
    let mut cmd = job(&wd, "age", &["--age-threshold", "18", "--as-of", "2025-06-30", "--out", "results.csv"]);
    wd.stdout(&mut cmd);
    assert!(wd.read("results.csv").contains("r1,200"));
    eqnice!(leftover, partial_files(wd.path()), "the leftover is neither used nor removed");
    let mut names = files(&["candidates.csv", "candidates.fifo", "extract.csv", "results.csv"]);
    names.extend(leftover);
    eqnice!(names, wd.files());
}

#[test]
fn gz_outputs_are_gzip_compressed() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let plain = wd.stdout(&mut job(&wd, "match", &[]));
    let ndjson = wd.stdout(&mut job(&wd, "match", &["--format", "ndjson"]));
    let gunzip = |name: &str| {
        let bytes = std::fs::read(wd.path().join(name)).unwrap();
        assert_eq!(bytes[..2], [0x1f, 0x8b], "{name} starts with the gzip magic number");
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
        text
    };
    wd.stdout(&mut job(&wd, "match", &["--out", "results.csv.gz", "--summary", "summary.json.gz"]));
    eqnice!(plain, gunzip("results.csv.gz"));
    assert!(gunzip("summary.json.gz").contains("\"rowsIn\""));
    wd.stdout(&mut job(&wd, "match", &["--out", "results.ndjson.gz"]));
    eqnice!(ndjson, gunzip("results.ndjson.gz"));
    // --format says what is inside; the .gz still compresses it.
    wd.stdout(&mut job(&wd, "match", &["--out", "results.gz", "--format", "csv"]));
    eqnice!(plain, gunzip("results.gz"));
    // And kyclink reads what it wrote.
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv.gz"]);
    assert!(wd.stdout(&mut cmd).contains("givenName"));
    // Parquet compresses inside.
    let stderr = wd.fails(&mut job(&wd, "match", &["--out", "results.parquet.gz"]), 2);
    assert!(stderr.contains("results.parquet.gz"), "{stderr}");
    assert!(!wd.path().join("results.parquet.gz").exists());
}
