//! Customer Insights (SPEC.md section 6): the operator's risk score of the subscriber behind
//! each phone number, on the requested scale.
//!
//! Reads exactly the API's request properties, `phoneNumber`, `idDocument` and
//! `scoringType` (plus `requestId`), and the extract's `gaugeMetric` (300..850) and
//! `veritasIndex` (0..19) (an extract with neither column stops the run, exit 2); writes
//! `requestId, status, code, message, scoringType, scoringValue, scoringBand`, then the
//! columns passed through with `--keep`. `scoringBand` is kyclink's, not CAMARA's: NDJSON
//! writes it beside the body.
//!
//! Checks, in this order:
//! 1. 400 INVALID_ARGUMENT: a phone number as in KYC Match; an idDocument over this API's
//!    maxLength of 30; a `scoringType` other than `gaugeMetric` / `veritasIndex`.
//! 2. The scale: the row's `scoringType`, else `--scoring-type`, else the profile's
//!    `insights_default_scoring_type`; one the extract has no column for is 422
//!    CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED.
//! 3. The profile's `insights_id_document`: `refused` and an idDocument given is 422
//!    CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED; `required` and none given is 422
//!    SERVICE_NOT_APPLICABLE.
//! 4. The phone number's subscriber (SPEC.md 3: 422 MISSING_IDENTIFIER, 404, 422).
//! 5. An idDocument given must equal one of the subscriber's documents after normalisation,
//!    else 422 SERVICE_NOT_APPLICABLE; an empty (or invalid) score is 422
//!    SERVICE_NOT_APPLICABLE too. These carry the one generic message, deliberately, so that
//!    a caller cannot tell a wrong document from a missing score (SPEC.md 6).
//!
//! `scoringValue` is the operator's score (`--precision detailed`) or the lower bound of its
//! band (`rough`); `--precision` defaults to the profile's `score_precision`.

use super::matcher::{Matcher, Scratch};
use super::{
    Cells, Frame, GENERIC_NOT_APPLICABLE, Job, JobFactory, answer_rows, carried, check_value, check_value_within,
    extra_field, find_subscriber,
};
use crate::columns::Selection;
use crate::index::{Extra, ExtractNeeds, SubscriberIndex};
use crate::io::InputBatch;
use crate::profile::{InsightsIdDocument, Precision, Profile};
use crate::report::Summary;
use crate::spec::{Attribute, Band, ErrorCode, Outcome, RowError, ScoringType};
use arrow_array::RecordBatch;
use arrow_array::builder::{StringBuilder, UInt16Builder};
use arrow_schema::{DataType, Field, SchemaRef};
use std::sync::Arc;

/// maxLength of idDocument in Customer Insights (KYC Match allows 50).
pub const ID_DOCUMENT_MAX_LENGTH: usize = 30;

/// Binds Customer Insights to a run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Factory {
    /// The scale of rows without their own `scoringType` (`--scoring-type`); `None`: the
    /// profile's default.
    pub scoring_type: Option<ScoringType>,
    /// `--precision`; `None`: the profile's `score_precision`.
    pub precision: Option<Precision>,
}

/// The extract column holding a scale's scores.
fn extra(scoring_type: ScoringType) -> Extra {
    match scoring_type {
        ScoringType::GaugeMetric => Extra::GaugeMetric,
        ScoringType::VeritasIndex => Extra::VeritasIndex,
    }
}

impl JobFactory for Factory {
    fn name(&self) -> &'static str {
        "insights"
    }

    fn candidate_columns(&self) -> Vec<&'static str> {
        vec!["requestId", "phoneNumber", "idDocument", "scoringType"]
    }

    fn extract_needs(&self, candidates: &Selection) -> ExtractNeeds {
        let extras = ScoringType::ALL.iter().map(|t| extra(*t)).collect();
        ExtractNeeds { attributes: carried(&[Attribute::IdDocument], candidates), extras }
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, crate::Error> {
        if !ScoringType::ALL.iter().any(|t| index.has_extra(extra(*t))) {
            return Err(crate::Error::Usage(
                "the extract has neither a gaugeMetric nor a veritasIndex column (map the operator's headers in the \
                 profile's [columns.extract])"
                    .into(),
            ));
        }
        let fields = vec![
            Field::new("scoringType", DataType::Utf8, true),
            Field::new("scoringValue", DataType::UInt16, true),
            extra_field("scoringBand", DataType::Utf8),
        ];
        Ok(Box::new(Insights {
            index,
            matcher: Matcher::new(profile.normalizer()),
            frame: Frame::new(candidates, keep, profile, fields),
            phone: candidates.get(Attribute::PhoneNumber.name()),
            id_document: candidates.get(Attribute::IdDocument.name()),
            scoring_type: candidates.get("scoringType"),
            default_scoring_type: self.scoring_type.unwrap_or(profile.insights_default_scoring_type),
            precision: self.precision.unwrap_or(profile.score_precision),
            id_document_policy: profile.insights_id_document,
        }))
    }
}

