//! KYC Age Verification (SPEC.md section 4): is the subscriber behind each phone number at
//! least `ageThreshold` years old on the reference date, and how well do the request's
//! identity attributes match the subscriber?
//!
//! Reads exactly the API's request properties, `phoneNumber`, `ageThreshold`, `idDocument`,
//! `name`, `givenName`, `familyName`, `middleNames`, `familyNameAtBirth`, `birthdate`, `email`
//! (plus `requestId`); writes `requestId, status, code, message, ageCheck, verifiedStatus,
//! identityMatchScore`, then the columns passed through with `--keep`.
//!
//! - `ageThreshold`: the row's, else `--age-threshold`; neither is 400 INVALID_ARGUMENT, a
//!   value that is not an integer too, an integer outside 0..120 is 400 OUT_OF_RANGE. Phone
//!   numbers and identity attributes are checked and looked up as in KYC Match (SPEC.md 3),
//!   except that a phone number with nothing else to compare is a valid request here.
//! - `ageCheck`: `true` when the age on the reference date (`--as-of`, default today in UTC)
//!   is at least the threshold, else `false`; a 29 February birthday turns a year older on
//!   1 March in common years (SPEC.md 9.9). `not_available` when the operator has no valid
//!   birthdate, and when the request's birthdate does not match the operator's (then there
//!   is no identityMatchScore either: KPN's rule).
//! - `verifiedStatus`: the extract's `verifiedStatus` (true/false, 1/0, yes/no), null when
//!   the extract has no such value.
//! - `identityMatchScore`: [`crate::aggregate::identity`] over the identity attributes the
//!   request carries, each compared exactly as KYC Match compares it; null when it carries
//!   none (or the profile's `identity_base_rate`); floored to tens under `score_precision =
//!   "rough"`.

use super::matcher::{Matcher, Scratch};
use super::{
    Cells, Frame, Job, JobFactory, answer_rows, carried, check_integer, check_value, find_subscriber, parse_flag,
};
use crate::aggregate::{IdentityEvidence, identity_match_score};
use crate::columns::Selection;
use crate::index::{Extra, ExtractNeeds, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::{Date, age_on};
use crate::profile::{Precision, Profile};
use crate::report::Summary;
use crate::spec::{Attribute, ErrorCode, Outcome, RowError};
use arrow_array::RecordBatch;
use arrow_array::builder::{BooleanBuilder, StringBuilder, UInt8Builder};
use arrow_schema::{DataType, Field, SchemaRef};
use std::sync::Arc;

/// The identity attributes an age verification request may carry, in SPEC order.
pub const IDENTITY_ATTRIBUTES: [Attribute; 8] = [
    Attribute::IdDocument,
    Attribute::Name,
    Attribute::GivenName,
    Attribute::FamilyName,
    Attribute::MiddleNames,
    Attribute::FamilyNameAtBirth,
    Attribute::Birthdate,
    Attribute::Email,
];

/// The valid age thresholds, in years.
pub const AGE_THRESHOLDS: std::ops::RangeInclusive<u32> = 0..=120;

/// Binds KYC Age Verification to a run.
#[derive(Debug, Clone, Copy)]
pub struct Factory {
    /// The threshold of rows without their own `ageThreshold` (`--age-threshold`).
    pub age_threshold: Option<u32>,
    /// The date ages are computed on (`--as-of`).
    pub as_of: Date,
}

impl JobFactory for Factory {
    fn name(&self) -> &'static str {
        "age"
    }

    fn candidate_columns(&self) -> Vec<&'static str> {
        let properties = ["requestId", "phoneNumber", "ageThreshold"].into_iter();
        properties.chain(IDENTITY_ATTRIBUTES.iter().map(|a| a.name())).collect()
    }

    fn extract_needs(&self, candidates: &Selection) -> ExtractNeeds {
        let mut attributes = carried(&IDENTITY_ATTRIBUTES, candidates);
        if !attributes.contains(&Attribute::Birthdate) {
            // ageCheck reads the subscriber's birthdate whatever the request carries.
            attributes.push(Attribute::Birthdate);
        }
        ExtractNeeds { attributes, extras: vec![Extra::VerifiedStatus] }
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, crate::Error> {
        let fields = vec![
            Field::new("ageCheck", DataType::Utf8, true),
            Field::new("verifiedStatus", DataType::Boolean, true),
            Field::new("identityMatchScore", DataType::UInt8, true),
        ];
        Ok(Box::new(AgeVerification {
            index,
            // Compares the identity attributes exactly as KYC Match does (with scores, which
            // the name similarities of identityMatchScore are).
            matcher: Matcher::new(profile.normalizer()),
            frame: Frame::new(candidates, keep, profile, fields),
            phone: candidates.get(Attribute::PhoneNumber.name()),
            threshold: candidates.get("ageThreshold"),
            attributes: IDENTITY_ATTRIBUTES.map(|a| candidates.get(a.name())),
            default_threshold: self.age_threshold,
            as_of: self.as_of,
            base_rate: profile.identity_base_rate,
            precision: profile.score_precision,
        }))
    }
}

