//! `kyclink age` (KYC Age Verification, SPEC.md section 4 and 9.9), driven through the binary:
//! status codes, ageCheck on a reference date (29 February included), verifiedStatus,
//! identityMatchScore by KPN's rule, and the NDJSON bodies.

use crate::eqnice;
use crate::rows::{answer, answered, assert_error, job, ndjson, outcomes, row, workdir};
use crate::workdir::Table;
use kyclink::normalize::Date;
use kyclink::normalize::Timestamp;

/// Line 2: born on a leap day, two documents and two e-mails, verified. Line 3: verified
/// false. Line 4: no birthdate. Line 5: out of scope. Lines 6-7: one number twice. Line 8: a
/// birthdate that is not YYYY-MM-DD, verified "YES". Line 9: verifiedStatus "maybe".
const EXTRACT: &str = "\
phoneNumber,givenName,familyName,middleNames,birthdate,idDocument,email,verifiedStatus,serviceApplicable
+34600000001,Clara,García,,2004-02-29,X-123.456|P9876,clara@x.com|c.garcia@y.es,true,
+34600000002,Ana,Ruiz,,1990-06-15,,,false,
+34600000003,Ana,Ruiz,,,,,,
+34600000004,Ana,Ruiz,,1990-06-15,,,yes,false
+34600000005,Ana,Ruiz,,1990-06-15,,,,
+34600000005,Ana,Ruiz,,1990-06-15,,,,
+34600000006,Bea,López,,15/06/1990,,,YES,
+34600000007,Eva,Sanz,,1990-06-15,,,maybe,
";

const AS_OF: [&str; 2] = ["--as-of", "2025-06-30"];

/// `round(100 x Jaro-Winkler)` capped at 99, by the oracle (strsim): a `false` name's score.
fn name_score(a: &str, b: &str) -> u32 {
    ((strsim::jaro_winkler(a, b) * 100.0).round() as u32).min(99)
}

#[test]
fn output_columns_are_the_camara_response_then_kept_columns() {
    let wd = workdir("requestId,phoneNumber,ageThreshold,channel\nr1,+34600000002,18,web\n", EXTRACT);
    let (table, stderr) = answered(&wd, "age", &["--as-of", "2025-06-30", "--keep", "channel"]);
    eqnice!(
        vec!["requestId", "status", "code", "message", "ageCheck", "verifiedStatus", "identityMatchScore", "channel"],
        table.headers
    );
    eqnice!(vec![("ageCheck", "true"), ("verifiedStatus", "false"), ("channel", "web")], answer(&table, "r1"));
    assert!(stderr.contains("age: 1 rows in, 1 rows out"), "{stderr}");
}

