//! Formats through the binary: Parquet and NDJSON in and out with their types, gzip input,
//! and a larger generated workload streamed in many batches.

use crate::rows::{job, workdir};
use crate::workdir::{Table, Workdir};
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, UInt8Type, UInt16Type};
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::DataType;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::io::Write;
use std::sync::Arc;

const CANDIDATES: &str = "requestId,phoneNumber,givenName,familyName,postalCode\n\
    r1,+34600000001,Carla,Garcia,08001\n\
    r2,+34600000001,Clara,,\n\
    r3,+34600000009,Clara,,\n\
    r4,,Clara,,\n";
const EXTRACT: &str = "phoneNumber,givenName,familyName,postalCode\n+34600000001,Clara,Garcia,08001\n";

fn read_parquet(wd: &Workdir, name: &str) -> RecordBatch {
    let file = std::fs::File::open(wd.path().join(name)).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file).unwrap().build().unwrap();
    let batches: Vec<RecordBatch> = reader.map(Result::unwrap).collect();
    arrow_select::concat::concat_batches(&batches[0].schema(), &batches).unwrap()
}

#[test]
fn parquet_output_has_typed_columns_and_the_csv_values() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let csv = Table::parse(&wd.stdout(&mut job(&wd, "match", &[])));
    wd.stdout(&mut job(&wd, "match", &["--out", "results.parquet"]));
    let batch = read_parquet(&wd, "results.parquet");
    let schema = batch.schema();
    let type_of = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(type_of("requestId"), DataType::Utf8);
    assert_eq!(type_of("status"), DataType::UInt16);
    assert_eq!(type_of("givenNameMatch"), DataType::Utf8);
    assert_eq!(type_of("givenNameMatchScore"), DataType::UInt8);
    assert_eq!(type_of("identityMatchScore"), DataType::UInt8);
    assert_eq!(type_of("matchWeight"), DataType::Float64);
    let status = batch.column_by_name("status").unwrap().as_primitive::<UInt16Type>();
    assert_eq!(status.values().to_vec(), [200, 200, 404, 422]);
    let given = batch.column_by_name("givenNameMatch").unwrap().as_string::<i32>();
    assert_eq!((given.value(0), given.value(1)), ("false", "true"));
    assert!(given.is_null(2), "not answered: null, not an empty string");
    let score = batch.column_by_name("givenNameMatchScore").unwrap().as_primitive::<UInt8Type>();
    assert_eq!((score.value(0), score.is_null(1)), (88, true));
    let weight = batch.column_by_name("matchWeight").unwrap().as_primitive::<Float64Type>();
    assert_eq!(weight.value(0).to_string(), csv.cell(0, "matchWeight"));
    assert_eq!(batch.num_rows(), csv.rows.len());
}

#[test]
fn parquet_input_of_any_text_or_integer_type_answers_as_csv_does() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let csv = wd.stdout(&mut job(&wd, "match", &[]));
    let table = Table::parse(CANDIDATES);
    let text = |name: &str| Arc::new(StringArray::from(table.column(name))) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("requestId", text("requestId")),
        ("phoneNumber", text("phoneNumber")),
        ("givenName", text("givenName")),
        ("familyName", text("familyName")),
        ("postalCode", text("postalCode")),
        ("streetNumber", Arc::new(Int64Array::from(vec![Some(5), None, None, None])) as ArrayRef),
    ])
    .unwrap();
    let file = std::fs::File::create(wd.path().join("candidates.parquet")).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.parquet", "--extract", "extract.csv"]);
    let parquet = Table::parse(&wd.stdout(&mut cmd));
    let csv = Table::parse(&csv);
    assert_eq!(parquet.column("postalCodeMatch"), csv.column("postalCodeMatch"), "the leading 0 survives");
    assert_eq!(parquet.column("givenNameMatchScore"), csv.column("givenNameMatchScore"));
    assert_eq!(parquet.column("streetNumberMatch"), ["not_available", "", "", ""], "an integer column is read");
}

#[test]
fn an_extract_in_parquet_or_ndjson_answers_as_its_csv_does() {
    let extract = "phoneNumber,givenName,familyName,postalCode,name\n\
        +34600000001,Clara,García,08001,\n\
        +34600000002,Zoë,,1234 AB,Zoë Ægir Lefèvre\n\
        +34600000003,太郎,山田,,山田 太郎\n";
    let candidates = "requestId,phoneNumber,givenName,familyName,postalCode,name\n\
        r1,+34600000001,Clara,Garcia,08001,Clara Garcia\n\
        r2,+34600000002,Zoe,Aegir,1234AB,Lefevre Zoe Aegir\n\
        r3,+34600000003,太郎,山田,,太郎 山田\n\
        r4,+34600000004,Ana,,,\n";
    let wd = workdir(candidates, extract);
    let csv = wd.stdout(&mut job(&wd, "match", &[]));
    let table = Table::parse(extract);
    let text = |name: &str| {
        let cells = table.column(name).into_iter().map(|c| (!c.is_empty()).then_some(c));
        Arc::new(StringArray::from(cells.collect::<Vec<_>>())) as ArrayRef
    };
    let batch = RecordBatch::try_from_iter(table.headers.iter().map(|h| (h.as_str(), text(h)))).unwrap();
    let file = std::fs::File::create(wd.path().join("extract.parquet")).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let lines: Vec<String> = (0..table.rows.len())
        .map(|row| {
            serde_json::Value::Object(table.filled(row).into_iter().map(|(h, v)| (h.into(), v.into())).collect())
        })
        .map(|object| object.to_string())
        .collect();
    wd.write("extract.ndjson", &(lines.join("\n") + "\n"));
    for name in ["extract.parquet", "extract.ndjson"] {
        let mut cmd = wd.command("match");
        cmd.args(["--candidates", "candidates.csv", "--extract", name]);
        assert_eq!(wd.stdout(&mut cmd), csv, "{name}");
    }
    let csv = Table::parse(&csv);
    assert_eq!(csv.column("status"), ["200", "200", "200", "404"]);
    // r1's full name is composed from its parts; r2's and r3's equal in their reordered form.
    assert_eq!(csv.column("nameMatch"), ["true", "true", "true", ""]);
}

