//! The numbers drawn from a score's cut-offs: pure functions of [`Cutoff`]s and [`Bin`]s,
//! with no knowledge of files or polars.

use super::types::{Bin, Cutoff};

/// The trapezoid area under the ROC curve through (0, 0) and one point per distinct cut-off.
/// Rows that tie on a score share a point, so a tie between an owner and a non-owner adds a
/// diagonal step worth half: the Mann-Whitney U / (owners x non-owners). None without both
/// owners and non-owners.
pub fn roc_auc(cutoffs: &[Cutoff]) -> Option<f64> {
    let mut previous = (0.0, 0.0);
    let mut area = 0.0;
    for cutoff in cutoffs {
        let point = (cutoff.false_positive_rate?, cutoff.recall?);
        area += (point.0 - previous.0) * (point.1 + previous.1) / 2.0;
        previous = point;
    }
    (!cutoffs.is_empty()).then_some(area)
}

/// Average precision: Σ (recall_k - recall_{k-1}) x precision_k over the distinct cut-offs,
/// highest first (scikit-learn's definition, which does not interpolate).
pub fn average_precision(cutoffs: &[Cutoff]) -> Option<f64> {
    let mut previous = 0.0;
    let mut area = 0.0;
    for cutoff in cutoffs {
        let recall = cutoff.recall?;
        area += (recall - previous) * cutoff.precision?;
        previous = recall;
    }
    (!cutoffs.is_empty()).then_some(area)
}

/// The cut-off of the highest F1; of equal ones, the highest cut-off (the fewest acceptances).
pub fn best_f1(cutoffs: &[Cutoff]) -> Option<&Cutoff> {
    let mut best: Option<&Cutoff> = None;
    for cutoff in cutoffs {
        let f1 = cutoff.f1?;
        if best.and_then(|b| b.f1).is_none_or(|b| f1 > b) {
            best = Some(cutoff);
        }
    }
    best
}

/// The lowest cut-off whose precision reaches `target` (the most recall at that precision).
pub fn lowest_at_precision(cutoffs: &[Cutoff], target: f64) -> Option<&Cutoff> {
    cutoffs.iter().rev().find(|c| c.precision.is_some_and(|p| p >= target))
}

/// The histogram of the rows behind `cutoffs`, on their axis (the weight, for a probability):
/// about 30 bins of a round width (1, 2 or 5 times a power of ten), aligned on multiples of
/// it, so 0..100 gets bins of 5 and 100 its own bin.
pub fn histogram(cutoffs: &[Cutoff]) -> Vec<Bin> {
    let (Some(low), Some(high)) = (cutoffs.last(), cutoffs.first()) else { return Vec::new() };
    let width = round_width((high.axis - low.axis) / 30.0);
    let start = (low.axis / width + 1e-9).floor() * width;
    let count = ((high.axis - start) / width + 1e-9).floor() as usize + 1;
    let edge = |i: usize| round_to_width(start + i as f64 * width, width);
    let mut bins: Vec<Bin> = (0..count).map(|i| Bin { from: edge(i), to: edge(i + 1), rows: 0 }).collect();
    for cutoff in cutoffs {
        let i = (((cutoff.axis - start) / width + 1e-9).floor() as usize).min(count - 1);
        bins[i].rows += cutoff.rows_at_cutoff;
    }
    bins
}

