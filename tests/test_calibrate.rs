//! `kyclink calibrate`: the report directory it writes, with and without labels, checked
//! against numbers worked out by hand; that the HTML is well formed and holds no input value;
//! and how it fails.

use crate::eqnice;
use crate::workdir::{Table, Workdir};
use serde_json::Value;
use std::collections::BTreeSet;

/// Eight scored rows whose identityMatchScore and labels are the unit tests' hand-worked
/// sample (a tie between an owner and a non-owner at 70), a 404, and a row without a label.
const RESULTS: &str = "\
requestId,status,code,message,givenNameMatch,givenNameMatchScore,identityMatchScore
a1,200,,,true,,90
a2,200,,,true,,80
a3,200,,,false,75,70
a4,200,,,false,70,70
a5,200,,,false,40,60
a6,200,,,false,88,50
a7,200,,,false,30,40
a8,200,,,not_available,,40
a9,404,IDENTIFIER_NOT_FOUND,,,,
a10,200,,,true,,95
";

const LABELS: &str = "\
requestId,isOwner,kind
a1,true,owner
a2,true,owner
a3,true,owner
a4,false,relative
a5,false,relative
a6,true,owner
a7,false,stranger
a8,false,stranger
a9,true,owner
";

fn labelled() -> Workdir {
    let wd = Workdir::new();
    wd.write("results.csv", RESULTS);
    wd.write("labels.csv", LABELS);
    wd
}

/// The files of the report directory.
fn report_files(wd: &Workdir) -> BTreeSet<String> {
    std::fs::read_dir(wd.path().join("report"))
        .expect("the report directory")
        .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
        .collect()
}

fn summary(wd: &Workdir) -> Value {
    serde_json::from_str(&wd.read("report/summary.json")).expect("summary.json is JSON")
}

fn close(got: &Value, expected: f64) -> bool {
    got.as_f64().is_some_and(|got| (got - expected).abs() < 1e-9)
}