#[test]
fn ndjson_bodies_are_the_camara_responses() {
    let wd = workdir(CANDIDATES, EXTRACT);
    wd.write(
        "candidates.ndjson",
        "{\"requestId\":\"r1\",\"phoneNumber\":\"+34600000001\",\"givenName\":\"Carla\",\"familyName\":\"Garcia\"}\n\
         {\"phoneNumber\":\"+34600000001\",\"givenName\":\"Clara\",\"nickname\":\"Cla\"}\n\
         not json\n\
         \n\
         {\"requestId\":\"r4\",\"phoneNumber\":\"+34600000009\",\"givenName\":\"Clara\"}\n",
    );
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.ndjson", "--extract", "extract.csv", "--out", "out.jsonl"]);
    wd.stdout(&mut cmd);
    let lines: Vec<serde_json::Value> =
        wd.read("out.jsonl").lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(lines.len(), 4, "one line per request; the blank line is no request");
    assert_eq!(
        lines[0]["body"],
        serde_json::json!({"givenNameMatch": "false", "givenNameMatchScore": 88, "familyNameMatch": "true"}),
        "only what was asked, a score only with false"
    );
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[1]["requestId"], "", "no requestId: an empty one, which no real id is");
    assert_eq!(lines[1]["body"]["code"], "INVALID_ARGUMENT");
    assert_eq!(lines[1]["body"]["message"], "line 2: property nickname is not declared by the API");
    assert_eq!(lines[2]["body"]["status"], 400);
    assert_eq!(lines[2]["body"]["message"], "line 3: not a JSON object");
    assert_eq!(
        lines[3]["body"],
        serde_json::json!({"status": 404, "code": "IDENTIFIER_NOT_FOUND", "message": "phoneNumber: no subscriber with this number"})
    );
}

#[test]
fn gzip_input_is_read_transparently() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let plain = wd.stdout(&mut job(&wd, "match", &[]));
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(CANDIDATES.as_bytes()).unwrap();
    wd.write_bytes("candidates.csv.gz", &encoder.finish().unwrap());
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv.gz", "--extract", "extract.csv"]);
    assert_eq!(wd.stdout(&mut cmd), plain);
}

#[test]
fn a_truncated_gzip_input_exits_2_naming_the_file_and_leaves_no_output() {
    let wd = workdir(CANDIDATES, EXTRACT);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(CANDIDATES.repeat(50).as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    wd.write_bytes("candidates.csv.gz", &compressed[..compressed.len() / 2]);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "candidates.csv.gz", "--extract", "extract.csv", "--out", "results.csv"]);
    let stderr = wd.fails(&mut cmd, 2);
    assert!(stderr.contains("candidates.csv.gz"), "{stderr}");
    assert!(!wd.path().join("results.csv").exists(), "no half file under the target name");
}

#[test]
fn a_generated_workload_streams_through_in_many_batches() {
    let wd = Workdir::new();
    let mut generate = wd.command("generate");
    generate.args(["--subscribers", "3000", "--candidates", "12000", "--seed", "5", "--out", "data"]);
    wd.stdout(&mut generate);
    let mut cmd = wd.command("match");
    cmd.args(["--candidates", "data/candidates.csv", "--extract", "data/extract.csv", "--batch-size", "500"]);
    cmd.args(["--out", "results.parquet", "--summary", "summary.json"]);
    wd.stdout(&mut cmd);
    let results = read_parquet(&wd, "results.parquet");
    assert_eq!(results.num_rows(), 12000);
    let labels = wd.read("data/labels.csv");
    let expected: Vec<&str> = labels.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    let ids = results.column_by_name("requestId").unwrap().as_string::<i32>();
    assert!(ids.iter().map(Option::unwrap).eq(expected.iter().copied()), "input order, one row each");
    let summary: serde_json::Value = serde_json::from_str(&wd.read("summary.json")).unwrap();
    assert_eq!((summary["rowsIn"].as_u64(), summary["rowsOut"].as_u64()), (Some(12000), Some(12000)));
}
