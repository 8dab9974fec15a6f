//! Inputs as they come (issue 13): files that break off, batch sizes beyond the file, columns
//! kyclink does not read, byte-order marks, header rows and profiles that do not fit the file,
//! other delimiters, rows the reader rejects, NDJSON values of the wrong type, and nothing
//! from an input's values in a message.

use crate::eqnice;
use crate::rows::{job, ndjson, outcomes, workdir};
use crate::workdir::{Table, Workdir};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use std::io::{Read, Write};
use std::sync::Arc;

const EXTRACT: &str = "phoneNumber,givenName,familyName,streetNumber\n+34600000001,Clara,Garcia,12\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The lines a gzip decoder gets whole out of `compressed` before it fails.
fn whole_lines_before_the_break(compressed: &[u8]) -> u64 {
    let mut decoder = flate2::read::MultiGzDecoder::new(compressed);
    let (mut text, mut buffer) = (Vec::new(), [0; 4096]);
    loop {
        match decoder.read(&mut buffer) {
            Ok(0) => panic!("the stream is whole"),
            Ok(n) => text.extend_from_slice(&buffer[..n]),
            Err(_) => break,
        }
    }
    text.iter().filter(|&&b| b == b'\n').count() as u64
}

#[test]
fn a_truncated_gz_names_the_last_line_read() {
    let mut rows = String::from("requestId,phoneNumber,givenName\n");
    for i in 0..20_000 {
        rows.push_str(&format!("r{i},+346{i:08},Given{i}\n"));
    }
    let compressed = gzip(rows.as_bytes());
    let truncated = &compressed[..compressed.len() / 2];
    let last_line = whole_lines_before_the_break(truncated);
    assert!(last_line > 1000, "{last_line}");

    let wd = workdir("requestId,phoneNumber\n", EXTRACT);
    wd.write_bytes("candidates.csv.gz", truncated);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv.gz", "--extract", "extract.csv", "--out", "results.csv"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains(&format!("candidates.csv.gz: line {last_line}: ")), "{stderr}");
    assert!(!wd.path().join("results.csv").exists());

    // The extract, in CSV and NDJSON.
    let extract = rows.replace("requestId,phoneNumber,givenName", "TARIFF,phoneNumber,givenName");
    let compressed = gzip(extract.as_bytes());
    wd.write_bytes("extract.csv.gz", &compressed[..compressed.len() / 2]);
    let last_line = whole_lines_before_the_break(&compressed[..compressed.len() / 2]);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv", "--extract", "extract.csv.gz"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains(&format!("extract.csv.gz: line {last_line}: ")), "{stderr}");

    let lines: String =
        (0..20_000).map(|i| format!("{{\"phoneNumber\":\"+346{i:08}\",\"givenName\":\"G{i}\"}}\n")).collect();
    let compressed = gzip(lines.as_bytes());
    wd.write_bytes("candidates.ndjson.gz", &compressed[..compressed.len() / 2]);
    let last_line = whole_lines_before_the_break(&compressed[..compressed.len() / 2]);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson.gz", "--extract", "extract.csv"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains(&format!("candidates.ndjson.gz: line {last_line}: ")), "{stderr}");
}

#[test]
fn the_batch_size_is_bounded_and_buffers_follow_the_rows_read() {
    let candidates =
        "requestId,phoneNumber,givenName\nr1,+34600000001,Clara\nr2,+34600000001,Carla\nr3,+34600000002,Ana\n";
    let wd = workdir(candidates, EXTRACT);
    wd.write("candidates.ndjson", "{\"requestId\":\"n1\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n");
    let expected = wd.stdout(&mut job(&wd, "age", &["--age-threshold", "18", "--as-of", "2025-06-30"]));
    for size in ["4294967295", "1000001", "0"] {
        let mut cmd = job(&wd, "age", &["--age-threshold", "18", "--as-of", "2025-06-30", "--batch-size", size]);
        let stderr = wd.fails(&mut cmd, 2);
        assert!(stderr.contains("--batch-size"), "{size}: {stderr}");
    }
    let mut cmd = job(&wd, "age", &["--age-threshold", "18", "--as-of", "2025-06-30", "--batch-size", "1000000"]);
    eqnice!(expected, wd.stdout(&mut cmd));
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--batch-size", "1000000"]);
    assert!(wd.stdout(&mut cmd).contains("n1,200"));
}

