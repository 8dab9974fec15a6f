//! The profile's policies, driven through the binary: the kyc-match 0.4.0 idDocument gate
//! and rough scores in `match`, and generic error disclosure in every job.

use crate::eqnice;
use crate::rows::{answer, answered, assert_error, outcomes, row, workdir};

/// Line 2: two documents, and what the sibling jobs read. Line 3: no document. Line 4: out
/// of scope.
const EXTRACT: &str = "\
phoneNumber,idDocument,givenName,familyName,birthdate,latestDeviceChange,gaugeMetric,serviceApplicable
+34600000001,X-123.456|P9876,Clara,García,1990-06-15,2025-06-30T02:00:00Z,700,
+34600000002,,Ana,Ruiz,1990-06-15,,,
+34600000003,,Ana,Ruiz,1990-06-15,2025-06-30T02:00:00Z,700,false
";

const GATE_CANDIDATES: &str = "\
requestId,phoneNumber,idDocument,givenName
match,+34600000001,x123456,Carla
second-document,+34600000001,P9876,Clara
no-document,+34600000001,,Clara
wrong-document,+34600000001,X1,Clara
subscriber-without-documents,+34600000002,X1,Ana
unknown,+34699999999,,Clara
no-phone,,x123456,Clara
phone-only,+34600000001,,
out-of-scope,+34600000003,,Ana
";

/// The message every SERVICE_NOT_APPLICABLE carries under generic disclosure.
const GENERIC: &str = "the service is not applicable to the identifiers given";

#[test]
fn without_the_gate_id_document_is_an_attribute_like_any_other() {
    let (table, _) = answered(&workdir(GATE_CANDIDATES, EXTRACT), "match", &[]);
    eqnice!(vec![("givenNameMatch", "true")], answer(&table, "no-document"));
    eqnice!(vec![("idDocumentMatch", "false"), ("givenNameMatch", "true")], answer(&table, "wrong-document"));
    eqnice!(
        vec![("idDocumentMatch", "not_available"), ("givenNameMatch", "true")],
        answer(&table, "subscriber-without-documents")
    );
}

