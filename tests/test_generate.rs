//! `kyclink::generate`, through the library: what it writes (extract, candidates, labels),
//! that it is a pure function of the seed, and that its data has the shapes kyclink reads.

use arrow_array::Array;
use arrow_array::cast::AsArray;
use kyclink::generate::{CandidateKind, GenerateOptions, GenerateReport, generate};
use kyclink::io::{Format, open_reader};
use kyclink::normalize::{Date, parse_e164};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A whole file as text: headers and rows (nulls read as empty).
struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let mut reader = open_reader(path, None, 4096, &[]).unwrap();
        let headers = reader.headers().to_vec();
        let mut rows = Vec::new();
        while let Some(batch) = reader.next_batch().unwrap() {
            assert!(batch.defects.is_empty(), "{:?}", batch.defects);
            let columns: Vec<_> = batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect();
            for row in 0..batch.len() {
                rows.push(
                    columns
                        .iter()
                        .map(|c| if c.is_null(row) { String::new() } else { c.value(row).to_string() })
                        .collect(),
                );
            }
        }
        Table { headers, rows }
    }

    fn column(&self, name: &str) -> Vec<&str> {
        let i = self.headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        self.rows.iter().map(|row| row[i].as_str()).collect()
    }
}

fn run(dir: &Path, subscribers: usize, candidates: usize, seed: u64, format: Format) -> GenerateReport {
    let options = GenerateOptions { subscribers, candidates, seed, out_dir: dir.to_path_buf(), format };
    generate(&options).unwrap()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let one_thread = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let report = one_thread.install(|| run(a.path(), 2000, 2000, 7, Format::Csv));
    run(b.path(), 2000, 2000, 7, Format::Csv);
    run(c.path(), 2000, 2000, 8, Format::Csv);
    for file in &report.files {
        let name = file.file_name().unwrap();
        let bytes = std::fs::read(file).unwrap();
        assert_eq!(bytes, std::fs::read(b.path().join(name)).unwrap(), "{name:?}");
        assert_ne!(bytes, std::fs::read(c.path().join(name)).unwrap(), "{name:?}");
    }
}

#[test]
fn files_rows_and_headers() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(dir.path(), 2000, 3000, 1, Format::Csv);
    let names: Vec<_> = report.files.iter().map(|f| f.file_name().unwrap().to_str().unwrap()).collect();
    assert_eq!(names, ["extract.csv", "candidates.csv", "labels.csv"]);
    assert_eq!((report.subscribers, report.candidates), (2000, 3000));
    assert_eq!(report.kinds.iter().map(|(_, n)| n).sum::<usize>(), 3000);

    let extract = Table::read(&dir.path().join("extract.csv"));
    assert_eq!(extract.rows.len(), 2000);
    let camara: Vec<&str> = kyclink::spec::Attribute::ALL.iter().map(|a| a.name()).collect();
    assert_eq!(extract.headers[..26], camara);
    assert_eq!(
        extract.headers[26..],
        ["serviceApplicable", "verifiedStatus", "latestDeviceChange", "gaugeMetric", "veritasIndex"]
    );
    let candidates = Table::read(&dir.path().join("candidates.csv"));
    assert_eq!(candidates.rows.len(), 3000);
    assert_eq!(candidates.headers[0], "requestId");
    assert_eq!(candidates.headers[1..], camara);
    let labels = Table::read(&dir.path().join("labels.csv"));
    assert_eq!(labels.headers, ["requestId", "isOwner", "kind"]);
    assert_eq!(labels.column("requestId"), candidates.column("requestId"));
    assert_eq!(labels.column("requestId")[..2], ["r0000001", "r0000002"]);
}

#[test]
fn extract_phone_numbers_are_valid_and_unique() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), 5000, 0, 3, Format::Csv);
    let extract = Table::read(&dir.path().join("extract.csv"));
    let phones = extract.column("phoneNumber");
    assert!(phones.iter().all(|p| parse_e164(p).is_some()), "an invalid phone number");
    assert_eq!(phones.iter().collect::<HashSet<_>>().len(), phones.len(), "a repeated phone number");
    let countries: HashSet<&str> = phones.iter().map(|p| &p[..3]).collect();
    for code in ["+34", "+31", "+44", "+49", "+33", "+39", "+35", "+81"] {
        assert!(countries.contains(code), "no {code} numbers");
    }
}

