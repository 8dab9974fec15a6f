//! The Fellegi-Sunter model of probabilistic record linkage, with a class for the household.
//!
//! Each comparison ([`Comparison`]: a concept such as the name or the address, or a single
//! attribute) puts a row in one of its levels; a comparison the row gives no evidence for is
//! its null level and counts for nothing. The classic model has two classes, the match (m)
//! and the non-match (u). KYC batches defeat it: most people who ask on a line that is not
//! theirs are the subscriber's relatives, who share the home, usually the family name and
//! the country. Two classes then split the batch into "of the household" and "stranger",
//! and a relative with the subscriber's address outscores an owner with a typo.
//!
//! So the model has three latent classes ([`Class`]): the **owner**, a **household** member
//! (the home and family name shared, their own given name, birth date, documents), and a
//! **stranger**. Each class has a prior share and, per comparison, a probability for each
//! level; EM estimates all of them from the batch's comparison patterns, without labels.
//! EM starts from what each level means: the owner's m favours agreement, the household's
//! favours agreement on what households share and is the stranger's elsewhere, and the
//! stranger's u starts from random pairs of different subscribers of the extract. EM works
//! on pattern counts, not rows, visited in a fixed order: fast and deterministic.
//!
//! Scoring adds what patterns cannot hold: how common the values agreed on are (Splink's
//! term-frequency adjustment, [`Frequencies`]). A stranger shares a common family name far
//! more often than a rare one; a household member shares it whatever its frequency, so the
//! family name's frequency scales the stranger's likelihood only (the given name's and the
//! locality's likewise scale those classes that share them by chance).
//!
//! `matchWeight` is log2 of the posterior odds that the requester is the owner against
//! either other class, `matchProbability` that posterior, as Splink's `match_weight` and
//! `match_probability`.

use super::comparison::{Comparison, Frequencies, RowEvidence};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Who is asking on the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The subscriber.
    Owner,
    /// A member of the subscriber's household.
    Household,
    /// Someone else.
    Stranger,
}

impl Class {
    /// Every class, in the order of per-class arrays.
    pub const ALL: [Class; 3] = [Class::Owner, Class::Household, Class::Stranger];

    /// Its name in the summary and `--explain`.
    pub fn name(self) -> &'static str {
        match self {
            Class::Owner => "owner",
            Class::Household => "household",
            Class::Stranger => "stranger",
        }
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

    /// Rows counted.
    pub fn rows(&self) -> u64 {
        self.counts.values().sum()
    }
}

/// The pattern of a row: a level per comparison, or `MISSING`, into `pattern` (replacing
/// what it held; a buffer reused from row to row).
pub fn pattern_into(comparisons: &[Comparison], row: &RowEvidence, pattern: &mut Vec<u8>) {
    pattern.clear();
    pattern.extend(comparisons.iter().map(|c| c.level(row).unwrap_or(MISSING)));
}

/// The probabilities of one level, per class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelModel {
    /// The level's label.
    pub label: String,
    /// P(level | owner).
    pub m: f64,
    /// P(level | household member).
    pub h: f64,
    /// P(level | stranger).
    pub u: f64,
}

impl LevelModel {
    fn of(&self, class: Class) -> f64 {
        match class {
            Class::Owner => self.m,
            Class::Household => self.h,
            Class::Stranger => self.u,
        }
    }
}

/// The trained probabilities of one comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonModel {
    /// The comparison's name ([`Comparison::name`]).
    pub comparison: String,
    /// Training rows that gave evidence for it (not in its null level).
    pub rows: u64,
    /// Per level, in the comparison's order.
    pub levels: Vec<LevelModel>,
}

/// The prior share of each class among the scored requests.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Priors {
    /// The subscriber.
    pub owner: f64,
    /// A household member.
    pub household: f64,
    /// Someone else.
    pub stranger: f64,
}

impl Priors {
    fn of(&self, class: Class) -> f64 {
        match class {
            Class::Owner => self.owner,
            Class::Household => self.household,
            Class::Stranger => self.stranger,
        }
    }
}

