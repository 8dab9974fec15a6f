//! What the linkage model of a KYC Match run learns from the extract: the starting u
//! probabilities, from random pairs of different subscribers (what two strangers' values look
//! like side by side), and how common each given name, family name and locality is. EM over
//! the batch's own comparison patterns then estimates the three classes (kyc_match).

use crate::aggregate::comparison::{Comparison, Evidence, RowEvidence};
use crate::aggregate::fellegi_sunter::estimate_u;
use crate::aggregate::term_frequency::{Term, TermFrequencies, ValueCounts};
use crate::index::SubscriberIndex;
use crate::rng::SplitMix64;
use crate::similarity::{Comparator, JaroWinkler};
use crate::spec::Attribute;
use rayon::prelude::*;

/// Random subscriber pairs sampled for u. The estimates are EM's starting point, which
/// refines u on the batch: on generated workloads of 20,000 to 1,000,000 rows, 50,000 and
/// 200,000 pairs trained models whose m and u differ by less than 1e-8, with the same AUC and
/// F1 (BENCHMARKS.md), at a quarter of the cost.
pub const U_PAIRS: usize = 50_000;
const CHUNK: usize = 10_000;

/// u per comparison and level, from pairs of different subscribers: every pair when the
/// extract has at most `pairs` of them, else `pairs` random ones; the same `seed` gives the
/// same estimates whatever the thread count.
pub fn u_from_extract(index: &SubscriberIndex, comparisons: &[Comparison], pairs: usize, seed: u64) -> Vec<Vec<f64>> {
    let subscribers = index.len() as u64;
    let all_pairs = subscribers * subscribers.saturating_sub(1);
    let (pairs, exhaustive) = if all_pairs <= pairs as u64 { (all_pairs as usize, true) } else { (pairs, false) };
    let attributes: Vec<Attribute> = comparisons.iter().flat_map(|c| c.attributes()).copied().collect();
    let evidence = |a: u64, b: u64| -> RowEvidence {
        let (a, b) = (index.subscriber(a as u32), index.subscriber(b as u32));
        let mut row = RowEvidence::default();
        for &attribute in &attributes {
            if let (Some(x), Some(y)) = (a.values(attribute).next(), b.values(attribute).next()) {
                row.attributes[attribute.index()] =
                    Evidence::between(attribute, x, y, |x, y| JaroWinkler.similarity(x, y));
            }
        }
        row
    };
    let chunks: Vec<Vec<RowEvidence>> = (0..pairs.div_ceil(CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let mut rng = SplitMix64::stream(seed, chunk as u64);
            (chunk * CHUNK..pairs.min((chunk + 1) * CHUNK))
                .map(|pair| {
                    let (a, shift) = if exhaustive {
                        (pair as u64 / (subscribers - 1), pair as u64 % (subscribers - 1))
                    } else {
                        (rng.below(subscribers), rng.below(subscribers - 1))
                    };
                    // Any other subscriber: shift by 1..n-1.
                    evidence(a, (a + 1 + shift) % subscribers)
                })
                .collect()
        })
        .collect();
    estimate_u(comparisons, chunks.into_iter().flatten())
}

/// Subscribers counted per parallel task.
const COUNT_CHUNK: usize = 65_536;

/// How common each value of the terms' attributes is among the extract's answered subscribers
/// (every value of a multi-valued cell counts; a subscription answered SERVICE_NOT_APPLICABLE
/// is compared with nothing, and leaving it out makes the counts independent of which of a
/// duplicated number's rows came first); a term whose attribute the index does not hold
/// adjusts nothing.
pub fn term_frequencies(index: &SubscriberIndex) -> TermFrequencies {
    TermFrequencies::new(term_counts(index))
}

/// The counts behind [`term_frequencies`], per term in [`Term::ALL`] order. They are
/// integers, so they do not depend on the threads, and the counts of parts of an extract add
/// up to the whole's (a Spark job counts per partition).
pub fn term_counts(index: &SubscriberIndex) -> [ValueCounts; 3] {
    let subscribers = index.len();
    let chunks: Vec<[ValueCounts; 3]> = (0..subscribers.div_ceil(COUNT_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let mut counts: [ValueCounts; 3] = Default::default();
            for row in chunk * COUNT_CHUNK..subscribers.min((chunk + 1) * COUNT_CHUNK) {
                if !index.is_applicable(row as u32) {
                    continue;
                }
                let subscriber = index.subscriber(row as u32);
                for (term, counts) in Term::ALL.iter().zip(counts.iter_mut()) {
                    subscriber.values(term.attribute()).for_each(|value| counts.add(value));
                }
            }
            counts
        })
        .collect();
    let mut counts: [ValueCounts; 3] = Default::default();
    for chunk in chunks {
        for (total, part) in counts.iter_mut().zip(chunk) {
            total.merge(part);
        }
    }
    counts
}