/// `value` without the float noise of sums of `width`s (0.30000000000000004 is 0.3).
fn round_to_width(value: f64, width: f64) -> f64 {
    let decimals = (-width.log10().floor()).max(0.0) as i32 + 1;
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The smallest of 1, 2, 5 x 10^k that is at least `width` (1 for an empty range).
fn round_width(width: f64) -> f64 {
    if width.is_nan() || width <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(width.log10().floor());
    [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * power).find(|&w| w >= width * (1.0 - 1e-9)).unwrap_or(10.0 * power)
}

/// The valleys between the modes of a histogram, deepest first, at most three, as positions on
/// its axis ([`cutoff_at_or_above`] turns one into the cut-off that accepts the mode above).
///
/// The counts are smoothed with the kernel (1, 2, 1) / 4. A bin is a valley when its smoothed
/// count is no higher than its neighbours' and at most two thirds of the lower of the two peaks (the
/// highest smoothed bins on its left and on its right), and that lower peak holds at least 2
/// rows and 1% of all rows, so noise in a thin tail suggests nothing. A run of such bins is
/// one valley, at its lowest bin (the middle one on ties), whose middle is the position.
pub fn valleys(bins: &[Bin]) -> Vec<f64> {
    let n = bins.len();
    if n < 3 {
        return Vec::new();
    }
    let count = |i: usize| bins[i].rows as f64;
    let smooth: Vec<f64> =
        (0..n).map(|i| (count(i.saturating_sub(1)) + 2.0 * count(i) + count((i + 1).min(n - 1))) / 4.0).collect();
    let total: f64 = bins.iter().map(|b| b.rows as f64).sum();
    let peak = |range: &[f64]| range.iter().copied().fold(0.0, f64::max);
    let valley = |i: usize| {
        let lower_peak = peak(&smooth[..i]).min(peak(&smooth[i + 1..]));
        let is_valley = smooth[i] <= smooth[i - 1]
            && smooth[i] <= smooth[i + 1]
            && smooth[i] <= lower_peak * 2.0 / 3.0
            && lower_peak >= 2.0_f64.max(total / 100.0);
        is_valley.then_some(lower_peak - smooth[i])
    };
    let mut valleys: Vec<(f64, usize)> = Vec::new();
    let mut i = 1;
    while i < n - 1 {
        let Some(_) = valley(i) else {
            i += 1;
            continue;
        };
        let mut end = i;
        while end + 1 < n - 1 && valley(end + 1).is_some() {
            end += 1;
        }
        let lowest = smooth[i..=end].iter().copied().fold(f64::INFINITY, f64::min);
        let at_lowest: Vec<usize> = (i..=end).filter(|&j| smooth[j] == lowest).collect();
        let bin = at_lowest[at_lowest.len() / 2];
        valleys.push((valley(bin).unwrap_or(0.0), bin));
        i = end + 1;
    }
    valleys.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    valleys.into_iter().take(3).map(|(_, bin)| (bins[bin].from + bins[bin].to) / 2.0).collect()
}

/// The cut-off (of `cutoffs`, highest first) with the lowest axis position at or above
/// `position`: the one that accepts everything from there up.
pub fn cutoff_at_or_above(cutoffs: &[Cutoff], position: f64) -> Option<&Cutoff> {
    cutoffs.iter().rev().find(|c| c.axis >= position)
}

/// The cut-off of the highest F1 the model expects without labels: with `p` each row's
/// `matchProbability`, expected true positives Σ_accepted p, expected owners Σ_all p, so
/// F1 ≈ 2 Σ_accepted p / (accepted + Σ_all p). Needs the cut-offs' estimates.
pub fn estimated_best_f1(cutoffs: &[Cutoff]) -> Option<&Cutoff> {
    let last = cutoffs.last()?;
    let owners = last.accepted as f64 * (1.0 - last.estimated_fdr?);
    let estimated_f1 = |c: &Cutoff| {
        let true_positives = c.accepted as f64 * (1.0 - c.estimated_fdr.unwrap_or(1.0));
        2.0 * true_positives / (c.accepted as f64 + owners)
    };
    cutoffs.iter().fold(None, |best: Option<&Cutoff>, c| match best {
        Some(b) if estimated_f1(b) >= estimated_f1(c) => Some(b),
        _ => Some(c),
    })
}

/// The cut-off to use without labels: the model's estimated best F1 where the cut-offs have
/// Fellegi-Sunter estimates, else the deepest valley of the histogram.
pub fn suggested_without_labels(cutoffs: &[Cutoff]) -> Option<&Cutoff> {
    estimated_best_f1(cutoffs)
        .or_else(|| valleys(&histogram(cutoffs)).first().and_then(|&v| cutoff_at_or_above(cutoffs, v)))
}

/// The complementary error function, erfc(x) = 1 - erf(x), to a relative error below
/// 1.2e-7 (Numerical Recipes' Chebyshev fit).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let polynomial = -z * z - 1.26551223
        + t * (1.00002368
            + t * (0.37409196
                + t * (0.09678418
                    + t * (-0.18628806
                        + t * (0.27886807
                            + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
    let value = t * polynomial.exp();
    if x >= 0.0 { value } else { 2.0 - value }
}

/// The p-value of a chi-square statistic with `df` degrees of freedom (1 or 2: the tables
/// of drift's answers have at most three columns); 1 with none.
pub fn chi_square_p(statistic: f64, df: usize) -> f64 {
    match df {
        0 => 1.0,
        1 => erfc((statistic / 2.0).sqrt()),
        2 => (-statistic / 2.0).exp(),
        _ => unreachable!("at most three categories"),
    }
}

/// The Pearson chi-square test of homogeneity of two rows of counts: the statistic and its
/// p-value. Categories empty in both rows are left out.
pub fn chi_square(a: &[u64], b: &[u64]) -> (f64, f64) {
    let (total_a, total_b) = (a.iter().sum::<u64>() as f64, b.iter().sum::<u64>() as f64);
    if total_a == 0.0 || total_b == 0.0 {
        return (0.0, 1.0);
    }
    let total = total_a + total_b;
    let mut statistic = 0.0;
    let mut categories = 0;
    for (&x, &y) in a.iter().zip(b) {
        let column = (x + y) as f64;
        if column == 0.0 {
            continue;
        }
        categories += 1;
        for (observed, row) in [(x as f64, total_a), (y as f64, total_b)] {
            let expected = row * column / total;
            statistic += (observed - expected).powi(2) / expected;
        }
    }
    (statistic, chi_square_p(statistic, categories.max(1) - 1))
}

/// The two-sided p-value that two proportions `k1 / n1` and `k2 / n2` are equal (the pooled
/// z-test).
pub fn two_proportion_p(k1: u64, n1: u64, k2: u64, n2: u64) -> f64 {
    if n1 == 0 || n2 == 0 {
        return 1.0;
    }
    let (n1, n2) = (n1 as f64, n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1 + n2);
    let spread = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if spread == 0.0 {
        return 1.0;
    }
    let z = (k1 as f64 / n1 - k2 as f64 / n2) / spread;
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// The asymptotic p-value of a two-sample Kolmogorov-Smirnov statistic `d` for samples of
/// `n` and `m` values (Stephens' correction, as Numerical Recipes' `probks`).
pub fn ks_p(d: f64, n: u64, m: u64) -> f64 {
    if n == 0 || m == 0 {
        return 1.0;
    }
    let effective = ((n * m) as f64 / (n + m) as f64).sqrt();
    let lambda = (effective + 0.12 + 0.11 / effective) * d;
    let mut sum = 0.0;
    let mut sign = 1.0;
    for j in 1..=100 {
        let term = sign * 2.0 * (-2.0 * (j as f64).powi(2) * lambda * lambda).exp();
        sum += term;
        if term.abs() < 1e-10 {
            return sum.clamp(0.0, 1.0);
        }
        sign = -sign;
    }
    1.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::bins::{Binning, ScoreBins, Scored};

    /// Eight labelled rows with a tie between an owner and a non-owner at 70:
    ///
    /// | score | 90 | 80 | 70 | 70 | 60 | 50 | 40 | 40 |
    /// | owner | y  | y  | y  | n  | n  | y  | n  | n  |
    fn sample() -> Vec<Cutoff> {
        let mut bins = ScoreBins::new(Binning::Integers);
        let rows = [
            (90.0, true),
            (80.0, true),
            (70.0, true),
            (70.0, false),
            (60.0, false),
            (50.0, true),
            (40.0, false),
            (40.0, false),
        ];
        for (value, owner) in rows {
            bins.add(value, Scored { owner, ..Scored::default() });
        }
        bins.cutoffs(true, false)
    }

    #[test]
    fn auc_is_the_mann_whitney_statistic_with_ties_as_halves() {
        let cutoffs = sample();
        // Pairs (owner, non-owner) where the owner scores higher, ties counting half:
        // 90: 4, 80: 4, 70: 3 + 0.5 (the tie), 50: 2 (over both 40s); of 4 x 4 pairs.
        let mann_whitney = (4.0 + 4.0 + 3.5 + 2.0) / 16.0;
        let auc = roc_auc(&cutoffs).unwrap();
        assert!((auc - mann_whitney).abs() < 1e-12, "{auc} != {mann_whitney}");
        // Recall steps 1/4 at 90, 80, 70 (precision 1, 1, 3/4) and at 50 (precision 4/6).
        let average_precision_by_hand = 0.25 * (1.0 + 1.0 + 0.75 + 4.0 / 6.0);
        assert!((average_precision(&cutoffs).unwrap() - average_precision_by_hand).abs() < 1e-12);
    }

    #[test]
    fn best_f1_and_the_cutoff_at_target_precision() {
        let cutoffs = sample();
        let at = |c: f64| cutoffs.iter().find(|x| x.cutoff == c).unwrap();
        // F1 = 2 TP / (accepted + owners): 90: 2/5, 80: 4/6, 70: 6/8, 60: 6/9, 50: 8/10, 40: 8/12.
        let f1: Vec<f64> = cutoffs.iter().map(|c| c.f1.unwrap()).collect();
        assert_eq!(f1, [2.0 / 5.0, 4.0 / 6.0, 6.0 / 8.0, 6.0 / 9.0, 8.0 / 10.0, 8.0 / 12.0]);
        assert_eq!(best_f1(&cutoffs).unwrap().cutoff, 50.0);
        let fifty = at(50.0);
        assert_eq!((fifty.accepted, fifty.true_positives, fifty.false_positives), (6, Some(4), Some(2)));
        assert_eq!((fifty.precision, fifty.recall, fifty.false_positive_rate), (Some(4.0 / 6.0), Some(1.0), Some(0.5)));
        assert_eq!(at(70.0).rows_at_cutoff, 2);
        assert_eq!(at(40.0).match_rate, 1.0);
        assert_eq!(lowest_at_precision(&cutoffs, 0.75).unwrap().cutoff, 70.0);
        assert_eq!(lowest_at_precision(&cutoffs, 0.99).unwrap().cutoff, 80.0);
    }

    #[test]
    fn fellegi_sunter_estimates_follow_the_probabilities() {
        let mut bins = ScoreBins::new(Binning::LogitTenths);
        for p in [0.9, 0.8, 0.2, 0.1] {
            bins.add(p, Scored { probability: Some(p), ..Scored::default() });
        }
        let cutoffs = bins.cutoffs(false, true);
        let at_08 = &cutoffs[1];
        // Accepting 0.9 and 0.8: FDR = (0.1 + 0.2) / 2; FNR = (0.2 + 0.1) / 2.0.
        assert!((at_08.estimated_fdr.unwrap() - 0.15).abs() < 1e-12);
        assert!((at_08.estimated_fnr.unwrap() - 0.15).abs() < 1e-12);
        assert_eq!((at_08.accepted, at_08.match_rate), (2, 0.5));
        assert_eq!((at_08.precision, at_08.true_positives), (None, None));
        assert_eq!(roc_auc(&cutoffs), None);
        // Expected F1 at each cut-off, with Σ p = 2: 0.9: 1.8/3, 0.8: 3.4/4, 0.2: 3.6/5, 0.1: 4/6.
        assert_eq!(estimated_best_f1(&cutoffs).map(|c| c.accepted), Some(2));
    }

    #[test]
    fn histograms_use_round_widths() {
        let mut bins = ScoreBins::new(Binning::Integers);
        for (value, rows) in [(100.0, 3), (97.0, 1), (0.0, 2)] {
            (0..rows).for_each(|_| bins.add(value, Scored::default()));
        }
        let scores = histogram(&bins.cutoffs(false, false));
        assert_eq!(scores.len(), 21);
        assert_eq!((scores[0].from, scores[0].to, scores[0].rows), (0.0, 5.0, 2));
        assert_eq!((scores[19].rows, scores[20].from, scores[20].rows), (1, 100.0, 3));
        let mut weights = ScoreBins::new(Binning::Tenths);
        for w in [-3.3, 0.1, 2.7] {
            weights.add(w, Scored::default());
        }
        let edges: Vec<f64> = histogram(&weights.cutoffs(false, false)).iter().map(|b| b.from).take(3).collect();
        assert_eq!(edges, [-3.4, -3.2, -3.0], "edges of 0.2 without float noise");
        assert_eq!(round_width(0.05), 0.05);
        assert_eq!(round_width(1.4), 2.0);
        assert_eq!(round_width(0.0), 1.0);
    }

    #[test]
    fn tests_of_difference_have_their_textbook_values() {
        assert!((erfc(0.0) - 1.0).abs() < 1e-7);
        assert!((erfc(1.0) - 0.157_299_2).abs() < 1e-6);
        assert!((erfc(-1.0) - 1.842_700_8).abs() < 1e-6);
        // chi-square 3.841 with one degree of freedom: p = 0.05; 5.991 with two: 0.05.
        assert!((chi_square_p(3.841, 1) - 0.05).abs() < 1e-3);
        assert!((chi_square_p(5.991, 2) - 0.05).abs() < 1e-3);
        // The same shares: nothing to see.
        let (statistic, p) = chi_square(&[50, 30, 20], &[100, 60, 40]);
        assert!(statistic.abs() < 1e-12 && (p - 1.0).abs() < 1e-12);
        // 2x2: (10, 20) against (20, 10): chi-square 6.667, p 0.0098.
        let (statistic, p) = chi_square(&[10, 20, 0], &[20, 10, 0]);
        assert!((statistic - 20.0 / 3.0).abs() < 1e-9 && (p - 0.00982).abs() < 1e-4, "{statistic} {p}");
        assert!((two_proportion_p(50, 100, 50, 100) - 1.0).abs() < 1e-6);
        assert!(two_proportion_p(60, 100, 40, 100) < 0.01);
        // Kolmogorov's distribution: Q(1.36) = 0.049 for large samples.
        let n = 1_000_000;
        let d = 1.36 / ((n * n) as f64 / (2 * n) as f64).sqrt();
        assert!((ks_p(d, n, n) - 0.0494).abs() < 1e-3, "{}", ks_p(d, n, n));
        assert_eq!(ks_p(0.0, 10, 10), 1.0);
    }

    #[test]
    fn valleys_between_modes_are_found() {
        let bins: Vec<Bin> = [2, 10, 30, 12, 2, 0, 0, 1, 8, 40, 60, 20]
            .iter()
            .enumerate()
            .map(|(i, &rows)| Bin { from: i as f64 * 5.0, to: (i + 1) as f64 * 5.0, rows })
            .collect();
        // Smoothed: 0.5 at bin 5 ([25, 30)), 0.25 at bin 6 ([30, 35)), the valley: its middle is 32.5.
        assert_eq!(valleys(&bins), [32.5]);
        let flat: Vec<Bin> = (0..10).map(|i| Bin { from: i as f64, to: i as f64 + 1.0, rows: 5 }).collect();
        assert!(valleys(&flat).is_empty());
    }
}
