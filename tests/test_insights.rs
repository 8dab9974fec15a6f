//! `kyclink insights` (Customer Insights, SPEC.md section 6), driven through the binary:
//! status codes, the scale chosen per row, detailed and rough scores at the band edges, the
//! idDocument policies, and the NDJSON bodies.

use crate::eqnice;
use crate::rows::{answer, answered, assert_error, job, ndjson, outcomes, row, workdir};
use crate::workdir::Table;

/// Scores at the band edges. Line 2 also has two documents; line 7 has no scores; line 8 is
/// out of scope; line 9 has scores outside their scales.
const EXTRACT: &str = "\
phoneNumber,idDocument,gaugeMetric,veritasIndex,serviceApplicable
+34600000001,X-123.456|P9876,579,1,
+34600000002,,580,2,
+34600000003,,799,19,
+34600000004,,800,0,
+34600000005,,850,18,
+34600000006,,,,
+34600000007,,700,5,false
+34600000008,,901,25,
";

/// The generic message of SERVICE_NOT_APPLICABLE answers that must not tell causes apart.
const GENERIC: &str = "the service is not applicable to the identifiers given";

#[test]
fn every_row_gets_its_status_and_code() {
    let candidates = format!(
        "\
requestId,phoneNumber,idDocument,scoringType
ok,+34600000001,,
unknown,+34699999999,,
no-phone,,,
invalid-phone,+34 600 000 001,,
out-of-scope,+34600000007,,
unknown-scale,+34600000001,,fico
scale-in-lower-case,+34600000001,,gaugemetric
no-score,+34600000006,,
score-out-of-scale,+34600000008,,
score-out-of-scale-veritas,+34600000008,,veritasIndex
document,+34600000001,p-9876,
wrong-document,+34600000001,P9877,
document-30,+34600000001,{thirty},
document-31,+34600000001,{thirty}1,
",
        thirty = "A".repeat(30)
    );
    let wd = workdir(&candidates, EXTRACT);
    let output = wd.run(&mut job(&wd, "insights", &[]));
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let table = Table::parse(&stdout);
    eqnice!(
        vec!["requestId", "status", "code", "message", "scoringType", "scoringValue", "scoringBand"],
        table.headers
    );
    eqnice!(
        vec![
            ("ok", "200", ""),
            ("unknown", "404", "IDENTIFIER_NOT_FOUND"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("invalid-phone", "400", "INVALID_ARGUMENT"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
            ("unknown-scale", "400", "INVALID_ARGUMENT"),
            ("scale-in-lower-case", "400", "INVALID_ARGUMENT"),
            ("no-score", "422", "SERVICE_NOT_APPLICABLE"),
            ("score-out-of-scale", "422", "SERVICE_NOT_APPLICABLE"),
            ("score-out-of-scale-veritas", "422", "SERVICE_NOT_APPLICABLE"),
            ("document", "200", ""),
            ("wrong-document", "422", "SERVICE_NOT_APPLICABLE"),
            ("document-30", "422", "SERVICE_NOT_APPLICABLE"),
            ("document-31", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    let gauge_579 = vec![("scoringType", "gaugeMetric"), ("scoringValue", "579"), ("scoringBand", "Poor")];
    eqnice!(gauge_579, answer(&table, "ok"));
    eqnice!(gauge_579, answer(&table, "document"), "any of the subscriber's documents, normalised");
    for (id, field) in [
        ("unknown", Some("phoneNumber")),
        ("no-phone", Some("phoneNumber")),
        ("invalid-phone", Some("phoneNumber")),
        ("unknown-scale", Some("scoringType")),
        ("scale-in-lower-case", Some("scoringType")),
        ("document-31", Some("idDocument")),
    ] {
        let code = table.cell(row(&table, id), "code");
        assert_error(&table, id, code, field);
    }
    eqnice!("idDocument: longer than maxLength 30", table.cell(row(&table, "document-31"), "message"));
    // A wrong document and a missing score read the same: a caller cannot probe which.
    for id in ["no-score", "score-out-of-scale", "score-out-of-scale-veritas", "wrong-document", "document-30"] {
        assert_error(&table, id, "SERVICE_NOT_APPLICABLE", None);
        eqnice!(GENERIC, table.cell(row(&table, id), "message"), "row {id}");
    }
    for value in ["fico", "P9877", "600 000 001"] {
        assert!(!stdout.contains(value), "the output echoes {value:?}");
    }
}

#[test]
fn the_scale_is_the_rows_then_the_options_then_the_profiles() {
    let candidates = "requestId,phoneNumber,scoringType\nown,+34600000003,gaugeMetric\ndefault,+34600000003,\n";
    let wd = workdir(candidates, EXTRACT);
    let (table, _) = answered(&wd, "insights", &[]);
    eqnice!(vec!["gaugeMetric", "gaugeMetric"], table.column("scoringType"), "CAMARA's default is the operator's");
    let (table, _) = answered(&wd, "insights", &["--scoring-type", "veritasIndex"]);
    eqnice!(vec!["gaugeMetric", "veritasIndex"], table.column("scoringType"));
    eqnice!(vec!["799", "19"], table.column("scoringValue"));
    wd.write("profile.toml", "insights_default_scoring_type = \"veritasIndex\"\n");
    let (table, _) = answered(&wd, "insights", &["--profile", "profile.toml"]);
    eqnice!(vec!["gaugeMetric", "veritasIndex"], table.column("scoringType"));
    let (table, _) = answered(&wd, "insights", &["--profile", "profile.toml", "--scoring-type", "gaugeMetric"]);
    eqnice!(vec!["gaugeMetric", "gaugeMetric"], table.column("scoringType"), "the option beats the profile");
    wd.fails(&mut job(&wd, "insights", &["--scoring-type", "fico"]), 2);
}

#[test]
fn rough_scores_are_the_lower_bound_of_their_band() {
    let candidates = "\
requestId,phoneNumber,scoringType
g579,+34600000001,gaugeMetric
g580,+34600000002,gaugeMetric
g799,+34600000003,gaugeMetric
g800,+34600000004,gaugeMetric
g850,+34600000005,gaugeMetric
v1,+34600000001,veritasIndex
v2,+34600000002,veritasIndex
v19,+34600000003,veritasIndex
v0,+34600000004,veritasIndex
v18,+34600000005,veritasIndex
";
    let wd = workdir(candidates, EXTRACT);
    let bands = vec!["Poor", "Fair", "Very Good", "Exceptional", "Exceptional", "AAA", "AA", "DDD", "AAA", "DDD"];
    let (detailed, _) = answered(&wd, "insights", &[]);
    eqnice!(vec!["579", "580", "799", "800", "850", "1", "2", "19", "0", "18"], detailed.column("scoringValue"));
    eqnice!(bands, detailed.column("scoringBand"));
    let rough_values = vec!["300", "580", "740", "800", "800", "0", "2", "18", "0", "18"];
    let (rough, _) = answered(&wd, "insights", &["--precision", "rough"]);
    eqnice!(rough_values, rough.column("scoringValue"));
    eqnice!(bands, rough.column("scoringBand"), "the band is told at both precisions");

    // The profile's score_precision is the default; --precision overrides it.
    wd.write("rough.toml", "score_precision = \"rough\"\n");
    let (table, _) = answered(&wd, "insights", &["--profile", "rough.toml"]);
    eqnice!(rough_values, table.column("scoringValue"));
    let (table, _) = answered(&wd, "insights", &["--profile", "rough.toml", "--precision", "detailed"]);
    eqnice!(detailed.column("scoringValue"), table.column("scoringValue"));
}

#[test]
fn a_scale_the_extract_has_no_column_for_is_not_supported() {
    let extract = "phoneNumber,gaugeMetric\n+34600000001,700\n";
    let candidates = "requestId,phoneNumber,scoringType\ngauge,+34600000001,gaugeMetric\nveritas,+34600000001,veritasIndex\nunknown,+34699999999,veritasIndex\n";
    let wd = workdir(candidates, extract);
    let (table, _) = answered(&wd, "insights", &[]);
    eqnice!(
        vec![
            ("gauge", "200", ""),
            ("veritas", "422", "CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED"),
            ("unknown", "422", "CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED"),
        ],
        outcomes(&table),
        "a scale is checked before the phone number is looked up"
    );
    assert_error(&table, "veritas", "CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED", Some("scoringType"));

    // An extract with neither scale is a usage error.
    let wd = workdir(candidates, "phoneNumber,givenName\n+34600000001,Ana\n");
    let stderr = wd.fails(&mut job(&wd, "insights", &[]), 2);
    assert!(stderr.contains("neither a gaugeMetric nor a veritasIndex column"), "{stderr}");
}

#[test]
fn the_profile_requires_or_refuses_id_documents() {
    let candidates = "\
requestId,phoneNumber,idDocument
with,+34600000001,X123456
wrong,+34600000001,X1
without,+34600000001,
unknown-without,+34699999999,
";
    let wd = workdir(candidates, EXTRACT);
    let (optional, _) = answered(&wd, "insights", &[]);
    eqnice!(
        vec![
            ("with", "200", ""),
            ("wrong", "422", "SERVICE_NOT_APPLICABLE"),
            ("without", "200", ""),
            ("unknown-without", "404", "IDENTIFIER_NOT_FOUND"),
        ],
        outcomes(&optional)
    );

    wd.write("required.toml", "insights_id_document = \"required\"\n");
    let (required, _) = answered(&wd, "insights", &["--profile", "required.toml"]);
    eqnice!(
        vec![
            ("with", "200", ""),
            ("wrong", "422", "SERVICE_NOT_APPLICABLE"),
            ("without", "422", "SERVICE_NOT_APPLICABLE"),
            ("unknown-without", "422", "SERVICE_NOT_APPLICABLE"),
        ],
        outcomes(&required)
    );
    for id in ["wrong", "without"] {
        eqnice!(GENERIC, required.cell(row(&required, id), "message"), "row {id}: required and absent reads as wrong");
    }

    wd.write("refused.toml", "insights_id_document = \"refused\"\n");
    let (refused, _) = answered(&wd, "insights", &["--profile", "refused.toml"]);
    eqnice!(
        vec![
            ("with", "422", "CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED"),
            ("wrong", "422", "CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED"),
            ("without", "200", ""),
            ("unknown-without", "404", "IDENTIFIER_NOT_FOUND"),
        ],
        outcomes(&refused)
    );
    assert_error(&refused, "with", "CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED", Some("idDocument"));
}

#[test]
fn ndjson_requests_and_responses_are_camara_bodies_with_the_band_beside() {
    let wd = workdir("", EXTRACT);
    wd.write(
        "candidates.ndjson",
        r#"{"requestId":"n1","phoneNumber":"+34600000003","scoringType":"veritasIndex","idDocument":null}
{"requestId":"n2","phoneNumber":"+34600000002"}
{"requestId":"n3","phoneNumber":"+34600000002","maxAge":10}
{"requestId":"n4","phoneNumber":"+34600000001","idDocument":"X1"}
"#,
    );
    let mut cmd = wd.command("insights");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--precision", "rough"]);
    cmd.args(["--out", "results.ndjson"]);
    wd.stdout(&mut cmd);
    let expected = [
        r#"{"requestId":"n1","status":200,"body":{"scoringType":"veritasIndex","scoringValue":18},"scoringBand":"DDD"}"#,
        r#"{"requestId":"n2","status":200,"body":{"scoringType":"gaugeMetric","scoringValue":580},"scoringBand":"Fair"}"#,
        r#"{"requestId":"n3","status":400,"body":{"status":400,"code":"INVALID_ARGUMENT","message":"line 3: property maxAge is not declared by the API"},"scoringBand":null}"#,
        r#"{"requestId":"n4","status":422,"body":{"status":422,"code":"SERVICE_NOT_APPLICABLE","message":"the service is not applicable to the identifiers given"},"scoringBand":null}"#,
    ];
    let expected: Vec<serde_json::Value> = expected.iter().map(|line| serde_json::from_str(line).unwrap()).collect();
    eqnice!(expected, ndjson(&wd.read("results.ndjson")));
}