/// Checks that every element is closed in order (the report is written XHTML-clean); a
/// script's text is not markup.
fn assert_well_formed(html: &str) {
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').expect("every tag is closed by >");
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with("script") {
            rest = &rest[rest.find("</script>").expect("a script is closed")..];
        }
        if tag.starts_with('!') || tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = |t: &str| t.split(|c: char| c.is_whitespace()).next().unwrap_or_default().to_string();
        match tag.strip_prefix('/') {
            Some(closing) => {
                let name = name(closing);
                assert_eq!(open.pop().as_deref(), Some(name.as_str()), "</{name}> closes another element");
            }
            None => open.push(name(tag)),
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}

#[test]
fn labelled_calibration_matches_the_hand_computation() {
    let wd = labelled();
    let mut cmd = wd.command("calibrate");
    cmd.args([
        "--results",
        "results.csv",
        "--labels",
        "labels.csv",
        "--target-precision",
        "0.75",
        "--report",
        "report",
    ]);
    let output = wd.run(&mut cmd);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 results rows have no label"), "{stderr}");

    let summary = summary(&wd);
    eqnice!(
        (10, 1, 1, 8),
        (
            summary["resultsRows"].as_u64().unwrap(),
            summary["unlabelledRows"].as_u64().unwrap(),
            summary["notScoredRows"].as_u64().unwrap(),
            summary["analysedRows"].as_u64().unwrap()
        )
    );
    let identity = &summary["scores"][0];
    assert_eq!(identity["column"], "identityMatchScore");
    assert!(close(&identity["auc"], 13.5 / 16.0), "{identity}");
    assert!(close(&identity["prAuc"], 0.25 * (1.0 + 1.0 + 0.75 + 4.0 / 6.0)), "{identity}");
    assert!(close(&identity["bestF1"]["cutoff"], 50.0) && close(&identity["bestF1"]["f1"], 0.8), "{identity}");
    assert!(close(&identity["atTargetPrecision"]["cutoff"], 70.0), "{identity}");
    let kinds: Vec<(String, u64, u64)> = identity["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            (k["kind"].as_str().unwrap().to_string(), k["rows"].as_u64().unwrap(), k["accepted"].as_u64().unwrap())
        })
        .collect();
    eqnice!(vec![("owner".to_string(), 4, 4), ("relative".to_string(), 2, 2), ("stranger".to_string(), 2, 0)], kinds);

    // givenNameMatchScore: `true` counts as 100, not_available has no score; owners score 100,
    // 100, 88, 75 and the others 70, 40, 30: a perfect ranking.
    let given = &summary["scores"][1];
    assert_eq!(given["column"], "givenNameMatchScore");
    eqnice!((7, 1), (given["rows"].as_u64().unwrap(), given["withoutScore"].as_u64().unwrap()));
    assert!(close(&given["auc"], 1.0), "{given}");

    let thresholds = wd.read_csv("report/thresholds.csv");
    let fifty = thresholds
        .rows
        .iter()
        .find(|row| row[0] == "identityMatchScore" && row[1] == "50")
        .expect("a row for cut-off 50");
    eqnice!(
        vec!["identityMatchScore", "50", "1", "6", "0.75", "4", "2", "0.6666666666666666", "1", "0.8", "0.5", "", ""],
        fifty.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let files = report_files(&wd);
    for chart in ["histogram", "share", "roc", "pr", "metrics"] {
        assert!(files.contains(&format!("identityMatchScore.{chart}.svg")), "{files:?}");
    }
    let html = wd.read("report/report.html");
    assert_well_formed(&html);
    assert!(html.contains("How to read this and pick a cut-off"));
    for id in ["a1", "a10"] {
        assert!(!html.contains(&format!(">{id}<")) && !html.contains(&format!("\"{id}\"")), "{id} in the report");
    }
}

#[test]
fn thresholds_have_one_row_per_distinct_score_and_fixed_columns() {
    let wd = labelled();
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--score", "identityMatchScore", "--report", "report"]);
    wd.stdout(&mut cmd);
    let thresholds = wd.read_csv("report/thresholds.csv");
    eqnice!(
        vec![
            "score",
            "cutoff",
            "rowsAtCutoff",
            "accepted",
            "matchRate",
            "truePositives",
            "falsePositives",
            "precision",
            "recall",
            "f1",
            "falsePositiveRate",
            "estimatedFdr",
            "estimatedFnr",
        ],
        thresholds.headers
    );
    // Without labels all nine 200 rows count, the 404 does not.
    eqnice!(vec!["95", "90", "80", "70", "60", "50", "40"], thresholds.column("cutoff"));
    eqnice!(vec!["1", "2", "3", "5", "6", "7", "9"], thresholds.column("accepted"));
    assert!(thresholds.column("precision").iter().all(|p| p.is_empty()));
    let summary = summary(&wd);
    assert_eq!(summary["scores"].as_array().unwrap().len(), 1);
    assert_eq!(summary["labelled"], false);
    assert!(summary["scores"][0]["auc"].is_null());
}

/// Sixty rows, half low and half high on every aggregate, none in between.
fn bimodal() -> String {
    let mut csv = String::from("requestId,status,code,message,identityMatchScore,matchWeight,matchProbability\n");
    for i in 0..30 {
        csv.push_str(&format!("low{i},200,,,{},-5,0.1\n", 10 + (i % 4) * 3));
        csv.push_str(&format!("high{i},200,,,{},6,0.9\n", 85 + (i % 4) * 5));
    }
    csv
}

#[test]
fn without_labels_valleys_and_fellegi_sunter_estimates() {
    let wd = Workdir::new();
    wd.write("results.csv", &bimodal());
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--report", "report"]);
    wd.stdout(&mut cmd);
    let summary = summary(&wd);
    let columns: Vec<&str> =
        summary["scores"].as_array().unwrap().iter().map(|s| s["column"].as_str().unwrap()).collect();
    eqnice!(vec!["identityMatchScore", "matchWeight", "matchProbability"], columns);
    // Bins of 5 from 10; the empty bins run from [20, 25) to [70, 75): the middle one is
    // [50, 55), and the cut-off that accepts the hump above it is its lowest score, 85.
    eqnice!(serde_json::json!([85.0]), summary["scores"][0]["suggestedCutoffs"]);

    let thresholds = wd.read_csv("report/thresholds.csv");
    let row = |score: &str, accepted: &str| -> Vec<String> {
        let column = thresholds.index("accepted");
        let i = thresholds.rows.iter().position(|r| r[0] == score && r[column] == accepted).expect("the row");
        thresholds.rows[i].clone()
    };
    let at = |row: &[String], column: &str| -> f64 { row[thresholds.index(column)].parse().unwrap() };
    // The probabilities' cut-offs are those of their weights' tenths (0.895552 at 3.1 bits).
    eqnice!("0.895552", row("matchProbability", "30")[1].as_str());
    for score in ["matchProbability", "matchWeight"] {
        let row = row(score, "30");
        // Accepting the 30 rows of p = 0.9: FDR = 30 x 0.1 / 30; FNR = 30 x 0.1 / (30 x 0.9 + 30 x 0.1).
        assert!((at(&row, "estimatedFdr") - 0.1).abs() < 1e-9, "{row:?}");
        assert!((at(&row, "estimatedFnr") - 0.1).abs() < 1e-9, "{row:?}");
        assert_eq!(at(&row, "matchRate"), 0.5);
    }
    let top = thresholds.rows.iter().find(|r| r[0] == "identityMatchScore" && r[1] == "100").expect("cut-off 100");
    assert!(top[thresholds.index("estimatedFdr")].is_empty());
    let files = report_files(&wd);
    assert!(
        files.contains("matchProbability.estimates.svg") && !files.contains("matchProbability.roc.svg"),
        "{files:?}"
    );
    assert_well_formed(&wd.read("report/report.html"));
}

#[test]
fn the_report_holds_no_input_value() {
    let wd = Workdir::new();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", &format!("{samples}/candidates.csv"), "--extract", &format!("{samples}/extract.csv")]);
    cmd.args(["--profile", &format!("{samples}/profile.toml"), "--keep", "channel", "--out", "results.csv"]);
    wd.stdout(&mut cmd);
    let results = wd.read_csv("results.csv");
    let mut labels = String::from("requestId,isOwner,kind\n");
    for (i, id) in results.column("requestId").iter().enumerate() {
        labels.push_str(&format!("{id},{},{}\n", i % 3 != 0, if i % 3 == 0 { "relative" } else { "owner" }));
    }
    wd.write("labels.csv", &labels);
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--labels", "labels.csv", "--report", "report"]);
    wd.stdout(&mut cmd);

    let candidates = Table::parse(&std::fs::read_to_string(format!("{samples}/candidates.csv")).unwrap());
    let values: Vec<&str> = candidates
        .rows
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|v| v.chars().count() >= 4 && v.parse::<f64>().is_err())
        .collect();
    assert!(values.len() > 100, "the sample has values to look for");
    let mut report = wd.read("report/report.html");
    for file in report_files(&wd).iter().filter(|f| f.ends_with(".svg")) {
        report.push_str(&wd.read(&format!("report/{file}")));
    }
    assert_well_formed(&wd.read("report/report.html"));
    for value in values {
        assert!(!report.contains(value), "the report holds the input value {value:?}");
    }
}

