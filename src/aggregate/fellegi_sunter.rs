//! The Fellegi-Sunter model of probabilistic record linkage, as in Splink and fastLink.
//!
//! Each compared attribute is a comparison with ordered levels (exact after normalisation,
//! Jaro-Winkler bands, one edit apart for dates, else); a missing value (not requested, or
//! not available) is the null level and carries no evidence. A level's weight is
//! log2(m / u): m is the probability of the level among true matches, u among non-matches.
//! u starts from random pairs of different subscribers of the extract; m, the prior share of
//! matches and (for KYC Match) u itself are then estimated by EM over the batch's comparison
//! patterns (no labels needed). Refining u matters here: the non-matches of a KYC batch are
//! not random strangers but people asking on someone else's line, relatives above all, who
//! share the family name and the address far more often than random pairs do; with u fixed at
//! the random-pair rate, a relative's shared address outweighs a different given name. EM works
//! on pattern counts, not rows, and visits them in a fixed order, so training is fast and
//! deterministic. `matchWeight` is log2 of the posterior odds (prior odds x Bayes factor) and
//! `matchProbability` the matching probability, as Splink's `match_weight` and
//! `match_probability`.

use crate::spec::{Attribute, Kind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one attribute comparison of one row says, before levels are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evidence {
    /// Not requested, or the operator has no value: no evidence either way.
    #[default]
    Missing,
    /// Equal after normalisation.
    Equal,
    /// Different: the best similarity in percent (0..=100, uncapped) and whether the values
    /// are one substitution or one adjacent transposition apart.
    Differs {
        /// round(100 x Jaro-Winkler) of the closest pair of values.
        similarity: u8,
        /// One edit apart (used for dates, where a typo is one digit).
        one_edit: bool,
    },
}

impl Evidence {
    /// The evidence of two normalised values of `attribute`.
    pub fn between(attribute: Attribute, a: &str, b: &str, similarity: impl Fn(&str, &str) -> f64) -> Evidence {
        if a == b {
            return Evidence::Equal;
        }
        let spec = attribute.spec();
        let similarity = if spec.scored { (similarity(a, b) * 100.0).round() as u8 } else { 0 };
        Evidence::Differs { similarity, one_edit: spec.kind == Kind::Date && one_edit_apart(a, b) }
    }
}

/// Whether two strings of the same length differ by one substitution or one adjacent
/// transposition (a mistyped digit of a date).
pub fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let differences: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    match differences[..] {
        [_] => true,
        [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
        _ => false,
    }
}

/// One level of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Equal after normalisation.
    Exact,
    /// Jaro-Winkler similarity at least this many percent.
    JaroWinklerAtLeast(u8),
    /// One digit or one transposition apart.
    OneEdit,
    /// All other comparisons.
    Else,
}

impl Level {
    /// A label a person can read, also used in `--explain` columns and the model file.
    pub fn label(self) -> String {
        match self {
            Level::Exact => "exact".into(),
            Level::JaroWinklerAtLeast(t) => format!("jaro_winkler>={:.2}", f64::from(t) / 100.0),
            Level::OneEdit => "one_edit".into(),
            Level::Else => "else".into(),
        }
    }

    fn admits(self, evidence: Evidence) -> bool {
        match (self, evidence) {
            (_, Evidence::Missing) => false,
            (Level::Exact, e) => e == Evidence::Equal,
            (Level::JaroWinklerAtLeast(t), Evidence::Differs { similarity, .. }) => similarity >= t,
            (Level::OneEdit, Evidence::Differs { one_edit, .. }) => one_edit,
            (Level::Else, _) => true,
            _ => false,
        }
    }
}

/// An attribute's comparison: its levels, most similar first, `Else` last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The attribute compared.
    pub attribute: Attribute,
    /// The levels, checked in order; the first that admits the evidence is the level.
    pub levels: Vec<Level>,
}

impl Comparison {
    /// The default comparison of an attribute: Jaro-Winkler bands (>= 0.92, >= 0.80) for
    /// scored text, one-edit for dates, exact-or-else for codes.
    pub fn default_for(attribute: Attribute) -> Comparison {
        let levels = if attribute.spec().scored {
            vec![Level::Exact, Level::JaroWinklerAtLeast(92), Level::JaroWinklerAtLeast(80), Level::Else]
        } else if attribute.spec().kind == Kind::Date {
            vec![Level::Exact, Level::OneEdit, Level::Else]
        } else {
            vec![Level::Exact, Level::Else]
        };
        Comparison { attribute, levels }
    }

    /// Every compared attribute's default comparison, in SPEC order.
    pub fn defaults() -> Vec<Comparison> {
        Attribute::compared().iter().map(|a| Comparison::default_for(*a)).collect()
    }

