//! The cut-off explorer of `report.html`, in a real browser: Debian's headless Chromium,
//! driven by `tests/browser/explorer.mjs` (playwright-core). The page is opened from disk
//! with nothing else reachable; a score and a cut-off are set as a user would, and the
//! figures it shows must be thresholds.csv's at that cut-off. Skipped, with a note, where
//! Chromium, Node.js or the script's modules are missing; `.ci/run` installs them.

use crate::workdir::Workdir;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The browser and the script, or why the test cannot run here.
fn browser() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        return Err(format!("no Chromium at {}", chromium.display()));
    }
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !browser_dir.join("node_modules/playwright-core").exists() {
        return Err("no playwright-core (npm ci --prefix tests/browser)".into());
    }
    match Command::new("node").arg("--version").output() {
        Ok(output) if output.status.success() => Ok((chromium, browser_dir.join("explorer.mjs"))),
        _ => Err("no node".into()),
    }
}

/// A percentage as the explorer shows it ("98.71%"), as a share.
fn share(text: &Value) -> f64 {
    let text = text.as_str().unwrap_or_else(|| panic!("a figure, not {text}"));
    text.strip_suffix('%').and_then(|t| t.parse::<f64>().ok()).unwrap_or_else(|| panic!("a percentage: {text}")) / 100.0
}

#[test]
fn the_explorer_shows_what_thresholds_csv_says() {
    let (chromium, script) = match browser() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("skipped the_explorer_shows_what_thresholds_csv_says: {why}");
            return;
        }
    };
    let wd = Workdir::new();
    wd.stdout(wd.command("generate").args([
        "--subscribers",
        "3000",
        "--candidates",
        "3000",
        "--seed",
        "3",
        "--out",
        ".",
    ]));
    wd.stdout(wd.command("match").args([
        "--candidates",
        "candidates.csv",
        "--extract",
        "extract.csv",
        "--out",
        "results.csv",
    ]));
    wd.stdout(wd.command("calibrate").args([
        "--results",
        "results.csv",
        "--labels",
        "labels.csv",
        "--report",
        "report",
    ]));
    let thresholds = wd.read_csv("report/thresholds.csv");
    // Per score, three cut-offs of its table: near the top, the middle and the bottom.
    let mut picked: Vec<(String, Vec<String>)> = Vec::new();
    for score in ["matchWeight", "identityMatchScore", "matchProbability"] {
        let rows: Vec<&Vec<String>> = thresholds.rows.iter().filter(|r| r[0] == score).collect();
        assert!(rows.len() > 10, "{score} has {} cut-offs", rows.len());
        for i in [rows.len() / 10, rows.len() / 2, rows.len() - 2] {
            picked.push((score.to_string(), rows[i].clone()));
        }
    }
    let requests: Vec<Value> = picked
        .iter()
        .map(|(score, row)| serde_json::json!({"score": score, "cutoff": row[1].parse::<f64>().unwrap()}))
        .collect();
    let mut node = Command::new("node")
        .arg(&script)
        .arg(wd.path().join("report"))
        .env("CHROMIUM", &chromium)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    std::io::Write::write_all(node.stdin.as_mut().unwrap(), serde_json::to_string(&requests).unwrap().as_bytes())
        .unwrap();
    drop(node.stdin.take());
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success(), "explorer.mjs failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let shown: Value = serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    assert_eq!(shown["fetched"], serde_json::json!([]), "the page fetched something");
    assert_eq!(shown["errors"], serde_json::json!([]), "the page's script failed");
    let figures = shown["figures"].as_array().unwrap();
    assert_eq!(figures.len(), picked.len());
    let column = |name: &str| thresholds.index(name);
    for ((score, row), figure) in picked.iter().zip(figures) {
        let at = |name: &str| row[column(name)].parse::<f64>().unwrap();
        let context = format!("{score} at {}: {figure}", row[1]);
        assert_eq!(figure["accepted"].as_str(), Some(row[column("accepted")].as_str()), "{context}");
        // Rates are percentages with two decimals: within half of 0.01%.
        for (name, table) in [("match-rate", "matchRate"), ("precision", "precision"), ("recall", "recall")] {
            assert!((share(&figure[name]) - at(table)).abs() <= 0.00005 + 1e-12, "{name}: {context}");
        }
        let estimated = &figure["estimated-fdr"];
        if score == "identityMatchScore" {
            assert!(estimated.is_null(), "no model estimate for identityMatchScore: {context}");
        } else {
            assert!((share(estimated) - at("estimatedFdr")).abs() <= 0.00005 + 1e-12, "{context}");
        }
    }
}
