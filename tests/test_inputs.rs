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