    /// The level index of `evidence`, or `None` for missing (the null level).
    pub fn level(&self, evidence: Evidence) -> Option<u8> {
        self.levels.iter().position(|l| l.admits(evidence)).map(|i| i as u8)
    }
}

/// How many rows had each comparison pattern (a level index per comparison, `MISSING` for
/// the null level).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatternCounts {
    counts: BTreeMap<Vec<u8>, u64>,
}

/// The pattern value of the null level.
pub const MISSING: u8 = u8::MAX;

impl PatternCounts {
    /// Counts one row's pattern.
    pub fn add(&mut self, pattern: Vec<u8>) {
        *self.counts.entry(pattern).or_default() += 1;
    }

    /// Merges counts gathered elsewhere (e.g. per batch).
    pub fn merge(&mut self, other: PatternCounts) {
        for (pattern, count) in other.counts {
            *self.counts.entry(pattern).or_default() += count;
        }
    }

    /// Rows counted.
    pub fn rows(&self) -> u64 {
        self.counts.values().sum()
    }
}

/// The m and u probabilities of one level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelModel {
    /// The level's label.
    pub label: String,
    /// P(level | match).
    pub m: f64,
    /// P(level | non-match).
    pub u: f64,
}

/// The trained probabilities of one comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonModel {
    /// The CAMARA attribute name.
    pub attribute: String,
    /// Per level, in the comparison's order.
    pub levels: Vec<LevelModel>,
}

/// A trained Fellegi-Sunter model; saved and reused with `--model FILE.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// The prior probability that a scored request is its subscriber's (lambda).
    pub prior: f64,
    /// EM iterations run.
    pub iterations: u32,
    /// Rows (comparison patterns) trained on.
    pub training_rows: u64,
    /// Per compared attribute.
    pub comparisons: Vec<ComparisonModel>,
}

/// Floors probabilities so that no level weight is infinite.
const EPSILON: f64 = 1e-6;

impl Model {
    /// Trains m and the prior by EM over `patterns`, u starting from `u` (estimated elsewhere)
    /// and re-estimated from the non-match class when `refine_u`, else fixed; m starts from
    /// defaults that favour the most similar level; every estimate is smoothed with one
    /// pseudo-count per level. Stops when no parameter moves by 1e-7, or
    /// after 200 iterations.
    pub fn train(comparisons: &[Comparison], u: &[Vec<f64>], patterns: &PatternCounts, refine_u: bool) -> Model {
        let mut m: Vec<Vec<f64>> = comparisons.iter().map(|c| initial_m(c.levels.len())).collect();
        let mut u: Vec<Vec<f64>> = u.to_vec();
        let mut prior = 0.5;
        let mut iterations = 0;
        let rows = patterns.rows() as f64;
        while iterations < 200 && rows > 0.0 {
            iterations += 1;
            let mut m_sums: Vec<Vec<f64>> = m.iter().map(|levels| vec![0.0; levels.len()]).collect();
            let mut u_sums = m_sums.clone();
            let mut matches = 0.0;
            for (pattern, &count) in &patterns.counts {
                let (mut match_likelihood, mut non_match_likelihood) = (prior, 1.0 - prior);
                for (c, &level) in pattern.iter().enumerate() {
                    if level != MISSING {
                        match_likelihood *= m[c][level as usize];
                        non_match_likelihood *= u[c][level as usize];
                    }
                }
                let p = match_likelihood / (match_likelihood + non_match_likelihood);
                let weight = p * count as f64;
                matches += weight;
                for (c, &level) in pattern.iter().enumerate() {
                    if level != MISSING {
                        m_sums[c][level as usize] += weight;
                        u_sums[c][level as usize] += count as f64 - weight;
                    }
                }
            }
            let new_prior = (matches / rows).clamp(EPSILON, 1.0 - EPSILON);
            let mut change = (new_prior - prior).abs();
            let refined = if refine_u { &mut u[..] } else { &mut [] };
            for (levels, sums) in m.iter_mut().zip(&m_sums).chain(refined.iter_mut().zip(&u_sums)) {
                // Add-one (Dirichlet) smoothing: a level unseen among the matches of a small
                // batch is unlikely, not impossible, and must not weigh minus infinity.
                let total: f64 = sums.iter().sum::<f64>() + sums.len() as f64;
                for (value, sum) in levels.iter_mut().zip(sums) {
                    let new = ((sum + 1.0) / total).max(EPSILON);
                    change = change.max((new - *value).abs());
                    *value = new;
                }
            }
            prior = new_prior;
            if change < 1e-7 {
                break;
            }
        }
        let comparisons = comparisons
            .iter()
            .zip(m.iter().zip(&u))
            .map(|(c, (m, u))| ComparisonModel {
                attribute: c.attribute.name().to_string(),
                levels: c
                    .levels
                    .iter()
                    .zip(m.iter().zip(u))
                    .map(|(level, (&m, &u))| LevelModel { label: level.label(), m, u: u.max(EPSILON) })
                    .collect(),
            })
            .collect();
        Model { prior, iterations, training_rows: patterns.rows(), comparisons }
    }