/// The age verification job, bound to one candidate file's columns.
struct AgeVerification<'a> {
    index: &'a SubscriberIndex,
    matcher: Matcher,
    frame: Frame,
    phone: Option<usize>,
    threshold: Option<usize>,
    attributes: [Option<usize>; IDENTITY_ATTRIBUTES.len()],
    default_threshold: Option<u32>,
    as_of: Date,
    base_rate: Option<u8>,
    precision: Precision,
}

/// One row's answer.
struct AgeAnswer {
    /// `true`, `false` (no score) or `not_available`.
    age_check: Outcome,
    verified: Option<bool>,
    score: Option<u8>,
}

impl AgeVerification<'_> {
    fn answer(&self, cells: &Cells<'_>, row: usize) -> Result<AgeAnswer, RowError> {
        let phone = check_value(Attribute::PhoneNumber, cells.get(self.phone, row))?;
        let mut requested = [None; IDENTITY_ATTRIBUTES.len()];
        for (i, attribute) in IDENTITY_ATTRIBUTES.iter().enumerate() {
            requested[i] = check_value(*attribute, cells.get(self.attributes[i], row))?;
        }
        let threshold = check_integer("ageThreshold", cells.get(self.threshold, row), AGE_THRESHOLDS)?
            .or(self.default_threshold)
            .ok_or_else(|| RowError::new(ErrorCode::InvalidArgument, "ageThreshold is required"))?;
        let subscriber = find_subscriber(self.index, phone)?;

        let mut outcomes = [Outcome::NotRequested; Attribute::COUNT];
        let mut scratch = Scratch::default();
        for (attribute, value) in IDENTITY_ATTRIBUTES.iter().zip(requested) {
            if let Some(value) = value {
                outcomes[attribute.index()] = self.matcher.compare(*attribute, value, subscriber, &mut scratch).outcome;
            }
        }
        let evidence = IdentityEvidence::from_outcomes(&outcomes);
        let verified = parse_flag(subscriber.extra(Extra::VerifiedStatus));
        if evidence.birthdate_mismatch() {
            return Ok(AgeAnswer { age_check: Outcome::NotAvailable, verified, score: None });
        }
        let birth = subscriber.values(Attribute::Birthdate).next().and_then(Date::parse);
        let age_check = match birth {
            None => Outcome::NotAvailable,
            Some(birth) if age_on(birth, self.as_of) >= threshold as i32 => Outcome::True,
            Some(_) => Outcome::False(None),
        };
        let score = identity_match_score(evidence, self.base_rate).map(|s| self.precision.score(s));
        Ok(AgeAnswer { age_check, verified, score })
    }
}

impl Job for AgeVerification<'_> {
    fn schema(&self) -> SchemaRef {
        self.frame.schema()
    }

    fn counted_columns(&self) -> Vec<&'static str> {
        vec!["ageCheck"]
    }

    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error> {
        let cells = Cells::new(batch);
        let answers = answer_rows(batch, |row| self.answer(&cells, row));
        let rows = answers.len();
        let mut age_check = StringBuilder::with_capacity(rows, rows * 5);
        let mut verified = BooleanBuilder::with_capacity(rows);
        let mut score = UInt8Builder::with_capacity(rows);
        for answer in &answers {
            let answer = answer.as_ref().ok();
            let check = answer.and_then(|a| a.age_check.match_str());
            age_check.append_option(check);
            verified.append_option(answer.and_then(|a| a.verified));
            score.append_option(answer.and_then(|a| a.score));
            summary.count_value(0, check);
        }
        let columns =
            vec![Arc::new(age_check.finish()) as _, Arc::new(verified.finish()) as _, Arc::new(score.finish()) as _];
        self.frame.finish(batch, first_row, &answers, columns, summary)
    }
}