/// A trained model; saved and reused with `--model FILE.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// The prior share of each class.
    pub prior: Priors,
    /// EM iterations run.
    pub iterations: u32,
    /// The log-likelihood (natural log) of the training patterns under the model.
    pub log_likelihood: f64,
    /// Rows (comparison patterns) trained on.
    pub training_rows: u64,
    /// Per comparison.
    pub comparisons: Vec<ComparisonModel>,
}

/// Floors probabilities so that no level weight is infinite.
const EPSILON: f64 = 1e-6;
/// EM stops when an iteration raises its objective (the log-likelihood plus the smoothing's
/// log-prior) by less than this fraction of it, or after [`MAX_ITERATIONS`]. Beyond that point
/// the owner's share and probabilities no longer move (on 200,000 generated rows, 30 and
/// 2,000 iterations gave the same AUC, F1 and calibration): what still drifts is how the
/// non-owners split between household and strangers, which the match weight, against both,
/// barely sees.
const RELATIVE_TOLERANCE: f64 = 1e-7;
const MAX_ITERATIONS: u32 = 1000;
/// A class whose prior exceeds this absorbed nearly every row: EM found no structure.
const DEGENERATE_SHARE: f64 = 0.98;
/// Training rows below which the model is not judged: a handful of rows (a test, a probe)
/// has no structure for EM to find, and saying so would be noise.
const ROWS_TO_JUDGE: u64 = 1000;

/// Starting probabilities from agreement scores: a level that agrees fully is 2^8 times as
/// likely as one that does not agree at all.
fn from_agreement(scores: impl Iterator<Item = f64>) -> Vec<f64> {
    let raw: Vec<f64> = scores.map(|a| (8.0 * a).exp2()).collect();
    let total: f64 = raw.iter().sum();
    raw.into_iter().map(|v| v / total).collect()
}

impl Model {
    /// Trains the three classes by EM over `patterns`. m starts from the levels' owner
    /// agreement, the household's from their household agreement where households share
    /// the comparison (else from `u`), u from `u` (estimated from extract pairs); priors
    /// start at 1/2, 1/5 and 3/10. Every estimate is smoothed with one pseudo-count per
    /// level (Dirichlet smoothing, so EM maximises the posterior, not the likelihood). Stops
    /// when the objective gains less than [`RELATIVE_TOLERANCE`] of itself, or after 1,000
    /// iterations.
    pub fn train(comparisons: &[Comparison], u: &[Vec<f64>], patterns: &PatternCounts) -> Model {
        let mut probabilities: [Vec<Vec<f64>>; 3] = [
            comparisons.iter().map(|c| from_agreement(c.levels().iter().map(|l| l.agreement))).collect(),
            comparisons
                .iter()
                .zip(u)
                .map(|(c, u)| {
                    if c.shared_by_household() {
                        from_agreement(c.levels().iter().map(|l| l.household))
                    } else {
                        u.clone()
                    }
                })
                .collect(),
            u.to_vec(),
        ];
        let mut prior = [0.5, 0.2, 0.3];
        let rows = patterns.rows() as f64;
        let mut observed = vec![0u64; comparisons.len()];
        for (pattern, &count) in &patterns.counts {
            for (c, &level) in pattern.iter().enumerate() {
                observed[c] += if level == MISSING { 0 } else { count };
            }
        }
        let (mut iterations, mut log_likelihood, mut objective) = (0, 0.0, f64::NEG_INFINITY);
        while iterations < MAX_ITERATIONS && rows > 0.0 {
            iterations += 1;
            let mut sums: [Vec<Vec<f64>>; 3] =
                std::array::from_fn(|k| probabilities[k].iter().map(|levels| vec![0.0; levels.len()]).collect());
            let mut class_sums = [0.0; 3];
            log_likelihood = 0.0;
            for (pattern, &count) in &patterns.counts {
                let mut likelihood = prior;
                for (c, &level) in pattern.iter().enumerate() {
                    if level != MISSING {
                        for (k, l) in likelihood.iter_mut().enumerate() {
                            *l *= probabilities[k][c][level as usize];
                        }
                    }
                }
                let total: f64 = likelihood.iter().sum();
                log_likelihood += count as f64 * total.ln();
                for k in 0..3 {
                    let weight = likelihood[k] / total * count as f64;
                    class_sums[k] += weight;
                    for (c, &level) in pattern.iter().enumerate() {
                        if level != MISSING {
                            sums[k][c][level as usize] += weight;
                        }
                    }
                }
            }
            let log_prior: f64 = probabilities.iter().flatten().flatten().map(|p| p.ln()).sum();
            let previous = std::mem::replace(&mut objective, log_likelihood + log_prior);
            for k in 0..3 {
                prior[k] = (class_sums[k] / rows).clamp(EPSILON, 1.0 - EPSILON);
                for (levels, sums) in probabilities[k].iter_mut().zip(&sums[k]) {
                    // Add-one (Dirichlet) smoothing: a level unseen in a class of a small
                    // batch is unlikely, not impossible, and must not weigh minus infinity.
                    let total: f64 = sums.iter().sum::<f64>() + sums.len() as f64;
                    for (value, sum) in levels.iter_mut().zip(sums) {
                        *value = ((sum + 1.0) / total).max(EPSILON);
                    }
                }
            }
            if objective - previous < RELATIVE_TOLERANCE * objective.abs() {
                break;
            }
        }
        let [m, h, u] = probabilities;
        let comparisons = comparisons
            .iter()
            .enumerate()
            .map(|(c, comparison)| ComparisonModel {
                comparison: comparison.name().to_string(),
                rows: observed[c],
                levels: comparison
                    .levels()
                    .iter()
                    .enumerate()
                    .map(|(l, level)| LevelModel { label: level.label.to_string(), m: m[c][l], h: h[c][l], u: u[c][l] })
                    .collect(),
            })
            .collect();
        Model {
            prior: Priors { owner: prior[0], household: prior[1], stranger: prior[2] },
            iterations,
            log_likelihood,
            training_rows: patterns.rows(),
            comparisons,
        }
    }