#[test]
fn the_id_document_gate_answers_403_before_comparing_anything() {
    let wd = workdir(GATE_CANDIDATES, EXTRACT);
    wd.write("gate.toml", "id_document_gate = \"required\"\n");
    let (table, _) = answered(&wd, "match", &["--profile", "gate.toml"]);
    eqnice!(
        vec![
            ("match", "200", ""),
            ("second-document", "200", ""),
            ("no-document", "403", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED"),
            ("wrong-document", "403", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH"),
            ("subscriber-without-documents", "403", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH"),
            ("unknown", "404", "IDENTIFIER_NOT_FOUND"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("phone-only", "400", "KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
        ],
        outcomes(&table),
        "only requests that would be answered 200 meet the gate"
    );
    eqnice!(
        vec![("idDocumentMatch", "true"), ("givenNameMatch", "false"), ("givenNameMatchScore", "88")],
        answer(&table, "match")
    );
    eqnice!(vec![("idDocumentMatch", "true"), ("givenNameMatch", "true")], answer(&table, "second-document"));
    for (id, code) in [
        ("no-document", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED"),
        ("wrong-document", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH"),
        ("subscriber-without-documents", "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH"),
    ] {
        assert_error(&table, id, code, Some("idDocument"));
    }
}

#[test]
fn generic_disclosure_hides_which_identifier_was_wrong_in_match() {
    let wd = workdir(GATE_CANDIDATES, EXTRACT);
    wd.write("generic.toml", "id_document_gate = \"required\"\nerror_disclosure = \"generic\"\n");
    let (table, stderr) = answered(&wd, "match", &["--profile", "generic.toml"]);
    eqnice!(
        vec![
            ("match", "200", ""),
            ("second-document", "200", ""),
            ("no-document", "422", "SERVICE_NOT_APPLICABLE"),
            ("wrong-document", "422", "SERVICE_NOT_APPLICABLE"),
            ("subscriber-without-documents", "422", "SERVICE_NOT_APPLICABLE"),
            ("unknown", "422", "SERVICE_NOT_APPLICABLE"),
            ("no-phone", "422", "MISSING_IDENTIFIER"),
            ("phone-only", "400", "KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION"),
            ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
        ],
        outcomes(&table)
    );
    for id in ["no-document", "wrong-document", "subscriber-without-documents", "unknown", "out-of-scope"] {
        assert_error(&table, id, "SERVICE_NOT_APPLICABLE", None);
        eqnice!(GENERIC, table.cell(row(&table, id), "message"), "row {id}: one message for every cause");
    }
    assert_eq!(table.cell(row(&table, "no-phone"), "message"), "phoneNumber is required", "told as it is");
    for hidden in ["IDENTIFIER_NOT_FOUND", "ID_DOCUMENT"] {
        assert!(!stderr.contains(hidden), "the summary counts what was written, not {hidden}:\n{stderr}");
    }
}

#[test]
fn generic_disclosure_applies_to_every_job() {
    let wd = workdir(
        "requestId,phoneNumber,ageThreshold\nunknown,+34699999999,18\nout-of-scope,+34600000003,18\nfound,+34600000001,18\n",
        EXTRACT,
    );
    wd.write("generic.toml", "error_disclosure = \"generic\"\n");
    let profile = ["--profile", "generic.toml"];
    for (job, args) in [
        ("age", vec!["--as-of", "2025-06-30"]),
        ("swap", vec!["--as-of", "2025-06-30T12:00:00Z"]),
        ("insights", vec![]),
    ] {
        let (table, _) = answered(&wd, job, &[&profile[..], &args].concat());
        eqnice!(
            vec![
                ("unknown", "422", "SERVICE_NOT_APPLICABLE"),
                ("out-of-scope", "422", "SERVICE_NOT_APPLICABLE"),
                ("found", "200", "")
            ],
            outcomes(&table),
            "{job}"
        );
        eqnice!(vec![GENERIC, GENERIC, ""], table.column("message"), "{job}");
        let (detailed, _) = answered(&wd, job, &args);
        eqnice!("IDENTIFIER_NOT_FOUND", detailed.cell(0, "code"), "{job} without the policy");
    }
    // Device Swap's "never connected" is a SERVICE_NOT_APPLICABLE too: the same message.
    let wd = workdir("requestId,phoneNumber\nnever,+34600000002\n", EXTRACT);
    wd.write("generic.toml", "error_disclosure = \"generic\"\n");
    let (table, _) = answered(&wd, "swap", &["--profile", "generic.toml"]);
    eqnice!(vec![GENERIC], table.column("message"));
}

#[test]
fn rough_precision_floors_every_match_score_to_tens() {
    let candidates = "\
requestId,phoneNumber,givenName,familyName
r1,+34600000001,Carla,Garcya
r2,+34600000001,Clara,Gomez
r3,+34600000002,Anna,Ruis
";
    let wd = workdir(candidates, EXTRACT);
    wd.write("rough.toml", "score_precision = \"rough\"\n");
    let (detailed, _) = answered(&wd, "match", &[]);
    let (rough, _) = answered(&wd, "match", &["--profile", "rough.toml"]);
    let score_columns: Vec<&String> = detailed.headers.iter().filter(|h| h.ends_with("MatchScore")).collect();
    let mut changed = 0;
    for column in score_columns {
        for (exact, coarse) in detailed.column(column).iter().zip(rough.column(column)) {
            let expected = exact.parse::<u8>().map_or(String::new(), |s| (s / 10 * 10).to_string());
            assert_eq!(coarse, expected, "{column}: {exact} rough");
            changed += usize::from(coarse != *exact);
        }
    }
    assert!(changed >= 3, "the rows have scores that are not multiples of ten");
    eqnice!("80", rough.cell(row(&rough, "r1"), "givenNameMatchScore"), "Carla vs Clara: 88");
    eqnice!("true", rough.cell(row(&rough, "r2"), "givenNameMatch"), "answers other than scores are unchanged");
}
