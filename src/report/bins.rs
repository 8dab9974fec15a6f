//! Fixed-resolution counts of one score column, accumulated a row at a time, so that an
//! analysis holds a few thousand bins whatever the number of rows.
//!
//! A bin holds the rows whose score lies between two consecutive cut-offs, so the counts at
//! every cut-off are exact ("accept when the score is at least the cut-off"):
//! - integer scores (`identityMatchScore`, every `<attr>MatchScore`): one bin per value;
//! - `matchWeight`: tenths of a bit (its values carry four decimals);
//! - `matchProbability`: tenths of a bit of its logit (`log2(p / (1 - p))`, the match weight
//!   it came from), so that 0.999 and 0.9999 stay apart where operators set cut-offs; its
//!   cut-offs are the probabilities at those weights, to six decimals, as the column is
//!   written.

use super::types::Cutoff;

/// How a score column's values are cut into bins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binning {
    /// One bin per integer.
    Integers,
    /// Tenths of the value.
    Tenths,
    /// Tenths of the value's logit (base 2); the value is a probability.
    LogitTenths,
}

/// The logit of a probability of 0 or 1 is infinite; and six decimals hold no weight beyond
/// about 21 bits (every higher weight is written 1, every lower one 0): such values join the
/// bins at this weight.
const LOGIT_LIMIT: f64 = 21.0;

impl Binning {
    /// The binning of a score column kyclink writes.
    pub fn of(column: &str) -> Binning {
        match column {
            "matchWeight" => Binning::Tenths,
            "matchProbability" => Binning::LogitTenths,
            _ => Binning::Integers,
        }
    }

    /// The bin of `value`: the highest whose cut-off it reaches.
    pub fn bin(self, value: f64) -> i64 {
        match self {
            Binning::Integers => value.floor() as i64,
            Binning::Tenths => (value * 10.0 + 1e-9).floor() as i64,
            Binning::LogitTenths => {
                let logit = (value / (1.0 - value)).log2().clamp(-LOGIT_LIMIT, LOGIT_LIMIT);
                let mut bin = (logit * 10.0).floor() as i64;
                // The cut-offs are rounded to six decimals: place the value by them.
                while value < self.cutoff(bin) && bin > -(LOGIT_LIMIT as i64 * 10) {
                    bin -= 1;
                }
                while value >= self.cutoff(bin + 1) && bin < LOGIT_LIMIT as i64 * 10 {
                    bin += 1;
                }
                bin
            }
        }
    }

    /// The cut-off of bin `bin`: the lowest score it holds.
    pub fn cutoff(self, bin: i64) -> f64 {
        match self {
            Binning::Integers => bin as f64,
            Binning::Tenths => bin as f64 / 10.0,
            Binning::LogitTenths => {
                let probability = 1.0 / (1.0 + (-(bin as f64) / 10.0).exp2());
                (probability * 1e6).round() / 1e6
            }
        }
    }

    /// Where bin `bin` sits on the axis its shape is best seen on (the weight, for a
    /// probability): histograms and valleys are computed there, so that `matchWeight` and
    /// `matchProbability`, one ranking, get one shape.
    pub fn axis(self, bin: i64) -> f64 {
        match self {
            Binning::Integers => bin as f64,
            Binning::Tenths | Binning::LogitTenths => bin as f64 / 10.0,
        }
    }

    /// Whether the cut-offs are integers.
    pub fn integers(self) -> bool {
        self == Binning::Integers
    }
}

/// What one bin counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    /// Rows.
    pub rows: u64,
    /// Of them, the subscriber's own (with labels).
    pub owners: u64,
    /// The sum of their `matchProbability` (when the file has it).
    pub probability: f64,
    /// Rows per label kind, by kind number.
    pub kinds: Vec<u64>,
}

/// The bins of one score column, dense between the lowest and highest bin seen.
#[derive(Debug, Clone)]
pub struct ScoreBins {
    binning: Binning,
    /// The bin number of `counts[0]`.
    first: i64,
    counts: Vec<Counts>,
}

/// One scored row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scored {
    /// Whether it was the subscriber's own (with labels).
    pub owner: bool,
    /// Its `matchProbability`, if the file has one.
    pub probability: Option<f64>,
    /// Its label kind's number, if any.
    pub kind: Option<usize>,
}

