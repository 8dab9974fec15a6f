//! Fellegi-Sunter training inputs for a KYC Match run: the starting u probabilities, from
//! random pairs of different subscribers of the extract (what two strangers' values look like
//! side by side). EM over the batch's own comparison patterns then estimates m and the prior
//! and refines u (kyc_match).

use crate::aggregate::fellegi_sunter::{Comparison, Evidence, estimate_u};
use crate::index::SubscriberIndex;
use crate::rng::SplitMix64;
use crate::similarity::{Comparator, JaroWinkler};
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
    let evidence = |a: u64, b: u64| -> Vec<Evidence> {
        let (a, b) = (index.subscriber(a as u32), index.subscriber(b as u32));
        comparisons
            .iter()
            .map(|c| match (a.values(c.attribute).next(), b.values(c.attribute).next()) {
                (Some(x), Some(y)) => Evidence::between(c.attribute, x, y, |x, y| JaroWinkler.similarity(x, y)),
                _ => Evidence::Missing,
            })
            .collect()
    };
    let chunks: Vec<Vec<Vec<Evidence>>> = (0..pairs.div_ceil(CHUNK))
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
