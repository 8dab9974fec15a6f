//! How common each value of a name or a locality is among the subscribers, for the
//! term-frequency adjustment of the linkage model (as Splink's): agreeing on a rare family
//! name is far stronger evidence against a stranger than agreeing on "García".
//!
//! For a value `v` held by a share `tf(v)` of the subscribers, a random stranger agrees on
//! it with probability `tf(v)`, while the model's average chance that a stranger agrees
//! exactly was learnt over all values, `Σ tf²` for random pairs. The stranger's likelihood of
//! an exact agreement on `v` is therefore scaled by `tf(v) / Σ tf²` ([`TermFrequencies::ratio`]):
//! above 1 for common values, below 1 for rare ones.

use crate::spec::Attribute;
use foldhash::fast::FixedState;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

/// Counts by a 64-bit hash of the value: no string kept or compared (two values of one term
/// sharing a hash, about one chance in 10^10 for 100,000 distinct values, would share a count).
type Counts = HashMap<u64, u32, BuildHasherDefault<Prehashed>>;

/// The hash of a value.
fn hash(value: &str) -> u64 {
    FixedState::default().hash_one(value)
}

/// Keys that are hashes already pass through.
#[derive(Debug, Default, Clone, Copy)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// The attributes whose values' frequencies adjust the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    /// The given name.
    GivenName,
    /// The family name.
    FamilyName,
    /// The locality of the home.
    Locality,
}

impl Term {
    /// Every term, in the order of [`TermFrequencies`]' tables.
    pub const ALL: [Term; 3] = [Term::GivenName, Term::FamilyName, Term::Locality];

    /// The attribute whose values it counts.
    pub fn attribute(self) -> Attribute {
        match self {
            Term::GivenName => Attribute::GivenName,
            Term::FamilyName => Attribute::FamilyName,
            Term::Locality => Attribute::Locality,
        }
    }

    /// The term of an attribute, if it has one.
    pub fn of(attribute: Attribute) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.attribute() == attribute)
    }
}

/// Counts of normalised values of one term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValueCounts {
    counts: Counts,
    total: u64,
}

impl ValueCounts {
    /// Counts one value.
    pub fn add(&mut self, value: &str) {
        self.total += 1;
        *self.counts.entry(hash(value)).or_default() += 1;
    }

    /// The counts, by the value's hash, to ship elsewhere (a Spark task) and rebuild with
    /// [`ValueCounts::from_entries`].
    pub fn entries(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.counts.iter().map(|(&hash, &count)| (hash, count))
    }

    /// Counts made elsewhere, by hash ([`ValueCounts::entries`]); a hash given twice adds up.
    pub fn from_entries(entries: impl IntoIterator<Item = (u64, u32)>) -> ValueCounts {
        let mut counts = ValueCounts::default();
        for (hash, count) in entries {
            counts.total += u64::from(count);
            *counts.counts.entry(hash).or_default() += count;
        }
        counts
    }

    /// Merges counts made elsewhere (another chunk of subscribers).
    pub fn merge(&mut self, other: ValueCounts) {
        self.total += other.total;
        for (value, count) in other.counts {
            *self.counts.entry(value).or_default() += count;
        }
    }
}

/// Per term, each value's ratio `tf(v) / Σ tf²`.
#[derive(Debug, Clone, Default)]
pub struct TermFrequencies {
    tables: [Table; 3],
}

#[derive(Debug, Clone, Default)]
struct Table {
    counts: Counts,
    /// `1 / (total × Σ tf²)`: a value's ratio is its count times this.
    scale: f64,
}

impl TermFrequencies {
    /// The frequencies of counted values, per term (in [`Term::ALL`] order); a term without
    /// counts adjusts nothing.
    pub fn new(counts: [ValueCounts; 3]) -> TermFrequencies {
        TermFrequencies {
            tables: counts.map(|ValueCounts { counts, total }| {
                let total = total as f64;
                let sum_squares: f64 = counts.values().map(|&c| (f64::from(c) / total).powi(2)).sum();
                let scale = if total > 0.0 { 1.0 / (total * sum_squares) } else { 0.0 };
                Table { counts, scale }
            }),
        }
    }

    /// The factor by which a stranger's chance of agreeing exactly on `value` exceeds the
    /// average exact agreement: `tf(v) / Σ tf²`. A value no subscriber holds counts as held
    /// by one; without counts, 1.
    pub fn ratio(&self, term: Term, value: &str) -> f32 {
        let table = &self.tables[term as usize];
        if table.scale == 0.0 {
            return 1.0;
        }
        let count = table.counts.get(&hash(value)).copied().unwrap_or(1).max(1);
        (f64::from(count) * table.scale) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_values_weigh_less_than_rare_ones() {
        let mut family = ValueCounts::default();
        for (value, n) in [("garcia", 60), ("lopez", 30), ("zubizarreta", 1)] {
            (0..n).for_each(|_| family.add(value));
        }
        let mut split = ValueCounts::default();
        split.add("garcia");
        let mut rest = ValueCounts::default();
        (0..59).for_each(|_| rest.add("garcia"));
        (0..30).for_each(|_| rest.add("lopez"));
        rest.add("zubizarreta");
        split.merge(rest);
        assert_eq!(split, family);
        assert_eq!(ValueCounts::from_entries(family.entries().collect::<Vec<_>>()), family);
        let frequencies = TermFrequencies::new([ValueCounts::default(), family, ValueCounts::default()]);
        // Σ tf² = (60² + 30² + 1²) / 91²; tf(garcia) = 60 / 91.
        let sum_squares = (3600.0 + 900.0 + 1.0) / 8281.0;
        let garcia = frequencies.ratio(Term::FamilyName, "garcia");
        assert!((f64::from(garcia) - (60.0 / 91.0) / sum_squares).abs() < 1e-5, "{garcia}");
        assert!(frequencies.ratio(Term::FamilyName, "zubizarreta") < 0.05);
        assert_eq!(frequencies.ratio(Term::FamilyName, "unheard"), frequencies.ratio(Term::FamilyName, "zubizarreta"));
        assert_eq!(frequencies.ratio(Term::GivenName, "ana"), 1.0);
        assert_eq!(Term::of(Attribute::Locality), Some(Term::Locality));
    }
}