fn write_parquet(wd: &Workdir, name: &str, columns: Vec<(&str, ArrayRef)>) {
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let file = std::fs::File::create(wd.path().join(name)).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
}

#[test]
fn parquet_columns_that_are_not_read_may_have_any_type() {
    let wd = workdir("requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n", EXTRACT);
    let expected = Table::parse(&wd.stdout(&mut job(&wd, "match", &[])));
    let mut tags = ListBuilder::new(StringBuilder::new());
    tags.values().append_value("vip");
    tags.append(true);
    let tags = Arc::new(tags.finish()) as ArrayRef;
    let text = |value: &str| Arc::new(StringArray::from(vec![value])) as ArrayRef;
    write_parquet(
        &wd,
        "candidates.parquet",
        vec![
            ("requestId", text("r1")),
            ("tags", tags.clone()),
            ("phoneNumber", text("+34600000001")),
            ("givenName", text("Clara")),
        ],
    );
    write_parquet(
        &wd,
        "extract.parquet",
        vec![("phoneNumber", text("+34600000001")), ("tags", tags), ("givenName", text("Clara"))],
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.parquet", "--extract", "extract.parquet"]);
    let output = wd.run(&mut cmd);
    let stderr = crate::workdir::stderr(&output);
    assert!(output.status.success(), "{stderr}");
    eqnice!(expected, Table::parse(&String::from_utf8(output.stdout).unwrap()));
    assert!(stderr.contains("candidates.parquet: columns not used: tags"), "{stderr}");
    assert!(stderr.contains("extract.parquet: columns not used: tags"), "{stderr}");
    // A column that is read must be text-like.
    cmd.args(["--keep", "tags"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("candidates.parquet: line 1, column 2: column tags has type List"), "{stderr}");
}

#[test]
fn a_byte_order_mark_before_the_first_ndjson_object_is_skipped() {
    let wd = workdir("", EXTRACT);
    wd.write(
        "candidates.ndjson",
        "\u{feff}{\"requestId\":\"n1\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n\
         {\"requestId\":\"n2\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n",
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--format", "ndjson"]);
    let lines = ndjson(&wd.stdout(&mut cmd));
    eqnice!(
        vec![serde_json::json!("n1"), serde_json::json!("n2")],
        lines.iter().map(|l| l["requestId"].clone()).collect::<Vec<_>>()
    );
    eqnice!(
        vec![serde_json::json!(200), serde_json::json!(200)],
        lines.iter().map(|l| l["status"].clone()).collect::<Vec<_>>()
    );
    // In the extract too.
    wd.write("extract.ndjson", "\u{feff}{\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n");
    wd.write("candidates.csv", "requestId,phoneNumber,givenName\nr1,+34600000001,Clara\n");
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv", "--extract", "extract.ndjson"]);
    let table = Table::parse(&wd.stdout(&mut cmd));
    eqnice!(vec![("r1", "200", "")], outcomes(&table));
    eqnice!(vec!["true"], table.column("givenNameMatch"));
}

/// Asserts that `text` holds none of `values`.
#[track_caller]
fn assert_holds_none(text: &str, values: &[&str]) {
    for value in values {
        assert!(!text.contains(value), "{value:?} leaked:\n{text}");
    }
}

#[test]
fn nothing_from_an_inputs_values_reaches_stderr_or_a_message() {
    // A candidates file without its header row: its first row is data, not column names.
    let wd = workdir("+34600000001,Ana,Garcia,1990-02-03\n+34600000002,Luis,Perez,1985-07-01\n", EXTRACT);
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(stderr.contains("candidates.csv: line 1, column 1: no header row?"), "{stderr}");
    assert_holds_none(&stderr, &["+34600000001", "Ana", "Garcia", "1990"]);
    // The extract too (where it would have been "no column phoneNumber").
    wd.write("extract.csv", "+34600000001,Clara,Garcia,12\n");
    wd.write("candidates.csv", "phoneNumber,givenName\n+34600000001,Clara\n");
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(stderr.contains("extract.csv: line 1, column 1: no header row?"), "{stderr}");
    assert_holds_none(&stderr, &["+34600000001", "Clara", "Garcia"]);

    // Header names that are not names, or carry control characters, are told by position.
    wd.write("extract.csv", EXTRACT);
    wd.write(
        "candidates.csv",
        "requestId,phoneNumber,givenName,\u{1b}[31mred,ana@example.com,SEGMENT\nr1,+34600000001,Clara,a,b,c\n",
    );
    let (table, stderr) = {
        let output = wd.run(&mut job(&wd, "match", &[]));
        assert!(output.status.success());
        (Table::parse(&String::from_utf8(output.stdout.clone()).unwrap()), crate::workdir::stderr(&output))
    };
    eqnice!(vec![("r1", "200", "")], outcomes(&table));
    assert!(
        stderr
            .contains("candidates.csv: columns not used: SEGMENT and 2 more whose names are not shown (columns 4, 5)"),
        "{stderr}"
    );
    assert_holds_none(&stderr, &["\u{1b}", "ana@example.com"]);

    // An NDJSON property that the API does not declare is named only when it looks like a name.
    wd.write(
        "candidates.ndjson",
        "{\"requestId\":\"n1\",\"phoneNumber\":\"+34600000001\",\"ana@example.com\":\"x\"}\n\
         {\"requestId\":\"n2\",\"phoneNumber\":\"+34600000001\",\"nickname\":\"x\"}\n",
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--format", "ndjson"]);
    let output = wd.stdout(&mut cmd);
    assert_holds_none(&output, &["ana@example.com"]);
    let lines = ndjson(&output);
    eqnice!(
        serde_json::json!("line 1: property 3 of the object (its name is not shown) is not declared by the API"),
        lines[0]["body"]["message"]
    );
    eqnice!(serde_json::json!("line 2: property nickname is not declared by the API"), lines[1]["body"]["message"]);
}

#[test]
fn profile_and_header_mistakes_exit_2_naming_the_file_and_the_key() {
    let candidates = "requestId,phoneNumber,givenName,familyName\nr1,+34600000001,Clara,Garcia\n";
    let extract = "MSISDN,FIRST_NAME,LAST_NAME\n+34600000001,Clara,Garcia\n";
    let wd = workdir(candidates, extract);
    let run = |profile: &str| {
        wd.write("profile.toml", profile);
        wd.fails(&mut job(&wd, "match", &["--profile", "profile.toml"]), 2)
    };
    // Two CAMARA names onto one header.
    let stderr =
        run("[columns.extract]\nphoneNumber = \"MSISDN\"\ngivenName = \"LAST_NAME\"\nfamilyName = \"LAST_NAME\"\n");
    assert!(
        stderr.contains(
            "profile.toml: invalid profile: [columns.extract] familyName and givenName are mapped to one header"
        ),
        "{stderr}"
    );
    // A key that is not a CAMARA name.
    let stderr = run("[columns.extract]\nphoneNumber = \"MSISDN\"\ngivenNme = \"FIRST_NAME\"\n");
    assert!(
        stderr.contains("profile.toml: invalid profile: [columns.extract] givenNme: not a CAMARA property"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean givenName?"), "{stderr}");
    // A mapped header the file does not have.
    let stderr = run("[columns.extract]\nphoneNumber = \"MSISDN\"\ngivenName = \"FIRSTNAME\"\n");
    assert!(stderr.contains("extract.csv: line 1: no column givenName (mapped from header \"FIRSTNAME\")"), "{stderr}");
    let stderr = run("[columns.extract]\nphoneNumber = \"MSISDN\"\n[columns.candidates]\nfamilyName = \"SURNAME\"\n");
    assert!(
        stderr.contains("candidates.csv: line 1: no column familyName (mapped from header \"SURNAME\")"),
        "{stderr}"
    );
    // A header mapped beside a column of the CAMARA name.
    wd.write("candidates.csv", "requestId,phoneNumber,givenName,NAME\nr1,+34600000001,Clara,Clara\n");
    let stderr = run("[columns.extract]\nphoneNumber = \"MSISDN\"\n[columns.candidates]\ngivenName = \"NAME\"\n");
    assert!(
        stderr.contains("candidates.csv: line 1, column 4: column givenName and column NAME both hold givenName"),
        "{stderr}"
    );
    // A repeated column name.
    wd.write("extract.csv", "phoneNumber,givenName\n+34600000001,Clara\n");
    wd.write("candidates.csv", "requestId,phoneNumber,givenName,givenName\nr1,+34600000001,Clara,Ana\n");
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(
        stderr.contains("candidates.csv: line 1, column 4: column givenName appears twice (columns 3 and 4)"),
        "{stderr}"
    );
    wd.write("candidates.csv", candidates);
    wd.write("extract.csv", "phoneNumber,givenName,givenName\n+34600000001,Clara,Ana\n");
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(stderr.contains("extract.csv: line 1, column 3: column givenName appears twice"), "{stderr}");
    // --keep of a header that is there twice.
    wd.write("extract.csv", "phoneNumber,givenName\n+34600000001,Clara\n");
    wd.write("candidates.csv", "requestId,phoneNumber,note,note\nr1,+34600000001,a,b\n");
    let stderr = wd.fails(&mut job(&wd, "match", &["--keep", "note"]), 2);
    assert!(stderr.contains("candidates.csv: line 1, column 4: --keep note: the header has it twice"), "{stderr}");
    // NDJSON bodies carry CAMARA names: a profile's header mapping does not apply to them.
    wd.write("candidates.ndjson", "{\"requestId\":\"n1\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n");
    wd.write("profile.toml", "[columns.candidates]\ngivenName = \"FIRST\"\n");
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--profile", "profile.toml"]);
    assert!(wd.stdout(&mut cmd).contains("n1,200"));
}

#[test]
fn other_delimiters_are_named_in_the_error_and_read_with_delimiter() {
    let candidates = "requestId,phoneNumber,givenName\nr1,+34600000001,Carla\nr2,+34600000001,Clara\n";
    let wd = workdir(candidates, EXTRACT);
    let expected = wd.stdout(&mut job(&wd, "match", &[]));
    wd.write("candidates.csv", &candidates.replace(',', ";"));
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(stderr.contains("candidates.csv: line 1: the header looks separated by ';', not ','"), "{stderr}");
    assert!(stderr.contains("--delimiter ';'"), "{stderr}");
    // The delimiter is that of both CSV inputs; the profile may set it.
    let stderr = wd.fails(&mut job(&wd, "match", &["--delimiter", ";"]), 2);
    assert!(stderr.contains("extract.csv: line 1: the header looks separated by ',', not ';'"), "{stderr}");
    wd.write("extract.csv", &EXTRACT.replace(',', ";"));
    eqnice!(expected, wd.stdout(&mut job(&wd, "match", &["--delimiter", ";"])));
    wd.write("profile.toml", "delimiter = \";\"\n");
    eqnice!(expected, wd.stdout(&mut job(&wd, "match", &["--profile", "profile.toml"])));
    // A ;-separated extract read with commas: no phoneNumber column, and why.
    let stderr = wd.fails(&mut job(&wd, "match", &["--delimiter", ","]), 2);
    assert!(stderr.contains("the header looks separated by ';', not ','"), "{stderr}");
    // Tabs.
    wd.write("candidates.csv", &candidates.replace(',', "\t"));
    wd.write("extract.csv", &EXTRACT.replace(',', "\t"));
    let stderr = wd.fails(&mut job(&wd, "match", &[]), 2);
    assert!(stderr.contains("separated by tab, not ','") && stderr.contains("--delimiter '\\t'"), "{stderr}");
    eqnice!(expected, wd.stdout(&mut job(&wd, "match", &["--delimiter", "\\t"])));
}

#[test]
fn rows_the_reader_rejects_keep_their_request_id_and_stand_ins_never_collide() {
    // Ids 9, 2, 1: the first row is ragged. Its row number, 1, was another row's real id.
    let mut candidates = b"requestId,phoneNumber,givenName\n".to_vec();
    candidates.extend_from_slice(b"9,+34600000001\n");
    candidates.extend_from_slice(b"2,+34600000001,Clara\n");
    candidates.extend_from_slice(b"1,+34600000001,Clara,extra\n");
    candidates.extend_from_slice(b"4,+34600000001,Cl\xffra\n");
    candidates.extend_from_slice(b",+34600000001,Clara\n");
    let wd = workdir("", EXTRACT);
    wd.write_bytes("candidates.csv", &candidates);
    let table = Table::parse(&wd.stdout(&mut job(&wd, "match", &[])));
    eqnice!(
        vec![
            ("9", "400", "INVALID_ARGUMENT"),
            ("2", "200", ""),
            ("1", "400", "INVALID_ARGUMENT"),
            ("4", "400", "INVALID_ARGUMENT"),
            ("", "200", ""),
        ],
        outcomes(&table)
    );
    // The requestId read from a ragged row is its first field; elsewhere it cannot be told.
    wd.write("candidates.csv", "phoneNumber,requestId,givenName\n+34600000001,7\n+34600000001,8,Clara\n");
    eqnice!(vec!["", "8"], Table::parse(&wd.stdout(&mut job(&wd, "match", &[]))).column("requestId"));
    // Without a requestId column there are no real ids: rows are numbered.
    wd.write("candidates.csv", "phoneNumber,givenName\n+34600000001\n+34600000001,Clara\n");
    eqnice!(vec!["1", "2"], Table::parse(&wd.stdout(&mut job(&wd, "match", &[]))).column("requestId"));

    // NDJSON: each line may carry a requestId, so a line without one gets an empty one.
    wd.write(
        "candidates.ndjson",
        "{\"requestId\":\"9\",\"phoneNumber\":\"+34600000001\",\"nickname\":\"x\"}\n\
         {\"requestId\":\"2\",\"phoneNumber\":\"+34600000001\",\"givenName\":true}\n\
         {\"requestId\":\"1\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n\
         not json\n\
         {\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n\
         {\"requestId\":\"6\",\"requestId\":\"7\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n",
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv"]);
    let table = Table::parse(&wd.stdout(&mut cmd));
    eqnice!(
        vec![
            ("9", "400", "INVALID_ARGUMENT"),
            ("2", "400", "INVALID_ARGUMENT"),
            ("1", "200", ""),
            ("", "400", "INVALID_ARGUMENT"),
            ("", "200", ""),
            ("", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!("line 6: property requestId is given twice", table.cell(5, "message"));
}

#[test]
fn ndjson_values_must_have_the_types_of_the_camara_schemas() {
    let wd = workdir("", EXTRACT);
    wd.write(
        "candidates.ndjson",
        "{\"requestId\":\"a\",\"phoneNumber\":\"+34600000001\",\"streetNumber\":12}\n\
         {\"requestId\":\"b\",\"phoneNumber\":\"+34600000001\",\"givenName\":true}\n\
         {\"requestId\":\"c\",\"phoneNumber\":\"+34600000001\",\"givenName\":[\"Clara\"]}\n\
         {\"requestId\":\"d\",\"phoneNumber\":\"+34600000001\",\"givenName\":null,\"streetNumber\":\"12\"}\n\
         {\"requestId\":7,\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n\
         {\"requestId\":\"f\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\",\"givenName\":\"Ana\"}\n\
         {\"requestId\":1.5,\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\"}\n",
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv"]);
    let table = Table::parse(&wd.stdout(&mut cmd));
    eqnice!(
        vec![
            ("a", "400", "INVALID_ARGUMENT"),
            ("b", "400", "INVALID_ARGUMENT"),
            ("c", "400", "INVALID_ARGUMENT"),
            ("d", "200", ""),
            ("7", "200", ""),
            ("f", "400", "INVALID_ARGUMENT"),
            ("", "400", "INVALID_ARGUMENT"),
        ],
        outcomes(&table)
    );
    eqnice!(
        vec![
            "line 1: property streetNumber must be a string",
            "line 2: property givenName must be a string",
            "line 3: property givenName must be a string",
            "",
            "",
            "line 6: property givenName is given twice",
            "line 7: property requestId must be a string or an integer",
        ],
        table.column("message")
    );
    eqnice!(vec!["", "", "", "true", "", "", ""], table.column("streetNumberMatch"));
    eqnice!(vec!["", "", "", "", "true", "", ""], table.column("givenNameMatch"));

    // ageThreshold and maxAge are integers in their schemas.
    wd.write(
        "candidates.ndjson",
        "{\"requestId\":\"a\",\"phoneNumber\":\"+34600000001\",\"ageThreshold\":18}\n\
         {\"requestId\":\"b\",\"phoneNumber\":\"+34600000001\",\"ageThreshold\":\"18\"}\n",
    );
    let mut cmd = wd.command("age");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--as-of", "2025-06-30"]);
    let table = Table::parse(&wd.stdout(&mut cmd));
    eqnice!(vec![("a", "200", ""), ("b", "400", "INVALID_ARGUMENT")], outcomes(&table));
    eqnice!("line 2: property ageThreshold must be an integer", table.cell(1, "message"));

    // An operator's NDJSON extract has no CAMARA schema: its numbers are read as text.
    wd.write("extract.ndjson", "{\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\",\"streetNumber\":12}\n");
    wd.write("candidates.csv", "requestId,phoneNumber,streetNumber\nr1,+34600000001,12\n");
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv", "--extract", "extract.ndjson"]);
    eqnice!(vec!["true"], Table::parse(&wd.stdout(&mut cmd)).column("streetNumberMatch"));
}

#[test]
fn request_enums_follow_camara_and_extract_values_compare_ignoring_case() {
    let extract = "phoneNumber,idDocumentType,gender\n+34600000001,PASSPORT,female\n";
    let candidates = "requestId,phoneNumber,idDocumentType,gender\n\
        a,+34600000001,passport,FEMALE\n\
        b,+34600000001,PASSPORT,\n\
        c,+34600000001,Passport,\n\
        d,+34600000001,,Female\n\
        e,+34600000001,,F\n";
    let wd = workdir(candidates, extract);
    let table = Table::parse(&wd.stdout(&mut job(&wd, "match", &[])));
    eqnice!(
        vec![
            ("a", "200", ""),
            ("b", "400", "INVALID_ARGUMENT"),
            ("c", "400", "INVALID_ARGUMENT"),
            ("d", "200", ""),
            ("e", "400", "INVALID_ARGUMENT")
        ],
        outcomes(&table)
    );
    let expected = "idDocumentType: must be one of passport, national_id_card, residence_permit, diplomatic_id, \
        driver_licence, social_security_id, other (as CAMARA spells them)";
    eqnice!(expected, table.cell(1, "message"));
    eqnice!("gender: must be one of MALE, FEMALE, OTHER", table.cell(4, "message"));
    eqnice!(vec!["true", "", "", "", ""], table.column("idDocumentTypeMatch"));
    eqnice!(vec!["true", "", "", "true", ""], table.column("genderMatch"));
}
