//! KYC Match: does each candidate identity match the subscriber behind its phone number,
//! attribute by attribute? (SPEC.md sections 1-3, 9.)
//!
//! Reads the CAMARA request attributes (and an optional `requestId`); writes `requestId,
//! status, code, message`, then per compared attribute in SPEC order `<attr>Match` and, for
//! scored ones, `<attr>MatchScore`, then kyclink's aggregates `identityMatchScore` (SPEC.md
//! section 4), `matchWeight` and `matchProbability` (Fellegi-Sunter, [`crate::aggregate`]),
//! with `--explain` per attribute `<attr>Level` and `<attr>Weight`, then the `--keep` columns.
//! The aggregates are not CAMARA's: NDJSON writes them beside the response body.
//!
//! The linkage model ([`crate::aggregate::fellegi_sunter`]: owner, household and stranger
//! classes over concept comparisons) is trained before the run on the first
//! [`TRAINING_ROWS`] rows (u started from random extract pairs, then every class by EM), or
//! given to the factory (the command line reads `--model FILE.json` when that file exists,
//! and saves a model trained in the run there, so that successive batches are scored on one
//! scale). How common each agreeing name and
//! locality is comes from the extract at hand, trained model or not, unless the factory is
//! given the counts of a larger extract (a Spark task's bucket is given the whole one's).
//!
//! Profile policies: `id_document_gate = "required"` (kyc-match 0.4.0) answers a request that
//! would be answered 200 with 403 ID_DOCUMENT_REQUIRED when it has no idDocument, and 403
//! ID_DOCUMENT_MISMATCH when its idDocument equals none of the subscriber's documents (or the
//! subscriber has none), comparing nothing; `score_precision` rounds the scores written;
//! `error_disclosure` is applied with every job's header columns.

use super::matcher::{Matcher, Scratch};
use super::{
    HeaderColumns, Job, JobFactory, carried, cell, check_value, defect_error, extra_field, find_subscriber,
    header_fields, linkage,
};
use crate::aggregate::comparison::{ADDRESS_PARTS, Comparison, Evidence, NAME_PARTS, RowEvidence};
use crate::aggregate::fellegi_sunter::{Model, PatternCounts, Scorer, match_probability, pattern_into};
use crate::aggregate::term_frequency::{Term, TermFrequencies, ValueCounts};
use crate::aggregate::{IdentityEvidence, identity_match_score};
use crate::columns::Selection;
use crate::error::Error;
use crate::index::{ExtractNeeds, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::{parse_e164, trim};
use crate::profile::{ErrorDisclosure, IdDocumentGate, Precision, Profile};
use crate::report::Summary;
use crate::spec::{Attribute, ErrorCode, Outcome, RowError};
use arrow_array::builder::{Float64Builder, StringBuilder, UInt8Builder};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use rayon::prelude::*;
use std::collections::HashMap;

use std::sync::{Arc, Mutex};

/// Rows of the batch the model is trained on when no saved model is given: EM needs pattern
/// counts, not every row, and this bounds the cost of the training pass on long files.
pub const TRAINING_ROWS: usize = 200_000;
/// Rows whose subscribers are looked up together before they are answered, so that the
/// cache misses of their look-ups overlap ([`SubscriberIndex::warm`]).
const WARM_ROWS: usize = 64;
/// The `--explain` column naming the class the per-comparison weights are set against.
const WEIGHTS_AGAINST: &str = "weightsAgainst";
/// The seed of the random extract pairs that estimate u: fixed, so runs are reproducible.
const U_SEED: u64 = 0x006b_7963_6c69_6e6b;

/// Binds KYC Match to a run.
#[derive(Debug, Clone, Default)]
pub struct Factory {
    /// A trained model to score with (`--model` of a file that exists); without one, the run
    /// trains its own on its first rows.
    pub model: Option<Model>,
    /// `--explain`: write each comparison's level and weight.
    pub explain: bool,
    /// How common each name and locality is, when counted over a larger extract than the
    /// run's (a Spark task holds a bucket of the extract; the counts of the whole are shipped
    /// to it); else counted from the run's extract.
    pub term_counts: Option<Arc<[ValueCounts; 3]>>,
}

impl JobFactory for Factory {
    fn name(&self) -> &'static str {
        "match"
    }

    fn candidate_columns(&self) -> Vec<&'static str> {
        std::iter::once("requestId").chain(Attribute::ALL.iter().map(|a| a.name())).collect()
    }

    fn extract_needs(&self, candidates: &Selection) -> ExtractNeeds {
        let mut attributes = carried(Attribute::compared(), candidates);
        // A full name or address is searched for the subscriber's parts (the linkage model's
        // concepts), so the parts are indexed too.
        for (full, parts) in [(Attribute::Name, &NAME_PARTS[..]), (Attribute::Address, &ADDRESS_PARTS[..])] {
            if attributes.contains(&full) {
                attributes.extend(parts.iter().filter(|p| !attributes.contains(p)).collect::<Vec<_>>());
            }
        }
        attributes.sort();
        ExtractNeeds { attributes, extras: Vec::new() }
    }

    fn training_rows(&self) -> usize {
        if self.model.is_some() { 0 } else { TRAINING_ROWS }
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, Error> {
        Ok(Box::new(KycMatch::new(index, profile, candidates, keep, self.model.clone(), self)))
    }
}

