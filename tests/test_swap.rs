//! `kyclink swap` (Device Swap, SPEC.md section 5), driven through the binary: status codes,
//! the maxAge window and its edges, the reference time, the monitored period, NDJSON bodies.

use crate::eqnice;
use crate::rows::{answer, answered, assert_error, job, ndjson, outcomes, row, workdir};
use crate::workdir::Table;
use kyclink::normalize::Timestamp;

/// The reference time of most tests.
const AS_OF: [&str; 2] = ["--as-of", "2025-06-30T12:00:00Z"];

/// Changes relative to [`AS_OF`]: line 2 exactly 10 hours before; line 3 exactly 240 hours
/// (10 days) before; line 4 one second more; line 5 never connected; line 6 the reference
/// time itself, written with an offset; line 7 after it; line 8 out of scope; line 9 not
/// RFC 3339; line 10 half a second within one hour.
const EXTRACT: &str = "\
phoneNumber,latestDeviceChange,serviceApplicable
+34600000001,2025-06-30T02:00:00Z,
+34600000002,2025-06-20T12:00:00Z,
+34600000003,2025-06-20T11:59:59Z,
+34600000004,,
+34600000005,2025-06-30T14:00:00+02:00,
+34600000006,2025-07-01T00:00:00Z,
+34600000007,2025-06-30T11:00:00Z,false
+34600000008,2025-06-30 11:00:00,
+34600000009,2025-06-30T11:00:00.5Z,
";