    /// The weight, log2(m / u), of level `level` of comparison `comparison`.
    pub fn level_weight(&self, comparison: usize, level: u8) -> f64 {
        let level = &self.comparisons[comparison].levels[level as usize];
        (level.m.max(EPSILON) / level.u.max(EPSILON)).log2()
    }

    /// log2 of the posterior odds of a match for a row's pattern.
    pub fn match_weight(&self, pattern: &[u8]) -> f64 {
        let prior_weight = (self.prior / (1.0 - self.prior)).log2();
        pattern
            .iter()
            .enumerate()
            .filter(|(_, level)| **level != MISSING)
            .map(|(c, &level)| self.level_weight(c, level))
            .sum::<f64>()
            + prior_weight
    }

    /// Whether this model's comparisons are `comparisons` (a saved model must fit the run).
    pub fn fits(&self, comparisons: &[Comparison]) -> bool {
        self.comparisons.len() == comparisons.len()
            && self.comparisons.iter().zip(comparisons).all(|(model, c)| {
                model.attribute == c.attribute.name()
                    && model.levels.len() == c.levels.len()
                    && model.levels.iter().zip(&c.levels).all(|(l, level)| l.label == level.label())
            })
    }
}

/// The probability of a match for a match weight: 2^w / (1 + 2^w).
pub fn match_probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// Starting m: most mass on the most similar level, decreasing geometrically.
fn initial_m(levels: usize) -> Vec<f64> {
    let raw: Vec<f64> = (0..levels).map(|i| 0.2f64.powi(i as i32)).collect();
    let total: f64 = raw.iter().sum();
    raw.into_iter().map(|v| v / total).collect()
}