/// The KYC Match job, bound to one candidate file's columns.
pub struct KycMatch<'a> {
    index: &'a SubscriberIndex,
    matcher: Matcher,
    scores: bool,
    request_id: Option<usize>,
    attributes: [Option<usize>; Attribute::COUNT],
    keep: Vec<usize>,
    schema: SchemaRef,
    gate: IdDocumentGate,
    disclosure: ErrorDisclosure,
    precision: Precision,
    base_rate: Option<u8>,
    comparisons: Vec<Comparison>,
    model: Option<Model>,
    /// The model's weights, once there is a model.
    scorer: Option<Scorer>,
    /// Whether the model was trained in this run (else read from `--model`).
    trained_here: bool,
    frequencies: TermFrequencies,
    explain: bool,
    /// The answers of the training sample's batches, by their first row number: the run
    /// writes them rather than compare the same rows twice.
    trained: Mutex<HashMap<u64, Vec<RowAnswer>>>,
}

/// One row's answer: an error, or the comparison of every requested attribute and what the
/// linkage model reads of it.
struct RowAnswer {
    error: Option<RowError>,
    outcomes: [Outcome; Attribute::COUNT],
    evidence: RowEvidence,
}

impl<'a> KycMatch<'a> {
    fn new(
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
        saved: Option<Model>,
        factory: &Factory,
    ) -> KycMatch<'a> {
        let comparisons = Comparison::ALL.to_vec();
        let mut fields = header_fields();
        for attribute in Attribute::compared() {
            let spec = attribute.spec();
            fields.push(Field::new(spec.match_column, DataType::Utf8, true));
            if let Some(score_column) = spec.score_column {
                fields.push(Field::new(score_column, DataType::UInt8, true));
            }
        }
        fields.push(extra_field("identityMatchScore", DataType::UInt8));
        fields.push(extra_field("matchWeight", DataType::Float64));
        fields.push(extra_field("matchProbability", DataType::Float64));
        if factory.explain {
            fields.push(extra_field(WEIGHTS_AGAINST, DataType::Utf8));
            for comparison in &comparisons {
                let name = comparison.name();
                fields.push(extra_field(&format!("{name}Level"), DataType::Utf8));
                fields.push(extra_field(&format!("{name}Weight"), DataType::Float64));
            }
        }
        fields.extend(keep.iter().map(|(_, name)| extra_field(name, DataType::Utf8)));
        KycMatch {
            index,
            matcher: Matcher::new(profile.normalizer()),
            scores: profile.scores,
            request_id: candidates.get("requestId"),
            attributes: Attribute::ALL.map(|a| candidates.get(a.name())),
            keep: keep.into_iter().map(|(i, _)| i).collect(),
            schema: Arc::new(Schema::new(fields)),
            gate: profile.id_document_gate,
            disclosure: profile.error_disclosure,
            precision: profile.score_precision,
            base_rate: profile.identity_base_rate,
            comparisons,
            scorer: saved.as_ref().map(Model::scorer),
            trained_here: false,
            frequencies: match &factory.term_counts {
                Some(counts) => TermFrequencies::new(counts.as_ref().clone()),
                None => linkage::term_frequencies(index),
            },
            model: saved,
            explain: factory.explain,
            trained: Mutex::default(),
        }
    }

    /// The answer for one request, given its raw values in SPEC order, and the linkage
    /// model's evidence.
    fn answer(&self, raw: &[&str; Attribute::COUNT]) -> Result<([Outcome; Attribute::COUNT], RowEvidence), RowError> {
        let mut requested: [Option<&str>; Attribute::COUNT] = [None; Attribute::COUNT];
        for attribute in Attribute::ALL {
            requested[attribute.index()] = check_value(attribute, raw[attribute.index()])?;
        }
        let compared = requested[1..].iter().any(Option::is_some);
        let phone = requested[Attribute::PhoneNumber.index()];
        let subscriber = match (phone, compared) {
            (None, false) => {
                return Err(RowError::new(
                    ErrorCode::InvalidArgument,
                    "the request has no phoneNumber and no attribute",
                ));
            }
            (Some(_), false) => {
                return Err(RowError::new(
                    ErrorCode::InvalidParamCombination,
                    "phoneNumber alone: at least one attribute to compare is required",
                ));
            }
            (_, true) => find_subscriber(self.index, phone)?,
        };
        let mut scratch = Scratch::default();
        if self.gate == IdDocumentGate::Required {
            let Some(document) = requested[Attribute::IdDocument.index()] else {
                return Err(RowError::new(ErrorCode::IdDocumentRequired, "idDocument is required"));
            };
            if self.matcher.compare(Attribute::IdDocument, document, subscriber, &mut scratch).outcome != Outcome::True
            {
                return Err(RowError::new(
                    ErrorCode::IdDocumentMismatch,
                    "idDocument: does not match the subscriber's documents",
                ));
            }
        }
        let mut outcomes = [Outcome::default(); Attribute::COUNT];
        let mut evidence = RowEvidence::default();
        for &attribute in Attribute::compared() {
            if let Some(value) = requested[attribute.index()] {
                let answer = self.matcher.compare(attribute, value, subscriber, &mut scratch);
                if answer.evidence == Evidence::Equal
                    && let Some(term) = Term::of(attribute)
                {
                    evidence.frequencies.set(term, self.frequencies.ratio(term, scratch.canonical()));
                }
                evidence.attributes[attribute.index()] = answer.evidence;
                outcomes[attribute.index()] = answer.outcome;
            }
        }
        // The subscriber's name and address parts inside a full name or address, where the
        // request does not send them in their own columns; and how common those found are.
        for (full, parts) in [(Attribute::Name, &NAME_PARTS[..]), (Attribute::Address, &ADDRESS_PARTS[..])] {
            let Some(value) = requested[full.index()] else { continue };
            if parts.iter().all(|p| requested[p.index()].is_some()) {
                continue;
            }
            let found = self.matcher.find_parts(full, value, parts, subscriber, &mut scratch);
            for (i, &part) in parts.iter().enumerate() {
                if found.found & (1 << i) != 0
                    && requested[part.index()].is_none()
                    && let Some(term) = Term::of(part)
                    && let Some(held) = subscriber.values(part).next()
                {
                    evidence.frequencies.set(term, self.frequencies.ratio(term, held));
                }
            }
            *(if full == Attribute::Name { &mut evidence.in_name } else { &mut evidence.in_address }) = found;
        }
        Ok((outcomes, evidence))
    }

    /// Every row of `batch` answered, in order, in parallel on the current rayon pool.
    fn answers(&self, batch: &InputBatch) -> Vec<RowAnswer> {
        let strings: Vec<&StringArray> = batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect();
        let attribute_columns = self.attributes.map(|index| index.map(|i| strings[i]));
        let phones = attribute_columns[Attribute::PhoneNumber.index()];
        let rows = batch.len();
        (0..rows.div_ceil(WARM_ROWS))
            .into_par_iter()
            .flat_map_iter(|chunk| {
                let chunk = chunk * WARM_ROWS..rows.min((chunk + 1) * WARM_ROWS);
                self.index.warm(chunk.clone().filter_map(|row| parse_e164(trim(cell(phones, row)))));
                chunk.map(|row| {
                    let result = match defect_error(batch, row) {
                        Some(error) => Err(error),
                        None => self.answer(&attribute_columns.map(|c| cell(c, row))),
                    };
                    match result {
                        Ok((outcomes, evidence)) => RowAnswer { error: None, outcomes, evidence },
                        Err(error) => RowAnswer {
                            error: Some(error),
                            outcomes: Default::default(),
                            evidence: RowEvidence::default(),
                        },
                    }
                })
            })
            .collect()
    }
}

