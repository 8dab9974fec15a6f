//! Normalisation of realistic extract values, per attribute kind: what the index build pays
//! for every cell of the extract and scoring for every request value (BENCHMARKS.md).
//!
//! Run: `cargo bench --bench normalize`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kyclink::normalize::{Normalizer, TextProfile};
use kyclink::spec::Kind;
use std::hint::black_box;

/// Values as operators' extracts hold them: ASCII and accented Latin, Dutch prefixes, kana,
/// codes, documents, e-mails.
const VALUES: &[(Kind, &str)] = &[
    (Kind::Text, "Maria"),
    (Kind::Text, "José Antonio"),
    (Kind::FamilyName, "García López"),
    (Kind::FamilyName, "van der Berg"),
    (Kind::FamilyName, "Müller-Lüdenscheidt"),
    (Kind::FullName, "Jean-Luc Pierre Lefèvre"),
    (Kind::FullName, "ヤマダ　タロウ"),
    (Kind::FullName, "ﾔﾏﾀﾞ ﾀﾛｳ"),
    (Kind::FullAddress, "Avenue des Champs-Élysées 85 Apt 21"),
    (Kind::FullAddress, "221B Baker Street"),
    (Kind::Text, "Sevilla"),
    (Kind::Text, "Auvergne-Rhône-Alpes"),
    (Kind::Code, "ES"),
    (Kind::Code, "national_id_card"),
    (Kind::PostalCode, "1234 AB"),
    (Kind::Document, "X-1234567-L"),
    (Kind::BankAccount, "IBAN:NL59 ABNA 0123 4567 89"),
    (Kind::Email, "Ana.Perez@Mail.example.ES"),
    (Kind::Date, "1989-10-05"),
];

fn normalisation(c: &mut Criterion) {
    let bytes: usize = VALUES.iter().map(|(_, v)| v.len()).sum();
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, profile) in [("mobile-connect", TextProfile::MobileConnect), ("nl", TextProfile::Nl)] {
        let normalizer = Normalizer::new(profile, true);
        let mut out = String::with_capacity(1024);
        group.bench_function(format!("{name}: {} values, ordered and reordered", VALUES.len()), |b| {
            b.iter(|| {
                out.clear();
                for &(kind, value) in VALUES {
                    normalizer.forms_into(kind, black_box(value), &mut out);
                }
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2));
    targets = normalisation
}
criterion_main!(benches);