/// Estimates u per comparison and level from pairs of different subscribers: `evidence`
/// yields, for each sampled pair, the evidence per comparison. Counts get add-one smoothing
/// so no level is impossible.
pub fn estimate_u(comparisons: &[Comparison], pairs: impl Iterator<Item = Vec<Evidence>>) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> = comparisons.iter().map(|c| vec![1.0; c.levels.len()]).collect();
    for evidence in pairs {
        for ((comparison, counts), evidence) in comparisons.iter().zip(counts.iter_mut()).zip(evidence) {
            if let Some(level) = comparison.level(evidence) {
                counts[level as usize] += 1.0;
            }
        }
    }
    counts
        .into_iter()
        .map(|levels| {
            let total: f64 = levels.iter().sum();
            levels.into_iter().map(|c| c / total).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::SplitMix64;

    #[test]
    fn levels_follow_the_evidence() {
        let name = Comparison::default_for(Attribute::GivenName);
        assert_eq!(name.level(Evidence::Missing), None);
        assert_eq!(name.level(Evidence::Equal), Some(0));
        assert_eq!(name.level(Evidence::Differs { similarity: 95, one_edit: false }), Some(1));
        assert_eq!(name.level(Evidence::Differs { similarity: 88, one_edit: false }), Some(2));
        assert_eq!(name.level(Evidence::Differs { similarity: 10, one_edit: false }), Some(3));
        let birthdate = Comparison::default_for(Attribute::Birthdate);
        assert_eq!(birthdate.level(Evidence::Differs { similarity: 0, one_edit: true }), Some(1));
        assert_eq!(birthdate.level(Evidence::Differs { similarity: 0, one_edit: false }), Some(2));
        assert_eq!(Comparison::default_for(Attribute::Gender).levels, [Level::Exact, Level::Else]);
    }

    #[test]
    fn one_edit_means_one_substitution_or_adjacent_swap() {
        assert!(one_edit_apart("1985-03-14", "1985-03-15"));
        assert!(one_edit_apart("1985-03-14", "1985-03-41"));
        assert!(!one_edit_apart("1985-03-14", "1985-04-15"));
        assert!(!one_edit_apart("1985-03-14", "1985-03-14x"));
        assert!(!one_edit_apart("1985-03-14", "1985-03-14"));
    }

    fn pick(rng: &mut SplitMix64, probabilities: &[f64]) -> u8 {
        let mut r = rng.unit();
        for (i, p) in probabilities.iter().enumerate() {
            if r < *p {
                return i as u8;
            }
            r -= p;
        }
        (probabilities.len() - 1) as u8
    }

    /// Probabilities per comparison and level.
    type Levels = Vec<Vec<f64>>;

    /// Comparisons, true m and u, and 200,000 patterns drawn from them (10% of values missing)
    /// with a share `prior` of matches.
    fn simulated(prior: f64) -> (Vec<Comparison>, Levels, Levels, PatternCounts) {
        let comparisons: Vec<Comparison> =
            [Attribute::GivenName, Attribute::FamilyName, Attribute::Birthdate, Attribute::Gender]
                .map(Comparison::default_for)
                .into();
        let true_m: Levels =
            vec![vec![0.80, 0.12, 0.05, 0.03], vec![0.85, 0.08, 0.04, 0.03], vec![0.90, 0.07, 0.03], vec![0.97, 0.03]];
        let true_u: Levels = vec![
            vec![0.01, 0.02, 0.07, 0.90],
            vec![0.005, 0.01, 0.05, 0.935],
            vec![0.001, 0.004, 0.995],
            vec![0.5, 0.5],
        ];
        let mut rng = SplitMix64::new(42);
        let mut patterns = PatternCounts::default();
        for _ in 0..200_000 {
            let probabilities = if rng.unit() < prior { &true_m } else { &true_u };
            let pattern = probabilities
                .iter()
                .map(|levels| if rng.unit() < 0.1 { MISSING } else { pick(&mut rng, levels) })
                .collect();
            patterns.add(pattern);
        }
        (comparisons, true_m, true_u, patterns)
    }

    fn assert_close(label: &str, got: &Model, truth: &[Vec<f64>], pick: fn(&LevelModel) -> f64, tolerance: f64) {
        for (c, levels) in got.comparisons.iter().enumerate() {
            for (l, level) in levels.levels.iter().enumerate() {
                let value = pick(level);
                assert!((value - truth[c][l]).abs() < tolerance, "{label}[{c}][{l}] = {value} vs {}", truth[c][l]);
            }
        }
    }

    #[test]
    fn em_recovers_known_m_and_prior() {
        let (comparisons, true_m, true_u, patterns) = simulated(0.7);
        let model = Model::train(&comparisons, &true_u, &patterns, false);
        assert!((model.prior - 0.7).abs() < 0.01, "prior {}", model.prior);
        assert_close("m", &model, &true_m, |level| level.m, 0.02);
        // Training is deterministic.
        assert_eq!(model, Model::train(&comparisons, &true_u, &patterns, false));
    }

    #[test]
    fn em_refining_u_recovers_u_from_a_rough_start() {
        // u refined from a start far from the truth (every level equally likely), as KYC
        // Match refines the u of random extract pairs on the batch.
        let (comparisons, true_m, true_u, patterns) = simulated(0.7);
        let flat: Vec<Vec<f64>> = true_u.iter().map(|levels| vec![1.0 / levels.len() as f64; levels.len()]).collect();
        let model = Model::train(&comparisons, &flat, &patterns, true);
        assert!((model.prior - 0.7).abs() < 0.01, "prior {}", model.prior);
        assert_close("m", &model, &true_m, |level| level.m, 0.02);
        assert_close("u", &model, &true_u, |level| level.u, 0.02);
    }

    #[test]
    fn weights_and_probabilities() {
        let comparisons = vec![Comparison::default_for(Attribute::Gender)];
        let model = Model {
            prior: 0.5,
            iterations: 1,
            training_rows: 1,
            comparisons: vec![ComparisonModel {
                attribute: "gender".into(),
                levels: vec![
                    LevelModel { label: "exact".into(), m: 0.8, u: 0.2 },
                    LevelModel { label: "else".into(), m: 0.2, u: 0.8 },
                ],
            }],
        };
        assert!(model.fits(&comparisons));
        assert!(!model.fits(&[Comparison::default_for(Attribute::Country)]));
        assert!((model.match_weight(&[0]) - 2.0).abs() < 1e-12);
        assert!((model.match_weight(&[1]) + 2.0).abs() < 1e-12);
        assert_eq!(model.match_weight(&[MISSING]), 0.0);
        assert!((match_probability(2.0) - 0.8).abs() < 1e-12);
        assert!((match_probability(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn u_counts_are_smoothed_and_normalised() {
        let comparisons = vec![Comparison::default_for(Attribute::Gender)];
        let pairs = (0..8)
            .map(|i| vec![if i < 2 { Evidence::Equal } else { Evidence::Differs { similarity: 0, one_edit: false } }]);
        let u = estimate_u(&comparisons, pairs);
        assert_eq!(u, vec![vec![0.3, 0.7]]);
    }
}