impl Job for KycMatch<'_> {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn counted_columns(&self) -> Vec<&'static str> {
        Attribute::compared().iter().map(|a| a.spec().match_column).collect()
    }

    fn train(&mut self, sample: &[InputBatch]) -> Result<(), Error> {
        let u = linkage::u_from_extract(self.index, &self.comparisons, linkage::U_PAIRS, U_SEED);
        let mut patterns = PatternCounts::default();
        let mut trained = HashMap::with_capacity(sample.len());
        let mut first_row = 1;
        for batch in sample {
            let answers = self.answers(batch);
            let mut pattern = Vec::with_capacity(self.comparisons.len());
            for answer in answers.iter().filter(|a| a.error.is_none()) {
                pattern_into(&self.comparisons, &answer.evidence, &mut pattern);
                patterns.add(pattern.clone());
            }
            trained.insert(first_row, answers);
            first_row += batch.len() as u64;
        }
        *self.trained.get_mut().expect("not poisoned") = trained;
        let model = Model::train(&self.comparisons, &u, &patterns);
        self.scorer = Some(model.scorer());
        self.model = Some(model);
        self.trained_here = true;
        Ok(())
    }

    fn model(&self) -> Option<(&Model, bool)> {
        self.model.as_ref().map(|model| (model, self.trained_here))
    }

    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, Error> {
        let trained = self.trained.lock().expect("not poisoned").remove(&first_row);
        let answers = trained.unwrap_or_else(|| self.answers(batch));
        let rows = answers.len();
        let mut header = HeaderColumns::with_capacity(rows, self.disclosure);
        let compared = Attribute::compared();
        let mut matches: Vec<StringBuilder> =
            compared.iter().map(|_| StringBuilder::with_capacity(rows, rows * 5)).collect();
        let mut scores: Vec<UInt8Builder> = compared.iter().map(|_| UInt8Builder::with_capacity(rows)).collect();
        let mut identity = UInt8Builder::with_capacity(rows);
        let (mut weight, mut probability) = (Float64Builder::with_capacity(rows), Float64Builder::with_capacity(rows));
        let explained = if self.explain { self.comparisons.len() } else { 0 };
        let mut against = StringBuilder::with_capacity(if self.explain { rows } else { 0 }, rows * 9);
        let mut levels: Vec<StringBuilder> =
            (0..explained).map(|_| StringBuilder::with_capacity(rows, rows * 12)).collect();
        let mut level_weights: Vec<Float64Builder> =
            (0..explained).map(|_| Float64Builder::with_capacity(rows)).collect();
        let position = |concept: Comparison| self.comparisons.iter().position(|c| *c == concept).unwrap_or(usize::MAX);
        let (name, address) = (position(Comparison::Name), position(Comparison::Address));
        let request_ids = self.request_id.map(|i| batch.data.column(i).as_string::<i32>());
        let mut pattern = Vec::with_capacity(self.comparisons.len());
        for (row, answer) in answers.iter().enumerate() {
            let request_id = request_ids.map(|ids| cell(Some(ids), row));
            header.append(request_id, first_row + row as u64, answer.error.as_ref(), summary);
            let outcomes = &answer.outcomes;
            for (i, attribute) in compared.iter().enumerate() {
                let outcome = outcomes[attribute.index()];
                matches[i].append_option(outcome.match_str());
                let score = outcome.score().filter(|_| self.scores);
                scores[i].append_option(score.map(|s| self.precision.score(s)));
                summary.count_value(i, outcome.match_str());
            }
            let scorer = self.scorer.as_ref().filter(|_| answer.error.is_none());
            identity.append_option(
                scorer
                    .and_then(|_| identity_match_score(IdentityEvidence::from_outcomes(outcomes), self.base_rate))
                    .map(|s| self.precision.score(s)),
            );
            pattern_into(&self.comparisons, &answer.evidence, &mut pattern);
            let frequencies = &answer.evidence.frequencies;
            let match_weight = if self.explain {
                let scored = scorer.map(|s| s.explain(&pattern, frequencies, name, address));
                against.append_option(scored.as_ref().map(|s| s.against.name()));
                for (c, (level, level_weight)) in levels.iter_mut().zip(&mut level_weights).enumerate() {
                    let part = scored.as_ref().and_then(|s| s.weights[c]);
                    let label = part.map(|_| self.comparisons[c].levels()[pattern[c] as usize].label);
                    level.append_option(label);
                    level_weight.append_option(part.map(|w| round_to(w, 4)));
                }
                scored.map(|s| s.match_weight)
            } else {
                scorer.map(|s| s.match_weight(&pattern, frequencies))
            };
            weight.append_option(match_weight.map(|w| round_to(w, 4)));
            probability.append_option(match_weight.map(|w| round_to(match_probability(w), 6)));
        }
        let mut arrays = header.finish();
        for (i, attribute) in compared.iter().enumerate() {
            arrays.push(Arc::new(matches[i].finish()));
            if attribute.spec().scored {
                arrays.push(Arc::new(scores[i].finish()));
            }
        }
        arrays.push(Arc::new(identity.finish()));
        arrays.push(Arc::new(weight.finish()));
        arrays.push(Arc::new(probability.finish()));
        if self.explain {
            arrays.push(Arc::new(against.finish()));
        }
        for (level, level_weight) in levels.iter_mut().zip(&mut level_weights) {
            arrays.push(Arc::new(level.finish()));
            arrays.push(Arc::new(level_weight.finish()));
        }
        arrays.extend(self.keep.iter().map(|&i| batch.data.column(i).clone() as ArrayRef));
        Ok(RecordBatch::try_new(self.schema.clone(), arrays)?)
    }
}

/// `value` rounded to `decimals` places: stable, readable cells.
fn round_to(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}
