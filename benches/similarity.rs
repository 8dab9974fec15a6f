//! Jaro-Winkler on realistic name pairs: `strsim` (the named crate) against `rapidfuzz`, over
//! characters and, for ASCII pairs (Latin names after normalisation), over bytes; and the
//! engine's comparator. The faster crate is the one the engine uses (BENCHMARKS.md).
//!
//! Run: `cargo bench --bench similarity`

use criterion::{Criterion, criterion_group, criterion_main};
use kyclink::similarity::{Comparator, JaroWinkler};
use std::hint::black_box;

const NAMES: &[&str] = &[
    "maria",
    "mariajose",
    "garcialopez",
    "fernandez",
    "janssen",
    "devries",
    "vanderberg",
    "bakker",
    "smith",
    "johnson",
    "oconnor",
    "mueller",
    "schmidt",
    "schneider",
    "dupont",
    "lefebvre",
    "rossi",
    "bianchi",
    "ferreira",
    "santos",
    "oliveira",
    "catherine",
    "christopher",
    "alexandra",
    "callemayor",
    "kerkstraat",
    "highstreet",
    "hauptstrasse",
    "ruedelapaix",
    "viaroma",
    "anapereztorres",
    "jandevriesbakker",
    "anacarolinasilva",
    "elisabethmueller",
];
const KANA: &[&str] = &["ヤマダタロウ", "サトウハナコ", "スズキイチロウ", "タナカミサキ", "ワタナベケンジ"];

/// Deterministic realistic noise: a transposition, a deletion and a substitution per name.
fn pairs(names: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in names.iter().enumerate() {
        let chars: Vec<char> = a.chars().collect();
        let n = chars.len();
        let mut swapped = chars.clone();
        swapped.swap(n / 2 - 1, n / 2);
        let mut dropped = chars.clone();
        dropped.remove(n / 3);
        let mut substituted = chars.clone();
        substituted[n - 2] = 'e';
        for b in [swapped, dropped, substituted] {
            out.push((a.to_string(), b.into_iter().collect()));
        }
        out.push((a.to_string(), names[(i + 1) % names.len()].to_string()));
    }
    out
}

fn bench(c: &mut Criterion) {
    for (label, names) in [("latin", NAMES), ("kana", KANA)] {
        let pairs = pairs(names);
        let mut group = c.benchmark_group(format!("jaro_winkler/{label}/{}_pairs", pairs.len()));
        group.bench_function("strsim", |b| {
            b.iter(|| pairs.iter().map(|(x, y)| strsim::jaro_winkler(black_box(x), black_box(y))).sum::<f64>())
        });
        group.bench_function("rapidfuzz_chars", |b| {
            b.iter(|| {
                pairs
                    .iter()
                    .map(|(x, y)| {
                        rapidfuzz::distance::jaro_winkler::similarity(black_box(x).chars(), black_box(y).chars())
                    })
                    .sum::<f64>()
            })
        });
        let bytes: Vec<(Vec<u8>, Vec<u8>)> =
            pairs.iter().map(|(x, y)| (x.as_bytes().to_vec(), y.as_bytes().to_vec())).collect();
        let ascii = pairs.iter().all(|(x, y)| x.is_ascii() && y.is_ascii());
        if ascii {
            group.bench_function("strsim_bytes", |b| {
                b.iter(|| {
                    bytes.iter().map(|(x, y)| strsim::generic_jaro_winkler(black_box(x), black_box(y))).sum::<f64>()
                })
            });
            group.bench_function("rapidfuzz_bytes", |b| {
                b.iter(|| {
                    bytes
                        .iter()
                        .map(|(x, y)| {
                            rapidfuzz::distance::jaro_winkler::similarity(black_box(x).iter(), black_box(y).iter())
                        })
                        .sum::<f64>()
                })
            });
        }
        group.bench_function("engine", |b| {
            b.iter(|| pairs.iter().map(|(x, y)| JaroWinkler.similarity(black_box(x), black_box(y))).sum::<f64>())
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