    /// A model saved as JSON ([`Model::to_json`]), if it is one of this version's comparisons
    /// and levels; else why not.
    pub fn from_json(text: &str) -> Result<Model, String> {
        let model: Model = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if !model.fits(&Comparison::ALL) {
            return Err("its comparisons and levels are not this version's".into());
        }
        Ok(model)
    }

    /// The model as pretty JSON, to save and reuse.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a model always serialises") + "\n"
    }

    /// Whether this model's comparisons and levels are `comparisons`' (a saved model must
    /// fit the run).
    pub fn fits(&self, comparisons: &[Comparison]) -> bool {
        self.comparisons.len() == comparisons.len()
            && self.comparisons.iter().zip(comparisons).all(|(model, c)| {
                model.comparison == c.name()
                    && model.levels.len() == c.levels().len()
                    && model.levels.iter().zip(c.levels()).all(|(l, level)| l.label == level.label)
            })
    }

    /// What looks wrong with the trained model: a class that absorbed nearly every row, or
    /// an owner less likely than a stranger to agree exactly where the batch compared (at
    /// least 1% of the rows). Models trained on fewer than 1,000 rows are not judged.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.training_rows < ROWS_TO_JUDGE {
            return warnings;
        }
        for class in Class::ALL {
            let share = self.prior.of(class);
            if share > DEGENERATE_SHARE {
                warnings.push(format!(
                    "the linkage model put {:.1}% of the requests in its {} class: it found little to tell \
                     owners from others in this batch; train on a larger or more varied batch (--model)",
                    100.0 * share,
                    class.name()
                ));
            }
        }
        for comparison in &self.comparisons {
            let exact = &comparison.levels[0];
            if comparison.rows * 100 >= self.training_rows && exact.m < exact.u {
                warnings.push(format!(
                    "the linkage model finds owners less likely than strangers to agree on {} ({}: m {:.4} < u {:.4})",
                    comparison.comparison, exact.label, exact.m, exact.u
                ));
            }
        }
        warnings
    }

    /// The model as weights ready for scoring rows.
    pub fn scorer(&self) -> Scorer {
        let log2 = |p: f64| p.max(EPSILON).log2();
        Scorer {
            prior: Class::ALL.map(|class| log2(self.prior.of(class))),
            levels: self
                .comparisons
                .iter()
                .map(|c| c.levels.iter().map(|level| Class::ALL.map(|class| log2(level.of(class)))).collect())
                .collect(),
        }
    }
}