#[test]
fn every_row_gets_its_status_and_code() {
    let candidates = "\
requestId,phoneNumber,maxAge
ok,+34600000001,
unknown,+34699999999,
no-phone,,
invalid-phone,+3460000000a,
never-connected,+34600000004,
out-of-scope,+34600000007,
not-rfc-3339,+34600000008,
zero,+34600000001,0
over,+34600000001,2401
negative,+34600000001,-3
fraction,+34600000001,1.5
text,+34600000001,12h
";
    let wd = workdir(candidates, EXTRACT);
    let output = wd.run(&mut job(&wd, "swap", &AS_OF));
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let table = Table::parse(&stdout);
    eqnice!(
        vec!["requestId", "status", "code", "message", "swapped", "latestDeviceChange", "monitoredPeriod"],
        table.headers
    );
    eqnice!(
        vec![
            ("ok", "200", ""),
            ("unknown", "404", "IDENTIFIER_NOT_FOUND"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("invalid-phone", "400", "INVALID_ARGUMENT"),
            ("never-connected", "422", "SERVICE_NOT_APPLICABLE"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
            ("not-rfc-3339", "422", "SERVICE_NOT_APPLICABLE"),
            ("zero", "400", "OUT_OF_RANGE"),
            ("over", "400", "OUT_OF_RANGE"),
            ("negative", "400", "OUT_OF_RANGE"),
            ("fraction", "400", "INVALID_ARGUMENT"),
            ("text", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!(vec![("swapped", "true"), ("latestDeviceChange", "2025-06-30T02:00:00Z")], answer(&table, "ok"));
    for (id, field) in [
        ("unknown", Some("phoneNumber")),
        ("no-phone", Some("phoneNumber")),
        ("invalid-phone", Some("phoneNumber")),
        ("never-connected", None),
        ("out-of-scope", None),
        ("not-rfc-3339", Some("latestDeviceChange")),
        ("zero", Some("maxAge")),
        ("over", Some("maxAge")),
        ("negative", Some("maxAge")),
        ("fraction", Some("maxAge")),
        ("text", Some("maxAge")),
    ] {
        let code = table.cell(row(&table, id), "code");
        assert_error(&table, id, code, field);
    }
    eqnice!("maxAge: must be within 1..2400", table.cell(row(&table, "over"), "message"));
    for value in ["3460000000a", "12h", "2025-06-30 11:00:00"] {
        assert!(!stdout.contains(value), "the output echoes {value:?}");
    }
}

#[test]
fn a_change_exactly_max_age_hours_ago_counts_as_swapped() {
    let candidates = "\
requestId,phoneNumber,maxAge
10h-at-10,+34600000001,10
10h-at-9,+34600000001,9
240h-default,+34600000002,
240h-plus-1s-default,+34600000003,
240h-plus-1s-at-241,+34600000003,241
now-at-1,+34600000005,1
future-at-1,+34600000006,1
";
    let (table, _) = answered(&workdir(candidates, EXTRACT), "swap", &AS_OF);
    eqnice!(vec!["true", "false", "true", "false", "true", "true", "true"], table.column("swapped"));
    eqnice!(
        vec![
            "2025-06-30T02:00:00Z",
            "2025-06-30T02:00:00Z",
            "2025-06-20T12:00:00Z",
            "2025-06-20T11:59:59Z",
            "2025-06-20T11:59:59Z",
            "2025-06-30T12:00:00Z",
            "2025-07-01T00:00:00Z",
        ],
        table.column("latestDeviceChange"),
        "changes are told in UTC"
    );
    assert!(table.column("monitoredPeriod").iter().all(|cell| cell.is_empty()), "no monitored period: every date told");
}

#[test]
fn the_max_age_option_is_the_default_of_rows_without_one() {
    let candidates = "requestId,phoneNumber,maxAge\nown,+34600000001,10\ndefault,+34600000001,\n";
    let (table, _) =
        answered(&workdir(candidates, EXTRACT), "swap", &["--as-of", "2025-06-30T12:00:00Z", "--max-age", "9"]);
    eqnice!(vec!["true", "false"], table.column("swapped"));
    let wd = workdir(candidates, EXTRACT);
    wd.fails(&mut job(&wd, "swap", &["--max-age", "2401"]), 2);
    wd.fails(&mut job(&wd, "swap", &["--as-of", "2025-06-30"]), 2);
}

#[test]
fn the_reference_time_moves_the_window_to_the_nanosecond() {
    // Changes at 2025-06-30T02:00:00Z (maxAge 10) and 2025-06-30T11:00:00.5Z (maxAge 1).
    let candidates = "requestId,phoneNumber,maxAge\nwhole,+34600000001,10\nfraction,+34600000009,1\n";
    let wd = workdir(candidates, EXTRACT);
    for (as_of, expected) in [
        ("2025-06-30T14:00:00+02:00", ["true", "true"]), // 12:00Z in another offset: whole at its edge
        ("2025-06-30T12:00:00.001Z", ["false", "true"]),
        ("2025-06-30T12:00:00.5Z", ["false", "true"]), // fraction at its edge
        ("2025-06-30T12:00:00.500000001Z", ["false", "false"]),
    ] {
        let (table, _) = answered(&wd, "swap", &["--as-of", as_of]);
        eqnice!(expected.to_vec(), table.column("swapped"), "as of {as_of}");
    }
}

#[test]
fn the_reference_time_defaults_to_now() {
    let now = Timestamp::now();
    let extract = format!(
        "phoneNumber,latestDeviceChange\n+34600000001,{}\n+34600000002,{}\n",
        now.plus_seconds(-3600),
        now.plus_seconds(-3 * 3600)
    );
    let wd =
        workdir("requestId,phoneNumber,maxAge\nhour-ago,+34600000001,2\nthree-hours-ago,+34600000002,2\n", &extract);
    let (table, _) = answered(&wd, "swap", &[]);
    eqnice!(vec!["true", "false"], table.column("swapped"));
}

#[test]
fn the_monitored_period_withholds_older_dates() {
    let candidates = "\
requestId,phoneNumber,maxAge
exactly-10-days,+34600000002,
older,+34600000003,
recent,+34600000001,10
max-age-at-period,+34600000001,240
max-age-beyond-period,+34600000001,241
";
    let wd = workdir(candidates, EXTRACT);
    wd.write("profile.toml", "monitored_period_days = 10\n");
    let (table, _) = answered(&wd, "swap", &["--as-of", "2025-06-30T12:00:00Z", "--profile", "profile.toml"]);
    eqnice!(
        vec![
            ("exactly-10-days", "200", ""),
            ("older", "200", ""),
            ("recent", "200", ""),
            ("max-age-at-period", "200", ""),
            ("max-age-beyond-period", "400", "OUT_OF_RANGE"),
        ],
        outcomes(&table)
    );
    eqnice!(
        vec![("swapped", "true"), ("latestDeviceChange", "2025-06-20T12:00:00Z")],
        answer(&table, "exactly-10-days")
    );
    eqnice!(vec![("swapped", "false"), ("monitoredPeriod", "10")], answer(&table, "older"));
    eqnice!(vec![("swapped", "true"), ("latestDeviceChange", "2025-06-30T02:00:00Z")], answer(&table, "recent"));
    assert_error(&table, "max-age-beyond-period", "OUT_OF_RANGE", Some("maxAge"));
    eqnice!(
        "maxAge: beyond the monitored period of 10 days",
        table.cell(row(&table, "max-age-beyond-period"), "message")
    );

    // The default maxAge (240 hours) is beyond a 7-day period: rows without one say so.
    wd.write("short.toml", "monitored_period_days = 7\n");
    let (table, _) = answered(&wd, "swap", &["--as-of", "2025-06-30T12:00:00Z", "--profile", "short.toml"]);
    eqnice!("400", table.cell(row(&table, "older"), "status"));
    eqnice!("200", table.cell(row(&table, "recent"), "status"));
}

#[test]
fn an_extract_without_latest_device_change_exits_2() {
    let wd = workdir("requestId,phoneNumber\nr,+34600000001\n", "phoneNumber,givenName\n+34600000001,Ana\n");
    let stderr = wd.fails(&mut job(&wd, "swap", &AS_OF), 2);
    assert!(stderr.contains("no latestDeviceChange column"), "{stderr}");
}

#[test]
fn ndjson_requests_and_responses_are_camara_bodies() {
    let wd = workdir("", EXTRACT);
    wd.write(
        "candidates.ndjson",
        r#"{"requestId":"n1","phoneNumber":"+34600000001","maxAge":10}
{"requestId":"n2","phoneNumber":"+34600000003"}
{"requestId":"n3","phoneNumber":"+34600000001","givenName":"Ana"}
{"requestId":"n4","phoneNumber":"+34600000004"}
"#,
    );
    wd.write("profile.toml", "monitored_period_days = 10\n");
    let mut cmd = wd.command("swap");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--profile", "profile.toml"]);
    cmd.args(AS_OF).args(["--out", "results.ndjson"]);
    wd.stdout(&mut cmd);
    let expected = [
        r#"{"requestId":"n1","status":200,"body":{"swapped":true,"latestDeviceChange":"2025-06-30T02:00:00Z"}}"#,
        r#"{"requestId":"n2","status":200,"body":{"swapped":false,"latestDeviceChange":null,"monitoredPeriod":10}}"#,
        r#"{"requestId":"n3","status":400,"body":{"status":400,"code":"INVALID_ARGUMENT","message":"line 3: property givenName is not declared by the API"}}"#,
        r#"{"requestId":"n4","status":422,"body":{"status":422,"code":"SERVICE_NOT_APPLICABLE","message":"the SIM has never connected to the network"}}"#,
    ];
    let expected: Vec<serde_json::Value> = expected.iter().map(|line| serde_json::from_str(line).unwrap()).collect();
    eqnice!(expected, ndjson(&wd.read("results.ndjson")));
}
