//! KYC Match: does each candidate identity match the subscriber behind its phone number,
//! attribute by attribute? (SPEC.md sections 1-3, 9.)
//!
//! Reads the CAMARA request attributes (and an optional `requestId`); writes `requestId,
//! status, code, message`, then per compared attribute in SPEC order `<attr>Match` and, for
//! scored ones, `<attr>MatchScore`, then the columns passed through with `--keep`.

use super::{HeaderColumns, Job, JobFactory, cell, check_value, defect_error, extra_field, header_fields};
use crate::columns::Selection;
use crate::index::{Lookup, Subscriber, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::{Normalizer, parse_e164};
use crate::profile::Profile;
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

    fn candidate_extras(&self) -> &'static [&'static str] {
        &["requestId"]
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Box<dyn Job + 'a> {
        Box::new(KycMatch::new(index, profile.normalizer(), profile.scores, candidates, keep))
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
        }
    }

    /// The answer for one request, given its raw values in SPEC order.
    fn answer(&self, raw: &[&str; Attribute::COUNT]) -> Result<[Outcome; Attribute::COUNT], RowError> {
        let mut requested: [Option<&str>; Attribute::COUNT] = [None; Attribute::COUNT];
        for attribute in Attribute::ALL {
            requested[attribute.index()] = check_value(attribute, raw[attribute.index()])?;
        }
        let compared = requested[1..].iter().any(Option::is_some);
        let subscriber = match (requested[Attribute::PhoneNumber.index()], compared) {
            (None, false) => {
                return Err(RowError::new(
                    ErrorCode::InvalidArgument,
                    "the request has no phoneNumber and no attribute",
                ));
            }
            (None, true) => return Err(RowError::new(ErrorCode::MissingIdentifier, "phoneNumber is required")),
            (Some(_), false) => {
                return Err(RowError::new(
                    ErrorCode::InvalidParamCombination,
                    "phoneNumber alone: at least one attribute to compare is required",
                ));
            }
            (Some(phone), true) => match self.index.lookup(parse_e164(phone).expect("checked by check_value")) {
                Lookup::NotFound => {
                    return Err(RowError::new(
                        ErrorCode::IdentifierNotFound,
                        "phoneNumber: no subscriber with this number",
                    ));
                }
                Lookup::NotApplicable => {
                    return Err(RowError::new(
                        ErrorCode::ServiceNotApplicable,
                        "the subscription is out of the service's scope",
                    ));
                }
                Lookup::Found(subscriber) => subscriber,
            },
        };
        let mut outcomes = [Outcome::NotRequested; Attribute::COUNT];
        let mut scratch = Scratch::default();
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
    fn compare(&self, attribute: Attribute, value: &str, subscriber: Subscriber<'_>, scratch: &mut Scratch) -> Outcome {
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
struct Scratch {
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
        let mut header = HeaderColumns::with_capacity(rows);
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
                scores[i].append_option(outcome.score());
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
