//! KYC Match: does each candidate identity match the subscriber behind its phone number,
//! attribute by attribute? (SPEC.md sections 1-3, 9.)
//!
//! Reads the CAMARA request attributes (and an optional `requestId`); writes `requestId,
//! status, code, message`, then per compared attribute in SPEC order `<attr>Match` and, for
//! scored ones, `<attr>MatchScore`, then the columns passed through with `--keep`.
//!
//! Profile policies: `id_document_gate = "required"` (kyc-match 0.4.0) answers a request that
//! would be answered 200 with 403 ID_DOCUMENT_REQUIRED when it has no idDocument, and 403
//! ID_DOCUMENT_MISMATCH when its idDocument equals none of the subscriber's documents (or the
//! subscriber has none), comparing nothing; `score_precision` rounds the scores written;
//! `error_disclosure` is applied with every job's header columns.

use super::{
    HeaderColumns, Job, JobFactory, cell, check_value, defect_error, extra_field, find_subscriber, header_fields,
};
use crate::columns::Selection;
use crate::index::{Subscriber, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::Normalizer;
use crate::profile::{ErrorDisclosure, IdDocumentGate, Precision, Profile};
use crate::report::Summary;
use crate::similarity::{Comparator, JaroWinkler, mismatch_score};
use crate::spec::{Attribute, ErrorCode, Outcome, RowError};
use arrow_array::builder::{StringBuilder, UInt8Builder};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use rayon::prelude::*;
use std::sync::Arc;

/// Binds KYC Match to a run.
pub struct Factory;

impl JobFactory for Factory {
    fn name(&self) -> &'static str {
        "match"
    }

    fn candidate_columns(&self) -> Vec<&'static str> {
        std::iter::once("requestId").chain(Attribute::ALL.iter().map(|a| a.name())).collect()
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, crate::Error> {
        let job = KycMatch::new(index, profile.normalizer(), profile.scores, candidates, keep).with_policy(profile);
        Ok(Box::new(job))
    }
}

/// The KYC Match job, bound to one candidate file's columns.
pub struct KycMatch<'a> {
    index: &'a SubscriberIndex,
    normalizer: Normalizer,
    scores: bool,
    request_id: Option<usize>,
    attributes: [Option<usize>; Attribute::COUNT],
    keep: Vec<usize>,
    schema: SchemaRef,
    gate: IdDocumentGate,
    disclosure: ErrorDisclosure,
    precision: Precision,
}

/// One row's answer.
struct RowAnswer {
    error: Option<RowError>,
    outcomes: [Outcome; Attribute::COUNT],
}

impl<'a> KycMatch<'a> {
    /// Binds the job to the candidates' columns; `keep` are input columns passed through
    /// (given by index and output name).
    pub fn new(
        index: &'a SubscriberIndex,
        normalizer: Normalizer,
        scores: bool,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> KycMatch<'a> {
        let mut fields = header_fields();
        for attribute in Attribute::compared() {
            let spec = attribute.spec();
            fields.push(Field::new(spec.match_column, DataType::Utf8, true));
            if let Some(score_column) = spec.score_column {
                fields.push(Field::new(score_column, DataType::UInt8, true));
            }
        }
        fields.extend(keep.iter().map(|(_, name)| extra_field(name, DataType::Utf8)));
        KycMatch {
            index,
            normalizer,
            scores,
            request_id: candidates.get("requestId"),
            attributes: Attribute::ALL.map(|a| candidates.get(a.name())),
            keep: keep.into_iter().map(|(i, _)| i).collect(),
            schema: Arc::new(Schema::new(fields)),
            gate: IdDocumentGate::Off,
            disclosure: ErrorDisclosure::Detailed,
            precision: Precision::Detailed,
        }
    }