#[test]
fn every_row_gets_its_status_and_code() {
    let candidates = "\
requestId,phoneNumber,ageThreshold,givenName,birthdate,email
ok,+34600000002,18,,,
unknown,+34699999999,18,,,
no-phone,,18,Ana,,
invalid-phone,0034600000002,18,,,
out-of-scope,+34600000004,18,,,
duplicated,+34600000005,18,,,
not-integer,+34600000002,18.5,,,
text,+34600000002,adult,,,
over,+34600000002,121,,,
negative,+34600000002,-1,,,
missing,+34600000002,,,,
bad-date,+34600000002,18,,1990-6-15,
bad-email,+34600000002,18,,,ana.example.com
empty,,,,,
";
    let wd = workdir(candidates, EXTRACT);
    let output = wd.run(&mut job(&wd, "age", &AS_OF));
    assert_eq!(output.status.code(), Some(0), "row errors are data, not a failed run");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let table = Table::parse(&stdout);
    eqnice!(
        vec![
            ("ok", "200", ""),
            ("unknown", "404", "IDENTIFIER_NOT_FOUND"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("invalid-phone", "400", "INVALID_ARGUMENT"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
            ("duplicated", "422", "SERVICE_NOT_APPLICABLE"),
            ("not-integer", "400", "INVALID_ARGUMENT"),
            ("text", "400", "INVALID_ARGUMENT"),
            ("over", "400", "OUT_OF_RANGE"),
            ("negative", "400", "OUT_OF_RANGE"),
            ("missing", "400", "INVALID_ARGUMENT"),
            ("bad-date", "400", "INVALID_ARGUMENT"),
            ("bad-email", "400", "INVALID_ARGUMENT"),
            ("empty", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!(vec![("ageCheck", "true"), ("verifiedStatus", "false")], answer(&table, "ok"));
    for (id, field) in [
        ("unknown", Some("phoneNumber")),
        ("no-phone", Some("phoneNumber")),
        ("invalid-phone", Some("phoneNumber")),
        ("out-of-scope", None),
        ("duplicated", None),
        ("not-integer", Some("ageThreshold")),
        ("text", Some("ageThreshold")),
        ("over", Some("ageThreshold")),
        ("negative", Some("ageThreshold")),
        ("missing", Some("ageThreshold")),
        ("bad-date", Some("birthdate")),
        ("bad-email", Some("email")),
        ("empty", Some("ageThreshold")),
    ] {
        let code = table.cell(row(&table, id), "code");
        assert_error(&table, id, code, field);
    }
    eqnice!("ageThreshold: must be within 0..120", table.cell(row(&table, "over"), "message"));
    for value in ["0034600000002", "18.5", "adult", "1990-6-15", "ana.example.com"] {
        assert!(!stdout.contains(value), "the output echoes {value:?}");
    }
}

#[test]
fn the_age_threshold_option_is_the_default_of_rows_without_one() {
    let wd = workdir("requestId,phoneNumber,ageThreshold\nown,+34600000002,36\ndefault,+34600000002,\n", EXTRACT);
    let (table, _) = answered(&wd, "age", &["--as-of", "2025-06-30", "--age-threshold", "35"]);
    eqnice!(vec![("own", "200", ""), ("default", "200", "")], outcomes(&table));
    eqnice!(
        vec!["false", "true"],
        table.column("ageCheck"),
        "35 years old: the row's 36 fails, the option's 35 passes"
    );

    // Without a column at all, the option serves every row.
    let wd = workdir("requestId,phoneNumber\nr1,+34600000002\n", EXTRACT);
    let (table, _) = answered(&wd, "age", &["--as-of", "2025-06-30", "--age-threshold", "36"]);
    eqnice!(vec!["false"], table.column("ageCheck"));

    // An option out of range is a usage error.
    let wd = workdir("requestId,phoneNumber\nr1,+34600000002\n", EXTRACT);
    wd.fails(&mut job(&wd, "age", &["--age-threshold", "121"]), 2);
}

#[test]
fn age_on_the_reference_date_and_29_february() {
    let candidates = "\
requestId,phoneNumber,ageThreshold
leap-18,+34600000001,18
leap-20,+34600000001,20
june-35,+34600000002,35
june-0,+34600000002,0
june-120,+34600000002,120
";
    let wd = workdir(candidates, EXTRACT);
    // Born 2004-02-29 (leap) and 1990-06-15 (june).
    // A body that cannot be read has no requestId: the line's row number stands in.
    let expected = [
        ("2022-02-28", ["false", "false", "false", "true", "false"]), // leap 17: common year, not yet
        ("2022-03-01", ["true", "false", "false", "true", "false"]),  // leap 18 on 1 March
        ("2024-02-28", ["true", "false", "false", "true", "false"]),  // leap 19: leap year, not yet
        ("2024-02-29", ["true", "true", "false", "true", "false"]),   // leap 20 on 29 February
        ("2025-06-14", ["true", "true", "false", "true", "false"]),   // june 34
        ("2025-06-15", ["true", "true", "true", "true", "false"]),    // june 35 on the day
    ];
    for (as_of, ages) in expected {
        let (table, _) = answered(&wd, "age", &["--as-of", as_of]);
        eqnice!(ages.to_vec(), table.column("ageCheck"), "as of {as_of}");
    }
    wd.fails(&mut job(&wd, "age", &["--as-of", "2023-02-29"]), 2);
}

#[test]
fn the_reference_date_defaults_to_today_in_utc() {
    // Someone whose 18th birthday is today is 18; someone whose 17th birthday is today is
    // not. Retried if the UTC date changes during the run.
    for _ in 0..3 {
        let today = Timestamp::now().utc_date();
        let born = |years_ago: u16| {
            let date = Date { year: today.year - years_ago, ..today };
            // 29 February of a common year: born 1 March, whose birthday has not come yet.
            Date::parse(&date.to_string()).map_or(format!("{}-03-01", date.year), |d| d.to_string())
        };
        let extract = format!("phoneNumber,birthdate\n+34600000001,{}\n+34600000002,{}\n", born(18), born(17));
        let wd = workdir(
            "requestId,phoneNumber,ageThreshold\neighteen,+34600000001,18\nseventeen,+34600000002,18\n",
            &extract,
        );
        let (table, _) = answered(&wd, "age", &[]);
        if Timestamp::now().utc_date() != today {
            continue;
        }
        let eighteen = if born(18).ends_with("-03-01") && today.month == 2 { "false" } else { "true" };
        eqnice!(vec![eighteen, "false"], table.column("ageCheck"));
        let (explicit, _) = answered(&wd, "age", &["--as-of", &today.to_string()]);
        eqnice!(table.column("ageCheck"), explicit.column("ageCheck"), "the default is --as-of today");
        return;
    }
    panic!("the UTC date kept changing");
}

#[test]
fn a_birthdate_that_does_not_match_makes_age_check_not_available_and_no_score() {
    let candidates = "\
requestId,phoneNumber,ageThreshold,givenName,birthdate
match,+34600000001,18,Clara,2004-02-29
mismatch,+34600000001,18,Clara,2004-02-28
mismatch-alone,+34600000001,18,,2004-03-01
no-operator-birthdate,+34600000003,18,Ana,1990-06-15
invalid-operator-birthdate,+34600000006,18,Bea,
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), "age", &AS_OF);
    eqnice!(
        vec![("ageCheck", "true"), ("verifiedStatus", "true"), ("identityMatchScore", "100")],
        answer(&table, "match")
    );
    eqnice!(vec![("ageCheck", "not_available"), ("verifiedStatus", "true")], answer(&table, "mismatch"));
    eqnice!(vec![("ageCheck", "not_available"), ("verifiedStatus", "true")], answer(&table, "mismatch-alone"));
    // Without an operator birthdate there is no age, but nothing contradicts the identity.
    eqnice!(
        vec![("ageCheck", "not_available"), ("identityMatchScore", "100")],
        answer(&table, "no-operator-birthdate")
    );
    eqnice!(
        vec![("ageCheck", "not_available"), ("verifiedStatus", "true"), ("identityMatchScore", "100")],
        answer(&table, "invalid-operator-birthdate")
    );
}

#[test]
fn verified_status_is_the_extracts_flag() {
    let candidates = "\
requestId,phoneNumber,ageThreshold
true,+34600000001,18
false,+34600000002,18
empty,+34600000003,18
upper-yes,+34600000006,18
unreadable,+34600000007,18
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), "age", &AS_OF);
    eqnice!(vec!["true", "false", "", "true", ""], table.column("verifiedStatus"));
}

#[test]
fn identity_match_score_follows_kpns_rule() {
    let candidates = "\
requestId,phoneNumber,givenName,familyName,middleNames,idDocument,email
names,+34600000001,Carla,García,,,
names-two,+34600000001,Clare,Garcya,,,
names-doc,+34600000001,Carla,,,x123456,
names-wrong-doc,+34600000001,Carla,,,X999,
names-email,+34600000001,Carla,,,,C.Garcia@y.es
doc,+34600000001,,,,P 9876,
wrong-doc,+34600000001,,,,Z1,
email,+34600000001,,,,,clara@x.com
wrong-email,+34600000001,,,,,ana@x.com
doc-email-one,+34600000001,,,,Z1,clara@x.com
doc-email-none,+34600000001,,,,Z1,ana@x.com
all,+34600000001,Carla,,,x123456,clara@x.com
all-doc-only,+34600000001,Carla,,,x123456,ana@x.com
all-none,+34600000001,Carla,,,Z1,ana@x.com
nothing,+34600000001,,,,,
not-available-name,+34600000001,Clara,,Maria,,
";
    let wd = workdir(candidates, EXTRACT);
    let (table, _) = answered(&wd, "age", &["--as-of", "2025-06-30", "--age-threshold", "18"]);
    let carla = name_score("carla", "clara");
    assert_eq!(carla, 88, "the working group's example");
    let two =
        (f64::from(name_score("clare", "clara")) / 100.0 * (f64::from(name_score("garcya", "garcia")) / 100.0) * 100.0)
            .round() as u32;
    let expected: Vec<(&str, String)> = vec![
        ("names", carla.to_string()),     // x; García is true (1.0)
        ("names-two", two.to_string()),   // x: the product
        ("names-doc", "94".into()),       // mean(100, 88)
        ("names-wrong-doc", "88".into()), // x
        ("names-email", "94".into()),     // mean(100, 88): the second e-mail
        ("doc", "100".into()),            // the second document
        ("wrong-doc", "0".into()),
        ("email", "100".into()),
        ("wrong-email", "0".into()),
        ("doc-email-one", "100".into()), // either matches
        ("doc-email-none", "0".into()),
        ("all", ((88.0f64 + 200.0) / 3.0).round().to_string()), // mean(88, 100, 100)
        ("all-doc-only", "94".into()),                          // mean(88, 100)
        ("all-none", "88".into()),                              // x
        ("nothing", String::new()),                             // no score
        ("not-available-name", "100".into()),                   // middleNames: operator has none
    ];
    let got: Vec<(&str, String)> =
        expected.iter().map(|(id, _)| (*id, table.cell(row(&table, id), "identityMatchScore").to_string())).collect();
    eqnice!(expected, got);
    assert!(table.column("ageCheck").iter().all(|check| *check == "true"), "born 2004: 21 on 2025-06-30");
}

#[test]
fn the_profile_sets_a_base_rate_and_rough_scores() {
    let candidates = "\
requestId,phoneNumber,givenName,idDocument
nothing,+34600000001,,
names,+34600000001,Carla,
names-doc,+34600000001,Carla,x123456
doc,+34600000001,,x123456
wrong-doc,+34600000001,,Z1
";
    let wd = workdir(candidates, EXTRACT);
    wd.write("base.toml", "identity_base_rate = 55\n");
    wd.write("rough.toml", "identity_base_rate = 55\nscore_precision = \"rough\"\n");
    let args = |profile| ["--as-of", "2025-06-30", "--age-threshold", "18", "--profile", profile];
    let (base, _) = answered(&wd, "age", &args("base.toml"));
    eqnice!(vec!["55", "88", "94", "100", "0"], base.column("identityMatchScore"));
    let (rough, _) = answered(&wd, "age", &args("rough.toml"));
    eqnice!(vec!["50", "80", "90", "100", "0"], rough.column("identityMatchScore"));
}

#[test]
fn csv_columns_the_api_does_not_declare_are_reported_not_used() {
    let wd = workdir("requestId,phoneNumber,ageThreshold,address\nr1,+34600000002,18,Calle Mayor 5\n", EXTRACT);
    let (table, stderr) = answered(&wd, "age", &AS_OF);
    eqnice!(vec![("r1", "200", "")], outcomes(&table));
    assert!(stderr.contains("candidates.csv: columns not used: address"), "{stderr}");
}

#[test]
fn ndjson_requests_and_responses_are_camara_bodies() {
    let wd = workdir("", EXTRACT);
    wd.write(
        "candidates.ndjson",
        r#"{"requestId":"n1","phoneNumber":"+34600000001","ageThreshold":18,"givenName":"Carla"}
{"requestId":"n2","phoneNumber":"+34600000003","ageThreshold":18}
{"requestId":"n3","phoneNumber":"+34600000001","ageThreshold":18,"address":"Calle Mayor 5"}
{"requestId":"n4","phoneNumber":"+34699999999","ageThreshold":18}
{"requestId":"n5","phoneNumber":"+34600000001","ageThreshold":16,"birthdate":"2004-02-28"}
{"requestId":"n6","phoneNumber":"+34600000001","ageThreshold":150}
"#,
    );
    let mut cmd = wd.command("age");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--as-of", "2025-06-30"]);
    cmd.args(["--out", "results.ndjson"]);
    wd.stdout(&mut cmd);
    let lines = ndjson(&wd.read("results.ndjson"));
    let expected = [
        r#"{"requestId":"n1","status":200,"body":{"ageCheck":"true","verifiedStatus":true,"identityMatchScore":88}}"#,
        r#"{"requestId":"n2","status":200,"body":{"ageCheck":"not_available"}}"#,
        r#"{"requestId":"n3","status":400,"body":{"status":400,"code":"INVALID_ARGUMENT","message":"line 3: property address is not declared by the API"}}"#,
        r#"{"requestId":"n4","status":404,"body":{"status":404,"code":"IDENTIFIER_NOT_FOUND","message":"phoneNumber: no subscriber with this number"}}"#,
        r#"{"requestId":"n5","status":200,"body":{"ageCheck":"not_available","verifiedStatus":true}}"#,
        r#"{"requestId":"n6","status":400,"body":{"status":400,"code":"OUT_OF_RANGE","message":"ageThreshold: must be within 0..120"}}"#,
    ];
    let expected: Vec<serde_json::Value> = expected.iter().map(|line| serde_json::from_str(line).unwrap()).collect();
    eqnice!(expected, lines);
}