/// The Customer Insights job, bound to one candidate file's columns.
struct Insights<'a> {
    index: &'a SubscriberIndex,
    matcher: Matcher,
    frame: Frame,
    phone: Option<usize>,
    id_document: Option<usize>,
    scoring_type: Option<usize>,
    default_scoring_type: ScoringType,
    precision: Precision,
    id_document_policy: InsightsIdDocument,
}

/// One row's answer.
struct InsightsAnswer {
    scoring_type: ScoringType,
    value: u16,
    band: Band,
}

fn not_applicable() -> RowError {
    RowError::new(ErrorCode::ServiceNotApplicable, GENERIC_NOT_APPLICABLE)
}

impl Insights<'_> {
    fn answer(&self, cells: &Cells<'_>, row: usize) -> Result<InsightsAnswer, RowError> {
        let phone = check_value(Attribute::PhoneNumber, cells.get(self.phone, row))?;
        let document =
            check_value_within(Attribute::IdDocument, cells.get(self.id_document, row), ID_DOCUMENT_MAX_LENGTH)?;
        let scoring_type = match cells.get(self.scoring_type, row).trim() {
            "" => self.default_scoring_type,
            name => name.parse().map_err(|_| {
                RowError::new(ErrorCode::InvalidArgument, "scoringType: must be one of gaugeMetric, veritasIndex")
            })?,
        };
        let column = extra(scoring_type);
        if !self.index.has_extra(column) {
            return Err(RowError::new(ErrorCode::ScaleTypeNotSupported, "scoringType: this scale is not supported"));
        }
        match (self.id_document_policy, document) {
            (InsightsIdDocument::Refused, Some(_)) => {
                return Err(RowError::new(ErrorCode::IdDocumentNotSupported, "idDocument: not supported"));
            }
            (InsightsIdDocument::Required, None) => return Err(not_applicable()),
            _ => {}
        }
        let subscriber = find_subscriber(self.index, phone)?;
        if let Some(document) = document {
            let mut scratch = Scratch::default();
            if self.matcher.compare(Attribute::IdDocument, document, subscriber, &mut scratch).outcome != Outcome::True
            {
                return Err(not_applicable());
            }
        }
        let value: u16 = subscriber.extra(column).parse().map_err(|_| not_applicable())?;
        let band = scoring_type.band(value).ok_or_else(not_applicable)?;
        let value = match self.precision {
            Precision::Detailed => value,
            Precision::Rough => band.lower,
        };
        Ok(InsightsAnswer { scoring_type, value, band })
    }
}

impl Job for Insights<'_> {
    fn schema(&self) -> SchemaRef {
        self.frame.schema()
    }

    fn counted_columns(&self) -> Vec<&'static str> {
        Vec::new()
    }

    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error> {
        let cells = Cells::new(batch);
        let answers = answer_rows(batch, |row| self.answer(&cells, row));
        let rows = answers.len();
        let mut scoring_type = StringBuilder::with_capacity(rows, rows * 12);
        let mut value = UInt16Builder::with_capacity(rows);
        let mut band = StringBuilder::with_capacity(rows, rows * 6);
        for answer in &answers {
            let answer = answer.as_ref().ok();
            scoring_type.append_option(answer.map(|a| a.scoring_type.name()));
            value.append_option(answer.map(|a| a.value));
            band.append_option(answer.map(|a| a.band.name));
        }
        let columns =
            vec![Arc::new(scoring_type.finish()) as _, Arc::new(value.finish()) as _, Arc::new(band.finish()) as _];
        self.frame.finish(batch, first_row, &answers, columns, summary)
    }
}