#[test]
fn missing_files_and_columns_are_usage_errors() {
    let wd = labelled();
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "nothing.csv", "--report", "report"]);
    assert!(wd.fails(&mut cmd, 2).contains("cannot read nothing.csv"));

    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--score", "matchWeight", "--report", "report"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("results.csv: line 1: no column matchWeight"), "{stderr}");

    wd.write("labels.csv", "requestId,owner\na1,true\n");
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--labels", "labels.csv", "--report", "report"]);
    assert!(wd.fails(&mut cmd, 2).contains("labels.csv: line 1: no column isOwner"));

    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--target-precision", "1.5", "--report", "report"]);
    wd.fails(&mut cmd, 2);

    wd.write("bad.csv", "requestId,status,identityMatchScore\na1,200,80\na2,200,high\n");
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "bad.csv", "--report", "report"]);
    // A value the file should not hold is the user's to fix, as a missing column is.
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("bad.csv: line 3: column identityMatchScore: not a number"), "{stderr}");
    assert!(!stderr.contains("high"), "{stderr}");
}

#[test]
fn labels_show_how_far_match_probability_means_what_it_says() {
    let wd = Workdir::new();
    wd.write(
        "results.csv",
        "requestId,status,code,message,matchWeight,matchProbability\n\
         p1,200,,,3.8,0.95\np2,200,,,3.5,0.92\np3,200,,,-2.5,0.15\np4,200,,,-4.2,0.05\n\
         p5,200,,,0.3,0.55\np6,200,,,-0.3,0.45\n",
    );
    wd.write("labels.csv", "requestId,isOwner\np1,1\np2,1\np3,0\np4,0\np5,1\np6,0\n");
    let output = wd.run(wd.command("calibrate").args([
        "--results",
        "results.csv",
        "--labels",
        "labels.csv",
        "--report",
        "report",
    ]));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = summary(&wd);
    let probability = summary["scores"].as_array().unwrap().iter().find(|s| s["column"] == "matchProbability").unwrap();
    let calibration = &probability["calibration"];
    // Bins 0.9 (0.935 for 2 owners), 0.1 (0.15, no owner), 0.0 (0.05, none), 0.5 (0.55, an
    // owner), 0.4 (0.45, none): (2 x 0.065 + 0.15 + 0.05 + 0.45 + 0.45) / 6.
    assert!(close(&calibration["expectedCalibrationError"], 1.23 / 6.0), "{calibration}");
    let bins: Vec<(f64, u64)> = calibration["bins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["from"].as_f64().unwrap(), b["rows"].as_u64().unwrap()))
        .collect();
    eqnice!(vec![(0.0, 1), (0.1, 1), (0.4, 1), (0.5, 1), (0.9, 2)], bins);
    // At the best-F1 cut-off (0.55: the three owners, nothing else) the FDR is 0, and the
    // model's estimate, the mean of 1 - p over the accepted, is beside it.
    let best = &probability["bestF1"];
    assert!(close(&best["precision"], 1.0) && close(&best["estimatedFdr"], (0.05 + 0.08 + 0.45) / 3.0), "{best}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(FDR 0.0000, estimated 0.1933)") && stderr.contains("ECE 0.2050"), "{stderr}");
    assert!(summary["scores"][0]["calibration"].is_null(), "only matchProbability has a reliability table");
    let html = wd.read("report/report.html");
    assert_well_formed(&html);
    assert!(html.contains("Expected calibration error (the rows' mean gap): 0.205"), "the report shows it too");
}

