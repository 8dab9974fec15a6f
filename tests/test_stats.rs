//! `kyclink stats`: the match-rate tables of a results file, grouped and not, as Markdown,
//! CSV and Parquet; and how it fails.

use crate::eqnice;
use crate::workdir::{Table, Workdir};

/// Six results rows: two countries, a 404, a `false` with and without scores.
const RESULTS: &str = "\
requestId,status,code,message,givenNameMatch,givenNameMatchScore,birthdateMatch,country
r1,200,,,true,,true,ES
r2,200,,,false,80,false,ES
r3,200,,,false,60,not_available,ES
r4,200,,,not_available,,true,FR
r5,404,IDENTIFIER_NOT_FOUND,not found,,,,FR
r6,200,,,true,,,FR
";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("results.csv", RESULTS);
    wd
}

fn rows(table: &Table) -> Vec<Vec<&str>> {
    table.rows.iter().map(|row| row.iter().map(String::as_str).collect()).collect()
}

#[test]
fn grouped_tables_are_tidy_and_exact() {
    let wd = workdir();
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--by", "country", "--out", "stats.csv"]);
    wd.stdout(&mut cmd);
    let attributes = wd.read_csv("stats.csv");
    eqnice!(
        vec![
            "country",
            "attribute",
            "requested",
            "true",
            "false",
            "notAvailable",
            "trueShare",
            "falseShare",
            "notAvailableShare",
            "scoreP5",
            "scoreP25",
            "scoreP50",
            "scoreP75",
            "scoreP95",
        ],
        attributes.headers
    );
    let third = "0.3333333333333333";
    eqnice!(
        vec![
            // The false scores of ES are 60 and 80: linear quantiles between them.
            vec![
                "ES",
                "givenNameMatch",
                "3",
                "1",
                "2",
                "0",
                third,
                "0.6666666666666666",
                "0",
                "61",
                "65",
                "70",
                "75",
                "79"
            ],
            vec!["ES", "birthdateMatch", "3", "1", "1", "1", third, third, third, "", "", "", "", ""],
            vec!["FR", "givenNameMatch", "2", "1", "0", "1", "0.5", "0", "0.5", "", "", "", "", ""],
            // r5 (404) and r6 did not ask for a birthdate.
            vec!["FR", "birthdateMatch", "1", "1", "0", "0", "1", "0", "0", "", "", "", "", ""],
        ],
        rows(&attributes)
    );
    let statuses = wd.read_csv("stats.status.csv");
    eqnice!(vec!["country", "status", "code", "rows"], statuses.headers);
    eqnice!(
        vec![vec!["ES", "200", "", "3"], vec!["FR", "200", "", "2"], vec!["FR", "404", "IDENTIFIER_NOT_FOUND", "1"]],
        rows(&statuses)
    );
}

#[test]
fn markdown_on_standard_output_without_groups() {
    let wd = workdir();
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv"]);
    let expected = "\
| attribute | requested | true | false | notAvailable | trueShare | falseShare | notAvailableShare | scoreP5 | scoreP25 | scoreP50 | scoreP75 | scoreP95 |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
| givenNameMatch | 5 | 2 | 2 | 1 | 0.4 | 0.4 | 0.2 | 61 | 65 | 70 | 75 | 79 |
| birthdateMatch | 4 | 2 | 1 | 1 | 0.5 | 0.25 | 0.25 |  |  |  |  |  |

| status | code | rows |
|---|---|---|
| 200 |  | 5 |
| 404 | IDENTIFIER_NOT_FOUND | 1 |
";
    eqnice!(expected, wd.stdout(&mut cmd));
}

#[test]
fn parquet_results_in_and_parquet_tables_out() {
    let wd = Workdir::new();
    wd.write("candidates.csv", "requestId,phoneNumber,givenName,channel\nq1,+34600000001,Clara,web\nq2,+34600000001,Carla,shop\nq3,+34600000009,Ana,web\n");
    wd.write("extract.csv", "phoneNumber,givenName\n+34600000001,Clara\n");
    let mut cmd = wd.command("match");
    cmd.args([
        "--candidates",
        "candidates.csv",
        "--extract",
        "extract.csv",
        "--keep",
        "channel",
        "--out",
        "results.parquet",
    ]);
    wd.run(&mut cmd);
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.parquet", "--by", "channel"]);
    let markdown = wd.stdout(&mut cmd);
    // Clara = Clara; "Carla" vs "Clara" scores 88 (SPEC.md section 2); q3 is not in the extract.
    assert!(
        markdown.contains("| shop | givenNameMatch | 1 | 0 | 1 | 0 | 0 | 1 | 0 | 88 | 88 | 88 | 88 | 88 |"),
        "{markdown}"
    );
    assert!(markdown.contains("| web | givenNameMatch | 1 | 1 | 0 | 0 | 1 | 0 | 0 |"), "{markdown}");
    assert!(markdown.contains("| web | 404 | IDENTIFIER_NOT_FOUND | 1 |"), "{markdown}");

    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.parquet", "--out", "stats.parquet"]);
    wd.stdout(&mut cmd);
    let files = wd.files();
    assert!(files.contains("stats.parquet") && files.contains("stats.status.parquet"), "{files:?}");
}

