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