    /// The job under the profile's policies: the idDocument gate, error disclosure and score
    /// precision (the defaults: no gate, detailed errors and scores).
    pub fn with_policy(mut self, profile: &Profile) -> KycMatch<'a> {
        self.gate = profile.id_document_gate;
        self.disclosure = profile.error_disclosure;
        self.precision = profile.score_precision;
        self
    }

    /// The answer for one request, given its raw values in SPEC order.
    fn answer(&self, raw: &[&str; Attribute::COUNT]) -> Result<[Outcome; Attribute::COUNT], RowError> {
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
            if self.compare(Attribute::IdDocument, document, subscriber, &mut scratch) != Outcome::True {
                return Err(RowError::new(
                    ErrorCode::IdDocumentMismatch,
                    "idDocument: does not match the subscriber's documents",
                ));
            }
        }
        let mut outcomes = [Outcome::NotRequested; Attribute::COUNT];
        for attribute in Attribute::compared() {
            if let Some(value) = requested[attribute.index()] {
                outcomes[attribute.index()] = self.compare(*attribute, value, subscriber, &mut scratch);
            }
        }
        Ok(outcomes)
    }

    /// SPEC.md 2 and 9: `true` when equal to any of the operator's values after
    /// normalisation (in the order given or, for full names and addresses, reordered), else
    /// `false` with the best score, `not_available` without a value.
    pub(crate) fn compare(
        &self,
        attribute: Attribute,
        value: &str,
        subscriber: Subscriber<'_>,
        scratch: &mut Scratch,
    ) -> Outcome {
        let spec = attribute.spec();
        scratch.ordered.clear();
        scratch.reordered.clear();
        self.normalizer.normalize_into(spec.kind, value, &mut scratch.ordered);
        let reordered = self.normalizer.reordered_into(spec.kind, value, &mut scratch.reordered);
        let forms: &[&str] = if reordered { &[&scratch.ordered, &scratch.reordered] } else { &[&scratch.ordered] };
        let scored = spec.scored && self.scores;
        let mut best: Option<f64> = None;
        for operator_value in subscriber.values(attribute) {
            if forms.contains(&operator_value) {
                return Outcome::True;
            }
            let similarity = if scored {
                forms.iter().map(|f| JaroWinkler.similarity(operator_value, f)).fold(0.0, f64::max)
            } else {
                0.0
            };
            best = Some(best.map_or(similarity, |b| b.max(similarity)));
        }
        match best {
            None => Outcome::NotAvailable,
            Some(similarity) => Outcome::False(scored.then(|| mismatch_score(similarity))),
        }
    }
}

/// Per-row buffers for the canonical forms of a request value.
#[derive(Default)]
pub(crate) struct Scratch {
    ordered: String,
    reordered: String,
}

impl Job for KycMatch<'_> {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn counted_columns(&self) -> Vec<&'static str> {
        Attribute::compared().iter().map(|a| a.spec().match_column).collect()
    }

    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error> {
        let strings: Vec<&StringArray> = batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect();
        let column = |index: Option<usize>| index.map(|i| strings[i]);
        let attribute_columns = self.attributes.map(column);
        let answers: Vec<RowAnswer> = (0..batch.len())
            .into_par_iter()
            .map(|row| {
                if let Some(error) = defect_error(batch, row) {
                    return RowAnswer { error: Some(error), outcomes: Default::default() };
                }
                let raw = attribute_columns.map(|c| cell(c, row));
                match self.answer(&raw) {
                    Ok(outcomes) => RowAnswer { error: None, outcomes },
                    Err(error) => RowAnswer { error: Some(error), outcomes: Default::default() },
                }
            })
            .collect();

        let rows = answers.len();
        let mut header = HeaderColumns::with_capacity(rows, self.disclosure);
        let compared = Attribute::compared();
        let mut matches: Vec<StringBuilder> =
            compared.iter().map(|_| StringBuilder::with_capacity(rows, rows * 5)).collect();
        let mut scores: Vec<UInt8Builder> = compared.iter().map(|_| UInt8Builder::with_capacity(rows)).collect();
        let request_ids = column(self.request_id);
        for (row, answer) in answers.iter().enumerate() {
            header.append(cell(request_ids, row), first_row + row as u64, answer.error.as_ref(), summary);
            for (i, attribute) in compared.iter().enumerate() {
                let outcome = answer.outcomes[attribute.index()];
                matches[i].append_option(outcome.match_str());
                scores[i].append_option(outcome.score().map(|s| self.precision.score(s)));
                summary.count_value(i, outcome.match_str());
            }
        }
        let mut arrays = header.finish();
        for (i, attribute) in compared.iter().enumerate() {
            arrays.push(Arc::new(matches[i].finish()));
            if attribute.spec().scored {
                arrays.push(Arc::new(scores[i].finish()));
            }
        }
        arrays.extend(self.keep.iter().map(|&i| batch.data.column(i).clone() as ArrayRef));
        Ok(RecordBatch::try_new(self.schema.clone(), arrays)?)
    }
}
