//! One batch of generated KYC Match requests through the job (validate, look up, compare,
//! aggregate, build the output columns), against an index of 200,000 generated subscribers;
//! and the index build itself. The end-to-end figures are `benches/e2e.sh`'s (BENCHMARKS.md).
//!
//! Run: `cargo bench --bench job`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kyclink::columns::Selection;
use kyclink::generate::{GenerateOptions, generate};
use kyclink::index::{ExtractNeeds, SubscriberIndex};
use kyclink::io::{DEFAULT_BATCH_SIZE, Format, InputBatch, open_reader};
use kyclink::jobs::{JobFactory, kyc_match};
use kyclink::pipeline::open_extract;
use kyclink::profile::Profile;
use kyclink::report::Summary;
use std::path::Path;
use std::time::Duration;

const SUBSCRIBERS: usize = 200_000;

fn index(extract: &Path, profile: &Profile, needs: &ExtractNeeds) -> SubscriberIndex {
    let mut extract = open_extract(extract, profile, DEFAULT_BATCH_SIZE as usize).expect("the extract opens");
    SubscriberIndex::build(extract.reader.as_mut(), &extract.columns, needs, &profile.normalizer())
        .expect("the index builds")
}

fn job_batch(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let options = GenerateOptions {
        subscribers: SUBSCRIBERS,
        candidates: DEFAULT_BATCH_SIZE as usize,
        seed: 7,
        out_dir: dir.path().to_path_buf(),
        format: Format::Csv,
    };
    generate(&options).expect("the workload generates");
    let profile = Profile::default();
    let factory = kyc_match::Factory::default();
    let known = factory.candidate_columns();
    let mut candidates = open_reader(&dir.path().join("candidates.csv"), None, DEFAULT_BATCH_SIZE as usize, &known)
        .expect("the candidates open");
    let path = dir.path().join("candidates.csv");
    let selection = Selection::resolve(&path, candidates.headers(), &profile.columns.candidates, &known, Some(b','))
        .expect("the candidates' columns resolve");
    let batch: InputBatch = candidates.next_batch().expect("a batch reads").expect("a batch");
    let needs = factory.extract_needs(&selection);
    let extract = dir.path().join("extract.csv");

    let mut group = c.benchmark_group("job");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(SUBSCRIBERS as u64));
    group.bench_function(format!("index build, {SUBSCRIBERS} subscribers"), |b| {
        b.iter(|| index(&extract, &profile, &needs).len())
    });

    let index = index(&extract, &profile, &needs);
    let mut job = factory.bind(&index, &profile, &selection, Vec::new()).expect("the job binds");
    job.train(std::slice::from_ref(&batch)).expect("the model trains");
    let template = Summary::new(factory.name(), job.counted_columns());
    let answer = || job.process(&batch, 1, &mut template.empty_like()).expect("the batch is answered").num_rows();
    // The first call writes the answers kept from training; the measured ones compare.
    answer();
    group.throughput(Throughput::Elements(batch.len() as u64));
    group.bench_function(format!("kyc match, one batch of {} requests", batch.len()), |b| b.iter(answer));
    group.finish();
}

criterion_group!(benches, job_batch);
criterion_main!(benches);