#[test]
fn results_without_match_columns_have_an_empty_attribute_table() {
    let wd = Workdir::new();
    wd.write(
        "age.csv",
        "requestId,status,code,message,ageCheck,segment\nr1,200,,,true,prepaid\nr2,200,,,false,prepaid\n",
    );
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "age.csv", "--by", "segment", "--out", "stats.csv"]);
    wd.stdout(&mut cmd);
    let attributes = wd.read_csv("stats.csv");
    eqnice!(&["segment", "attribute", "requested"][..], &attributes.headers[..3]);
    assert!(attributes.rows.is_empty());
    eqnice!(vec![vec!["prepaid", "200", "", "2"]], rows(&wd.read_csv("stats.status.csv")));
}

#[test]
fn missing_files_and_columns_are_usage_errors() {
    let wd = workdir();
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "nothing.csv"]);
    assert!(wd.fails(&mut cmd, 2).contains("cannot read nothing.csv"));

    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--by", "segment"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("results.csv: line 1: no column segment"), "{stderr}");

    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--out", "stats.ndjson"]);
    assert!(wd.fails(&mut cmd, 2).contains("not NDJSON"));
}

/// Aggregate scores of eight rows answered 200 on two channels, and a 404.
const SCORED: &str = "\
requestId,status,code,message,identityMatchScore,matchWeight,matchProbability,channel
s1,200,,,100,12.5,0.999829,web
s2,200,,,90,3.2,0.901855,web
s3,200,,,40,-1.5,0.261204,web
s4,200,,,20,-9.8,0.001123,web
s5,200,,,100,8.4,0.99631,shop
s6,200,,,88,1.2,0.696471,shop
s7,200,,,70,0.9,0.65113,shop
s8,200,,,,-20.0,0.000001,shop
s9,404,IDENTIFIER_NOT_FOUND,,,,,web
";

#[test]
fn aggregate_scores_and_the_match_rate_at_a_cut_off_per_segment() {
    let wd = Workdir::new();
    wd.write("results.csv", SCORED);
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--by", "channel", "--cutoff", "matchWeight=1.2", "--out", "stats.csv"]);
    wd.stdout(&mut cmd);
    let scores = wd.read_csv("stats.scores.csv");
    eqnice!(
        vec!["channel", "score", "rows", "mean", "p5", "p25", "p50", "p75", "p95", "cutoff", "accepted", "matchRate"],
        scores.headers
    );
    let weight = |channel: &str| -> Vec<String> {
        scores.rows.iter().find(|r| r[0] == channel && r[1] == "matchWeight").expect("a row").clone()
    };
    // shop: 8.4, 1.2, 0.9, -20: two of four at or above 1.2; web: 12.5 and 3.2 of four.
    eqnice!(vec!["1.2", "2", "0.5"], weight("shop")[9..].to_vec());
    eqnice!(vec!["1.2", "2", "0.5"], weight("web")[9..].to_vec());
    eqnice!("4", weight("shop")[2].as_str());
    // The median of web's weights, -1.5 and 3.2 interpolated: 0.85.
    assert!((weight("web")[6].parse::<f64>().unwrap() - 0.85).abs() < 1e-9, "{:?}", weight("web"));
    let identity: Vec<&Vec<String>> = scores.rows.iter().filter(|r| r[1] == "identityMatchScore").collect();
    // shop's s8 has no identityMatchScore; no cut-off was asked for it.
    eqnice!(
        vec!["3", "", "", ""],
        vec![identity[0][2].clone(), identity[0][9].clone(), identity[0][10].clone(), identity[0][11].clone()]
    );

    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--cutoff", "matchScore=1"]);
    assert!(wd.fails(&mut cmd, 2).contains("--cutoff matchScore"));
    let mut cmd = wd.command("stats");
    cmd.args(["--results", "results.csv", "--cutoff", "matchWeight"]);
    assert!(wd.fails(&mut cmd, 2).contains("SCORE=VALUE"));
}

#[test]
fn grouping_by_status_or_code_counts_instead_of_failing() {
    let wd = workdir();
    for by in ["status", "code", "status,code"] {
        let mut cmd = wd.command("stats");
        cmd.args(["--results", "results.csv", "--by", by, "--out", "stats.csv"]);
        wd.stdout(&mut cmd);
        let statuses = wd.read_csv("stats.status.csv");
        eqnice!(&["rows"][..], &statuses.headers[statuses.headers.len() - 1..], "{by}");
        let total: u64 = statuses.column("rows").iter().map(|r| r.parse::<u64>().unwrap()).sum();
        assert_eq!(total, 6, "{by}");
    }
    let statuses = wd.read_csv("stats.status.csv");
    eqnice!(vec!["status", "code", "rows"], statuses.headers);
}
