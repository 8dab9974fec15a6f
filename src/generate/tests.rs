//! The generator's engine: chunks built on any pool arrive in order, and errors stop it.

use super::*;

#[test]
fn rows_arrive_in_order_whatever_the_pool() {
    for threads in [1, 2, 3, 5] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let mut seen = Vec::new();
        pool.install(|| {
            produce(1000, 7, Ok, |rows| {
                seen.extend(rows);
                Ok(())
            })
        })
        .unwrap();
        assert_eq!(seen, (0..1000).collect::<Vec<_>>(), "{threads} threads");
    }
}

#[test]
fn errors_stop_production() {
    let full = || Error::Usage("disk full".to_string());
    let mut calls = 0;
    let failed = produce(1000, 7, Ok, |_| {
        calls += 1;
        Err(full())
    });
    assert!(matches!(failed, Err(Error::Usage(_))));
    assert_eq!(calls, 1);
    let failed = produce(1000, 7, |rows| if rows.start >= 500 { Err(full()) } else { Ok(rows) }, |_| Ok(()));
    assert!(matches!(failed, Err(Error::Usage(_))));
}

#[test]
fn refuses_what_it_cannot_generate() {
    let dir = tempfile::tempdir().unwrap();
    let options = |subscribers, candidates, format| GenerateOptions {
        subscribers,
        candidates,
        seed: 1,
        out_dir: dir.path().to_path_buf(),
        format,
    };
    assert!(matches!(generate(&options(10, 10, Format::Ndjson)), Err(Error::Usage(_))));
    assert!(matches!(generate(&options(0, 10, Format::Csv)), Err(Error::Usage(_))));
    assert!(matches!(generate(&options(MAX_SUBSCRIBERS + 1, 0, Format::Csv)), Err(Error::Usage(_))));
    let report = generate(&options(0, 0, Format::Csv)).unwrap();
    assert_eq!(report.files.len(), 3);
    assert!(report.files.iter().all(|f| f.exists()));
}