impl ScoreBins {
    /// Empty bins of `binning`.
    pub fn new(binning: Binning) -> ScoreBins {
        ScoreBins { binning, first: 0, counts: Vec::new() }
    }

    /// The binning.
    pub fn binning(&self) -> Binning {
        self.binning
    }

    /// Counts one row scoring `value`.
    pub fn add(&mut self, value: f64, row: Scored) {
        let counts = self.at(self.binning.bin(value));
        counts.rows += 1;
        counts.owners += u64::from(row.owner);
        counts.probability += row.probability.unwrap_or(0.0);
        if let Some(kind) = row.kind {
            if counts.kinds.len() <= kind {
                counts.kinds.resize(kind + 1, 0);
            }
            counts.kinds[kind] += 1;
        }
    }

    fn at(&mut self, bin: i64) -> &mut Counts {
        if self.counts.is_empty() {
            self.first = bin;
        } else if bin < self.first {
            let missing = (self.first - bin) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(Counts::default(), missing));
            self.first = bin;
        }
        let index = (bin - self.first) as usize;
        if index >= self.counts.len() {
            self.counts.resize(index + 1, Counts::default());
        }
        &mut self.counts[index]
    }

    /// Rows counted.
    pub fn rows(&self) -> u64 {
        self.counts.iter().map(|c| c.rows).sum()
    }

    /// The non-empty bins, highest first, as (cut-off, axis position, counts); bins whose
    /// rounded cut-offs coincide are one.
    pub fn bins(&self) -> Vec<(f64, f64, Counts)> {
        let mut bins: Vec<(f64, f64, Counts)> = Vec::new();
        for (i, counts) in self.counts.iter().enumerate().rev().filter(|(_, c)| c.rows > 0) {
            let bin = self.first + i as i64;
            let cutoff = self.binning.cutoff(bin);
            match bins.last_mut() {
                Some((last, _, merged)) if *last == cutoff => {
                    merged.rows += counts.rows;
                    merged.owners += counts.owners;
                    merged.probability += counts.probability;
                    if merged.kinds.len() < counts.kinds.len() {
                        merged.kinds.resize(counts.kinds.len(), 0);
                    }
                    merged.kinds.iter_mut().zip(&counts.kinds).for_each(|(m, c)| *m += c);
                }
                _ => bins.push((cutoff, self.binning.axis(bin), counts.clone())),
            }
        }
        bins
    }

    /// One [`Cutoff`] per non-empty bin, highest first: what accepting at its cut-off
    /// means. `labelled`: the label metrics; `estimates`: the Fellegi-Sunter estimates from
    /// the probabilities.
    pub fn cutoffs(&self, labelled: bool, estimates: bool) -> Vec<Cutoff> {
        let bins = self.bins();
        let rows: u64 = bins.iter().map(|(_, _, c)| c.rows).sum();
        let owners: u64 = bins.iter().map(|(_, _, c)| c.owners).sum();
        let probability: f64 = bins.iter().map(|(_, _, c)| c.probability).sum();
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        let (mut accepted, mut true_positives, mut accepted_probability) = (0u64, 0u64, 0.0);
        bins.iter()
            .map(|(cutoff, axis, counts)| {
                accepted += counts.rows;
                true_positives += counts.owners;
                accepted_probability += counts.probability;
                let false_positives = accepted - true_positives;
                let (tp, fp, a) = (true_positives as f64, false_positives as f64, accepted as f64);
                Cutoff {
                    cutoff: *cutoff,
                    axis: *axis,
                    rows_at_cutoff: counts.rows,
                    accepted,
                    match_rate: ratio(a, rows as f64).unwrap_or(0.0),
                    true_positives: labelled.then_some(true_positives),
                    false_positives: labelled.then_some(false_positives),
                    precision: labelled.then(|| ratio(tp, a)).flatten(),
                    recall: labelled.then(|| ratio(tp, owners as f64)).flatten(),
                    f1: labelled.then(|| ratio(2.0 * tp, a + owners as f64)).flatten(),
                    false_positive_rate: labelled.then(|| ratio(fp, (rows - owners) as f64)).flatten(),
                    estimated_fdr: estimates.then(|| ratio(a - accepted_probability, a)).flatten(),
                    estimated_fnr: estimates.then(|| ratio(probability - accepted_probability, probability)).flatten(),
                }
            })
            .collect()
    }

    /// Rows per kind number at or above `cutoff`, and in all.
    pub fn kinds_at(&self, cutoff: f64) -> Vec<(u64, u64)> {
        let mut kinds: Vec<(u64, u64)> = Vec::new();
        for (at, _, counts) in self.bins() {
            if kinds.len() < counts.kinds.len() {
                kinds.resize(counts.kinds.len(), (0, 0));
            }
            for (k, &n) in kinds.iter_mut().zip(&counts.kinds) {
                k.1 += n;
                if at >= cutoff {
                    k.0 += n;
                }
            }
        }
        kinds
    }

    /// Rows at or above `cutoff`.
    pub fn accepted_at(&self, cutoff: f64) -> u64 {
        self.bins().iter().filter(|(at, _, _)| *at >= cutoff).map(|(_, _, c)| c.rows).sum()
    }

    /// Adds another column's bins of the same binning.
    pub fn merge(&mut self, other: &ScoreBins) {
        for (i, counts) in other.counts.iter().enumerate().filter(|(_, c)| c.rows > 0) {
            let target = self.at(other.first + i as i64);
            target.rows += counts.rows;
            target.owners += counts.owners;
            target.probability += counts.probability;
            if target.kinds.len() < counts.kinds.len() {
                target.kinds.resize(counts.kinds.len(), 0);
            }
            target.kinds.iter_mut().zip(&counts.kinds).for_each(|(t, c)| *t += c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cut_off_counts_exactly_the_rows_at_or_above_it() {
        let mut weights = ScoreBins::new(Binning::Tenths);
        for value in [0.3, 0.2999, -0.05, 12.0, 0.35] {
            weights.add(value, Scored::default());
        }
        let cutoffs: Vec<(f64, u64)> = weights.cutoffs(false, false).iter().map(|c| (c.cutoff, c.accepted)).collect();
        assert_eq!(cutoffs, [(12.0, 1), (0.3, 3), (0.2, 4), (-0.1, 5)]);
        assert_eq!(weights.accepted_at(0.3), 3);
    }

    #[test]
    fn probabilities_are_cut_on_their_weight_at_six_decimals() {
        let binning = Binning::LogitTenths;
        assert_eq!(binning.cutoff(0), 0.5);
        assert_eq!(binning.cutoff(100), 0.999024);
        for p in [0.5, 0.999024, 0.999023, 0.123456, 0.999999, 1.0, 0.0] {
            let bin = binning.bin(p);
            assert!(p >= binning.cutoff(bin), "{p}");
            assert!(p < binning.cutoff(bin + 1) || binning.cutoff(bin + 1) == 1.0, "{p}");
        }
        let mut probabilities = ScoreBins::new(binning);
        for p in [1.0, 1.0, 0.999999, 0.5] {
            probabilities.add(p, Scored { probability: Some(p), ..Scored::default() });
        }
        // Every weight from 21 bits up rounds to a probability of 1: one cut-off.
        let cutoffs: Vec<(f64, u64)> =
            probabilities.cutoffs(false, true).iter().map(|c| (c.cutoff, c.accepted)).collect();
        assert_eq!(cutoffs, [(1.0, 2), (0.999999, 3), (0.5, 4)]);
    }

    #[test]
    fn labels_kinds_and_merges() {
        let mut a = ScoreBins::new(Binning::Integers);
        a.add(90.0, Scored { owner: true, kind: Some(0), ..Scored::default() });
        a.add(40.0, Scored { owner: false, kind: Some(1), ..Scored::default() });
        let mut b = ScoreBins::new(Binning::Integers);
        b.add(100.0, Scored { owner: true, kind: Some(0), ..Scored::default() });
        a.merge(&b);
        let cutoffs = a.cutoffs(true, false);
        assert_eq!(cutoffs.iter().map(|c| c.cutoff).collect::<Vec<_>>(), [100.0, 90.0, 40.0]);
        assert_eq!((cutoffs[1].precision, cutoffs[1].recall), (Some(1.0), Some(1.0)));
        assert_eq!(a.kinds_at(50.0), [(2, 2), (0, 1)]);
        assert_eq!(a.rows(), 3);
    }
}
