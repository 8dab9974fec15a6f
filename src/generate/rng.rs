//! The generator's randomness: one independent stream per row, keyed by (seed, table, row),
//! so any row can be re-derived alone (a candidate re-derives its subscriber) and chunks of
//! rows can be generated in any order, on any number of threads, with the same result.

use crate::rng::SplitMix64;

/// What a stream generates; part of its key, so that subscriber 7 and candidate 7 differ.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    /// Rows of the extract.
    Subscriber = 1,
    /// Rows of the candidates.
    Candidate = 2,
    /// The keys of the phone-number permutation.
    Numbers = 3,
}

/// The random draws of one row.
pub(super) struct Rng(SplitMix64);

impl Rng {
    /// The stream of row `index` of `stream` under `seed`.
    pub(super) fn new(seed: u64, stream: Stream, index: u64) -> Rng {
        Rng(SplitMix64::stream(seed, ((stream as u64) << 56) ^ index))
    }

    /// The next 64 random bits.
    pub(super) fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform index in `0..n` (`n` > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }

    /// A uniform number in `low..=high`.
    pub(super) fn range(&mut self, low: u32, high: u32) -> u32 {
        low + self.0.below(u64::from(high - low) + 1) as u32
    }

    /// A uniform number in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        self.0.unit()
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.0.unit() < p
    }

    /// A uniformly chosen item of a non-empty slice.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A uniformly chosen copy of an item of a non-empty slice.
    pub(super) fn choose<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index into `weights`, drawn in proportion to them.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut draw = self.range(0, total - 1);
        for (i, &weight) in weights.iter().enumerate() {
            if draw < weight {
                return i;
            }
            draw -= weight;
        }
        weights.len() - 1
    }

    /// Appends `n` random decimal digits.
    pub(super) fn push_digits(&mut self, n: usize, out: &mut String) {
        self.push_from(b"0123456789", n, out);
    }

    /// Appends `n` characters drawn from the ASCII `alphabet`.
    pub(super) fn push_from(&mut self, alphabet: &[u8], n: usize, out: &mut String) {
        for _ in 0..n {
            out.push(char::from(self.choose(alphabet)));
        }
    }
}

/// How many distinct subscriber numbers a country can have: the permutation's domain.
pub(super) const NUMBER_SPACE: u64 = 100_000_000;

/// A keyed bijection of `0..NUMBER_SPACE`: a four-round Feistel network on 28 bits, walked
/// until it lands in the domain. Subscriber `j` gets the national digits `permute(j)`, so
/// numbers look random yet never collide, and `permute(j)` for `j >= subscribers` is a
/// valid number that is certainly not in the extract.
pub(super) struct Permutation([u64; 4]);

impl Permutation {
    /// The permutation of `seed`.
    pub(super) fn new(seed: u64) -> Permutation {
        let mut rng = Rng::new(seed, Stream::Numbers, 0);
        Permutation([rng.next_u64(), rng.next_u64(), rng.next_u64(), rng.next_u64()])
    }

    /// The image of `x` (< `NUMBER_SPACE`).
    pub(super) fn apply(&self, mut x: u64) -> u64 {
        const HALF: u32 = 14;
        const MASK: u64 = (1 << HALF) - 1;
        debug_assert!(x < NUMBER_SPACE);
        loop {
            let (mut left, mut right) = (x >> HALF, x & MASK);
            for key in self.0 {
                let round = SplitMix64::stream(key, right).next_u64() & MASK;
                (left, right) = (right, left ^ round);
            }
            x = (left << HALF) | right;
            if x < NUMBER_SPACE {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection_on_a_prefix() {
        let permutation = Permutation::new(42);
        let mut seen = std::collections::HashSet::new();
        for x in 0..200_000 {
            let y = permutation.apply(x);
            assert!(y < NUMBER_SPACE);
            assert!(seen.insert(y), "{x} collides");
        }
        assert_ne!(Permutation::new(43).apply(5), permutation.apply(5));
    }

    #[test]
    fn weighted_follows_weights() {
        let mut rng = Rng::new(1, Stream::Candidate, 0);
        let mut counts = [0; 3];
        for _ in 0..30_000 {
            counts[rng.weighted(&[1, 0, 2])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
    }
}