#[test]
fn labels_in_any_order_segments_and_labels_of_another_batch() {
    let wd = labelled();
    let run = |wd: &Workdir, labels: &str, extra: &[&str]| {
        let mut cmd = wd.command("calibrate");
        cmd.args(["--results", "results.csv", "--labels", labels, "--report", "report"]).args(extra);
        wd.stdout(&mut cmd);
        summary(wd)
    };
    let in_order = run(&wd, "labels.csv", &[]);
    // The same labels, last first: read through a map instead of beside the results.
    let mut lines: Vec<&str> = LABELS.lines().collect();
    lines[1..].reverse();
    wd.write("shuffled.csv", &(lines.join("\n") + "\n"));
    eqnice!(in_order, run(&wd, "shuffled.csv", &[]));

    // Segments: the results with a channel; each segment's rate at the first recommendation.
    let with_channel: String = RESULTS
        .lines()
        .enumerate()
        .map(|(i, line)| {
            format!(
                "{line},{}\n",
                if i == 0 {
                    "channel"
                } else if i % 2 == 0 {
                    "web"
                } else {
                    "shop"
                }
            )
        })
        .collect();
    wd.write("results.csv", &with_channel);
    let summary = run(&wd, "labels.csv", &["--by", "channel"]);
    let segments = &summary["segments"];
    eqnice!(serde_json::json!("channel"), segments["column"]);
    let names: Vec<&str> =
        segments["rows"].as_array().unwrap().iter().map(|s| s["segment"].as_str().unwrap()).collect();
    eqnice!(vec!["shop", "web"], names);
    let identity_cutoff = summary["scores"][0]["recommended"][0]["at"]["cutoff"].as_f64().unwrap();
    let shop = &segments["rows"][0];
    let rate = &shop["scores"][0];
    eqnice!(serde_json::json!("identityMatchScore"), rate["score"]);
    assert_eq!(rate["cutoff"].as_f64(), Some(identity_cutoff));
    // shop: a1, a3, a5, a7 (a9 is a 404): 90, 70, 60, 40; accepted at 50: 90, 70, 60.
    assert_eq!(identity_cutoff, 50.0);
    eqnice!((4, 3), (rate["scored"].as_u64().unwrap(), rate["accepted"].as_u64().unwrap()));

    // Labels of another batch: not one requestId in common.
    wd.write("other.csv", "requestId,isOwner\nz1,1\nz2,0\n");
    let mut cmd = wd.command("calibrate");
    cmd.args(["--results", "results.csv", "--labels", "other.csv", "--report", "report"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("no requestId of other.csv is in results.csv"), "{stderr}");
}