#[test]
fn extract_values_have_their_shapes() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), 3000, 0, 4, Format::Csv);
    let extract = Table::read(&dir.path().join("extract.csv"));
    let rows = extract.rows.len() as f64;
    let share = |column: &str, test: &dyn Fn(&str) -> bool| {
        extract.column(column).into_iter().filter(|v| test(v)).count() as f64 / rows
    };
    let date = |v: &str| Date::parse(v).is_some();
    assert!(share("birthdate", &date) > 0.9);
    assert!(share("birthdate", &|v| v.is_empty() || (date(v) && ("1940".."2008").contains(&&v[..4]))) == 1.0);
    assert!(share("gaugeMetric", &|v| v.parse::<u16>().is_ok_and(|n| (300..=850).contains(&n))) == 1.0);
    assert!(share("veritasIndex", &|v| v.parse::<u8>().is_ok_and(|n| n <= 19)) == 1.0);
    assert!(share("verifiedStatus", &|v| v == "true" || v == "false") == 1.0);
    let out_of_scope = share("serviceApplicable", &|v| v == "false");
    assert!(share("serviceApplicable", &|v| v == "true" || v == "false") == 1.0);
    assert!(out_of_scope > 0.0 && out_of_scope < 0.02, "{out_of_scope}");
    let rfc3339 = |v: &str| {
        let b = v.as_bytes();
        v.len() == 20 && date(&v[..10]) && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z'
    };
    assert!(share("latestDeviceChange", &|v| v.is_empty() || rfc3339(v)) == 1.0);
    let never_connected = share("latestDeviceChange", &str::is_empty);
    assert!(never_connected > 0.0 && never_connected < 0.03, "{never_connected}");
    // Mostly composed by kyclink; a few cells hold two values.
    assert!(share("name", &str::is_empty) > 0.5 && share("address", &str::is_empty) > 0.5);
    let multi =
        ["email", "idDocument", "address", "familyName"].iter().map(|c| share(c, &|v| v.contains('|'))).sum::<f64>();
    assert!((0.01..0.06).contains(&multi), "{multi}");
    assert!(share("bankAccountNumber", &|v| v.is_empty() || v.starts_with("IBAN:")) == 1.0);
    // Japanese subscribers have kana in both widths.
    let (phones, hankaku, zenkaku) =
        (extract.column("phoneNumber"), extract.column("nameKanaHankaku"), extract.column("nameKanaZenkaku"));
    let japanese: Vec<usize> = (0..phones.len()).filter(|&i| phones[i].starts_with("+81")).collect();
    assert!(!japanese.is_empty());
    assert!(
        japanese.iter().filter(|&&i| hankaku[i].contains(|c| ('ｱ'..='ﾝ').contains(&c))).count() * 10
            > japanese.len() * 8
    );
    assert!(
        japanese.iter().filter(|&&i| zenkaku[i].contains(|c| ('ア'..='ン').contains(&c))).count() * 10
            > japanese.len() * 8
    );
    assert!(hankaku.iter().zip(&phones).all(|(h, p)| h.is_empty() || p.starts_with("+81")));
}

#[test]
fn labels_have_every_kind_in_plausible_proportions() {
    let dir = tempfile::tempdir().unwrap();
    let report = run(dir.path(), 2000, 6000, 5, Format::Csv);
    let labels = Table::read(&dir.path().join("labels.csv"));
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (kind, owner) in labels.column("kind").into_iter().zip(labels.column("isOwner")) {
        *counts.entry(kind).or_default() += 1;
        let known = CandidateKind::ALL.iter().find(|k| k.label() == kind).unwrap_or_else(|| panic!("kind {kind}"));
        assert_eq!(owner, if known.is_owner() { "1" } else { "0" }, "{kind}");
    }
    for (kind, weight) in CandidateKind::ALL.iter().zip(CandidateKind::WEIGHTS) {
        let (got, share) = (counts.get(kind.label()).copied().unwrap_or(0) as f64 / 6000.0, f64::from(weight) / 1000.0);
        assert!((got - share).abs() < 0.025, "{kind:?}: {got} vs {share}");
    }
    let reported: Vec<(&str, usize)> = report.kinds.clone();
    assert_eq!(reported.len(), CandidateKind::ALL.len());
    for (kind, n) in reported {
        assert_eq!(counts[kind], n, "{kind}");
    }
}

#[test]
fn candidates_name_lines_of_the_extract_unless_unknown() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), 1500, 3000, 6, Format::Csv);
    let extract = Table::read(&dir.path().join("extract.csv"));
    let candidates = Table::read(&dir.path().join("candidates.csv"));
    let labels = Table::read(&dir.path().join("labels.csv"));
    let lines: HashSet<&str> = extract.column("phoneNumber").into_iter().collect();
    for ((phone, kind), given) in
        candidates.column("phoneNumber").into_iter().zip(labels.column("kind")).zip(candidates.column("givenName"))
    {
        match kind {
            "unknown_number" => assert!(parse_e164(phone).is_some() && !lines.contains(phone), "{phone}"),
            "malformed" => {}
            _ => assert!(lines.contains(phone), "{kind} {phone}"),
        }
        assert!(!given.contains('\n'));
    }
}

#[test]
fn parquet_holds_the_same_rows_as_csv() {
    let (csv, parquet) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(csv.path(), 1200, 1300, 9, Format::Csv);
    let report = run(parquet.path(), 1200, 1300, 9, Format::Parquet);
    let names: Vec<_> = report.files.iter().map(|f| f.file_name().unwrap().to_str().unwrap()).collect();
    assert_eq!(names, ["extract.parquet", "candidates.parquet", "labels.csv"]);
    for (from_csv, from_parquet) in [("extract.csv", "extract.parquet"), ("candidates.csv", "candidates.parquet")] {
        let (a, b) = (Table::read(&csv.path().join(from_csv)), Table::read(&parquet.path().join(from_parquet)));
        assert_eq!(a.headers, b.headers);
        assert_eq!(a.rows.len(), b.rows.len());
        assert!(a.rows == b.rows, "{from_csv} and {from_parquet} differ");
    }
}