/// A model's log2 probabilities, per comparison, level and class: what scoring a row needs.
#[derive(Debug, Clone)]
pub struct Scorer {
    prior: [f64; 3],
    levels: Vec<Vec<[f64; 3]>>,
}

/// One row's score and how it came about.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// log2 of the posterior odds of the owner against the other two classes.
    pub match_weight: f64,
    /// The other class the row most resembles, which [`Scored::weights`] compare with.
    pub against: Class,
    /// Per comparison, log2 of its likelihood for the owner over that for `against`
    /// (frequencies included); `None` for the null level. With the prior's, they sum to the
    /// weight against `against` alone, which `match_weight` (against both) is at most, and
    /// at least less one.
    pub weights: Vec<Option<f64>>,
}

impl Scorer {
    /// Per class, log2 of prior x likelihood of `pattern` with `frequencies`.
    fn log2_joint(&self, pattern: &[u8], frequencies: &Frequencies) -> [f64; 3] {
        let mut joint = self.prior;
        for (c, &level) in pattern.iter().enumerate() {
            if level != MISSING {
                let level = &self.levels[c][level as usize];
                joint.iter_mut().zip(level).for_each(|(j, l)| *j += l);
            }
        }
        let [given, family, locality] = frequency_weights(frequencies);
        joint[1] += given;
        joint[2] += given + family + locality;
        joint
    }

    /// log2 of the posterior odds that the requester is the owner.
    pub fn match_weight(&self, pattern: &[u8], frequencies: &Frequencies) -> f64 {
        let [owner, household, stranger] = self.log2_joint(pattern, frequencies);
        owner - log2_sum(household, stranger)
    }

    /// The match weight with its per-comparison parts (`name` and `address` are the
    /// comparisons the frequencies of names and of the locality belong to).
    pub fn explain(&self, pattern: &[u8], frequencies: &Frequencies, name: usize, address: usize) -> Scored {
        let [owner, household, stranger] = self.log2_joint(pattern, frequencies);
        let (against, k) = if household >= stranger { (Class::Household, 1) } else { (Class::Stranger, 2) };
        let [given, family, locality] = frequency_weights(frequencies);
        let weights = pattern
            .iter()
            .enumerate()
            .map(|(c, &level)| {
                (level != MISSING).then(|| {
                    let level = &self.levels[c][level as usize];
                    let frequency = match (c, against) {
                        (_, Class::Household) if c == name => given,
                        (_, Class::Stranger) if c == name => given + family,
                        (_, Class::Stranger) if c == address => locality,
                        _ => 0.0,
                    };
                    level[0] - level[k] - frequency
                })
            })
            .collect();
        Scored { match_weight: owner - log2_sum(household, stranger), against, weights }
    }
}

/// log2 of the frequency factors of given name, family name and locality.
fn frequency_weights(frequencies: &Frequencies) -> [f64; 3] {
    [frequencies.given_name, frequencies.family_name, frequencies.locality].map(|f| f64::from(f).log2())
}

/// log2(2^a + 2^b), without overflow.
fn log2_sum(a: f64, b: f64) -> f64 {
    let (high, low) = if a >= b { (a, b) } else { (b, a) };
    high + (low - high).exp2().ln_1p() / std::f64::consts::LN_2
}

