//! `kyclink drift`: two batches of one population are not flagged; a batch with many more
//! impostors is, and `--fail-on-drift` exits 3 for it.

use crate::workdir::Workdir;
use serde_json::Value;

/// A generated batch of `seed`, matched with the linkage model saved by the first batch (so
/// that both are scored on one scale): `results<seed>.csv` and `labels<seed>.csv`.
fn batch(wd: &Workdir, seed: &str) {
    let dir = format!("gen{seed}");
    wd.stdout(wd.command("generate").args([
        "--subscribers",
        "4000",
        "--candidates",
        "4000",
        "--seed",
        seed,
        "--out",
        &dir,
    ]));
    let (candidates, extract) = (format!("{dir}/candidates.csv"), format!("{dir}/extract.csv"));
    let out = format!("results{seed}.csv");
    let args = ["--candidates", &candidates, "--extract", &extract, "--out", &out, "--model", "model.json"];
    wd.stdout(wd.command("match").args(args));
    wd.write(&format!("labels{seed}.csv"), &wd.read(&format!("{dir}/labels.csv")));
}

fn drift(wd: &Workdir, current: &str, code: i32) -> Value {
    let mut cmd = wd.command("drift");
    cmd.args(["--baseline", "results1.csv", "--current", current, "--report", "drift", "--fail-on-drift"]);
    let output = wd.run(&mut cmd);
    assert_eq!(output.status.code(), Some(code), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&wd.read("drift/drift.json")).expect("drift.json")
}

#[test]
fn one_population_is_not_flagged_and_more_impostors_are() {
    let wd = Workdir::new();
    batch(&wd, "1");
    batch(&wd, "2");
    let same = drift(&wd, "results2.csv", 0);
    assert_eq!(same["flagged"], false, "{same:#}");
    let weight = |summary: &Value| {
        summary["scores"].as_array().unwrap().iter().find(|s| s["score"] == "matchWeight").cloned().unwrap()
    };
    assert!(weight(&same)["psi"].as_f64().unwrap() < 0.02, "{:#}", weight(&same));

    // The second batch with half its owners gone: a third of its requests from impostors
    // and relatives instead of a sixth.
    let labels = wd.read_csv("labels2.csv");
    let owner: std::collections::HashMap<&str, bool> =
        labels.rows.iter().map(|r| (r[0].as_str(), r[1] == "1")).collect();
    let results = wd.read("results2.csv");
    let mut kept = String::new();
    let mut owners = 0;
    for (i, line) in results.lines().enumerate() {
        let id = line.split(',').next().unwrap_or_default();
        if i > 0 && owner.get(id).copied().unwrap_or(false) {
            owners += 1;
            if owners % 2 == 0 {
                continue;
            }
        }
        kept += line;
        kept.push('\n');
    }
    wd.write("results3.csv", &kept);
    let moved = drift(&wd, "results3.csv", 3);
    assert_eq!(moved["flagged"], true);
    let flags = weight(&moved)["flags"].clone();
    assert!(flags.as_array().unwrap().iter().any(|f| f == "matchRate"), "{:#}", weight(&moved));
    assert!(wd.path().join("drift/drift.html").exists() && wd.path().join("drift/matchWeight.drift.svg").exists());
    // Without --fail-on-drift a flag is news, not a failure.
    let mut cmd = wd.command("drift");
    cmd.args(["--baseline", "results1.csv", "--current", "results3.csv"]);
    let stderr = String::from_utf8_lossy(&wd.run(&mut cmd).stderr).into_owned();
    assert!(stderr.contains("drift flagged"), "{stderr}");
}