/// The probability of a match for a match weight: 2^w / (1 + 2^w).
pub fn match_probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// Estimates u per comparison and level from pairs of different subscribers, each pair's
/// evidence as a [`RowEvidence`]. Counts get add-one smoothing so no level is impossible.
pub fn estimate_u(comparisons: &[Comparison], pairs: impl Iterator<Item = RowEvidence>) -> Vec<Vec<f64>> {
    let mut counts: Vec<Vec<f64>> = comparisons.iter().map(|c| vec![1.0; c.levels().len()]).collect();
    for pair in pairs {
        for (comparison, counts) in comparisons.iter().zip(counts.iter_mut()) {
            if let Some(level) = comparison.level(&pair) {
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
    use crate::aggregate::comparison::Evidence;
    use crate::rng::SplitMix64;
    use crate::spec::Attribute;

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

    fn comparisons() -> Vec<Comparison> {
        [Attribute::GivenName, Attribute::Birthdate, Attribute::Email, Attribute::Gender]
            .map(Comparison::Single)
            .into_iter()
            .chain([Comparison::Address, Comparison::Single(Attribute::Country)])
            .collect()
    }

    /// True m, h and u of six comparisons (the last two, the address and the country, shared
    /// by households; a household differs from strangers in both, which is what tells the two
    /// classes apart), and 200,000 patterns drawn from them (10% of values missing) with class
    /// shares `prior`.
    fn simulated(prior: [f64; 3]) -> ([Levels; 3], PatternCounts) {
        let address_owner: Vec<f64> = vec![0.80, 0.05, 0.04, 0.03, 0.05, 0.01, 0.01, 0.01];
        let address_stranger = vec![0.001, 0.02, 0.01, 0.1, 0.86, 0.001, 0.001, 0.007];
        let m: Levels = vec![
            vec![0.80, 0.12, 0.05, 0.03],
            vec![0.90, 0.07, 0.03],
            vec![0.85, 0.08, 0.04, 0.03],
            vec![0.97, 0.03],
            address_owner,
            vec![0.98, 0.02],
        ];
        let u: Levels = vec![
            vec![0.01, 0.02, 0.07, 0.90],
            vec![0.001, 0.004, 0.995],
            vec![0.002, 0.01, 0.05, 0.938],
            vec![0.5, 0.5],
            address_stranger,
            vec![0.4, 0.6],
        ];
        let mut h = u.clone();
        h[4] = vec![0.90, 0.03, 0.03, 0.01, 0.01, 0.01, 0.005, 0.005];
        h[5] = vec![0.99, 0.01];
        let truth = [m, h, u];
        let mut rng = SplitMix64::new(42);
        let mut patterns = PatternCounts::default();
        for _ in 0..200_000 {
            let class = pick(&mut rng, &prior) as usize;
            let pattern = truth[class]
                .iter()
                .map(|levels| if rng.unit() < 0.1 { MISSING } else { pick(&mut rng, levels) })
                .collect();
            patterns.add(pattern);
        }
        (truth, patterns)
    }

    fn assert_close(got: &Model, truth: &[Levels; 3], tolerance: f64) {
        for (c, comparison) in got.comparisons.iter().enumerate() {
            for (l, level) in comparison.levels.iter().enumerate() {
                for (k, class) in Class::ALL.iter().enumerate() {
                    let value = level.of(*class);
                    let expected = truth[k][c][l];
                    assert!((value - expected).abs() < tolerance, "{class:?} [{c}][{l}] = {value} vs {expected}");
                }
            }
        }
    }

    #[test]
    fn em_recovers_three_classes_from_a_rough_start() {
        let (truth, patterns) = simulated([0.6, 0.15, 0.25]);
        // u half-way between the truth and every level equally likely, as the extract's random
        // pairs only approximate the batch's strangers.
        let flat: Levels = truth[2]
            .iter()
            .map(|levels| levels.iter().map(|u| (u + 1.0 / levels.len() as f64) / 2.0).collect())
            .collect();
        let model = Model::train(&comparisons(), &flat, &patterns);
        let prior = [model.prior.owner, model.prior.household, model.prior.stranger];
        for (got, expected) in prior.iter().zip([0.6, 0.15, 0.25]) {
            assert!((got - expected).abs() < 0.01, "prior {prior:?}");
        }
        assert_close(&model, &truth, 0.02);
        assert!(model.warnings().is_empty(), "{:?}", model.warnings());
        assert!(model.log_likelihood < 0.0 && model.iterations > 1);
        // Training is deterministic.
        assert_eq!(model, Model::train(&comparisons(), &flat, &patterns));
    }

    #[test]
    fn a_household_member_scores_below_an_owner_with_a_typo() {
        let (truth, patterns) = simulated([0.6, 0.15, 0.25]);
        let model = Model::train(&comparisons(), &truth[2], &patterns);
        let scorer = model.scorer();
        let none = Frequencies::default();
        // Given name, birth date, e-mail, gender, address.
        let relative = scorer.match_weight(&[3, 2, 3, 1, 0, 0], &none);
        let owner_with_typo = scorer.match_weight(&[1, 0, 0, 0, 0, 0], &none);
        assert!(relative < -5.0 && owner_with_typo > 5.0, "{relative} {owner_with_typo}");
        let explained = scorer.explain(&[3, 2, 3, 1, 0, 0], &none, usize::MAX, 4);
        assert_eq!(explained.against, Class::Household);
        assert!(explained.weights[4].unwrap().abs() < 1.0, "a shared home says little against the household");
        let sum: f64 = explained.weights.iter().flatten().sum::<f64>() + scorer.prior[0] - scorer.prior[1];
        assert!(sum >= explained.match_weight && sum - 1.0 <= explained.match_weight, "{sum} {explained:?}");
    }

    #[test]
    fn a_rare_family_name_is_stronger_evidence_against_a_stranger() {
        let (truth, patterns) = simulated([0.6, 0.15, 0.25]);
        let scorer = Model::train(&comparisons(), &truth[2], &patterns).scorer();
        let common = Frequencies { family_name: 8.0, ..Frequencies::default() };
        let rare = Frequencies { family_name: 0.01, ..Frequencies::default() };
        let stranger_like = [3, 2, 3, 0, 4, 1];
        assert!(scorer.match_weight(&stranger_like, &rare) > scorer.match_weight(&stranger_like, &common));
    }

    #[test]
    fn a_batch_without_structure_is_flagged() {
        let mut patterns = PatternCounts::default();
        for _ in 0..1000 {
            patterns.add(vec![0; 6]);
        }
        let comparisons = comparisons();
        let u: Levels = comparisons.iter().map(|c| vec![1.0 / c.levels().len() as f64; c.levels().len()]).collect();
        let model = Model::train(&comparisons, &u, &patterns);
        assert!(!model.warnings().is_empty());
    }

    #[test]
    fn weights_and_probabilities() {
        assert!((match_probability(2.0) - 0.8).abs() < 1e-12);
        assert!((match_probability(0.0) - 0.5).abs() < 1e-12);
        assert!((log2_sum(3.0, 3.0) - 4.0).abs() < 1e-12);
        assert!((log2_sum(-2000.0, 1.0) - 1.0).abs() < 1e-12);
        let model = Model::train(&comparisons(), &simulated([0.6, 0.15, 0.25]).0[2], &PatternCounts::default());
        assert!(model.fits(&comparisons()));
        assert!(!model.fits(&comparisons()[1..]));
        let p = model.prior;
        let expected = p.owner.log2() - (p.household + p.stranger).log2();
        assert!((model.scorer().match_weight(&[MISSING; 6], &Frequencies::default()) - expected).abs() < 1e-12);
    }

    #[test]
    fn u_counts_are_smoothed_and_normalised() {
        let comparisons = vec![Comparison::Single(Attribute::Gender)];
        let pairs = (0..8).map(|i| {
            let mut row = RowEvidence::default();
            row.attributes[Attribute::Gender.index()] =
                if i < 2 { Evidence::Equal } else { Evidence::Differs { similarity: 0, near: false } };
            row
        });
        assert_eq!(estimate_u(&comparisons, pairs), vec![vec![0.3, 0.7]]);
    }
}
