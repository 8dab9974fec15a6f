//! Device Swap (SPEC.md section 5): did the device behind each phone number change within
//! `maxAge` hours before the reference time, and when did it last change?
//!
//! Reads exactly the API's request properties, `phoneNumber` and `maxAge` (plus
//! `requestId`), and the extract's `latestDeviceChange` (RFC 3339; an extract without the
//! column stops the run, exit 2); writes `requestId, status, code, message, swapped,
//! latestDeviceChange, monitoredPeriod`, then the columns passed through with `--keep`. One
//! row answers both CAMARA operations: `check` (swapped) and `retrieve-date`
//! (latestDeviceChange, monitoredPeriod).
//!
//! - `maxAge`: the row's, else `--max-age`, default 240 hours; not an integer is 400
//!   INVALID_ARGUMENT, outside 1..2400 is 400 OUT_OF_RANGE. Phone numbers are checked and
//!   looked up as in KYC Match (SPEC.md 3); an empty latestDeviceChange means the SIM never
//!   connected: 422 SERVICE_NOT_APPLICABLE (so does a value that is not RFC 3339).
//! - `swapped`: `true` when the change is at most maxAge hours before the reference time
//!   (`--as-of`, default now). The bound is inclusive: a change exactly maxAge hours ago
//!   counts. A change after the reference time (clock skew, or an `--as-of` earlier than the
//!   extract) counts as swapped too: it is no older than maxAge, and for a fraud check
//!   "swapped" is the safe answer.
//! - `latestDeviceChange`: the change in UTC (`2024-09-18T07:37:53Z`).
//! - With the profile's `monitored_period_days`, a change more than that many days before the
//!   reference time (again inclusive: exactly that long ago is still told) is withheld:
//!   latestDeviceChange empty, `monitoredPeriod` the days, swapped false. A maxAge beyond the
//!   monitored period (maxAge > days x 24) is 400 OUT_OF_RANGE. Otherwise monitoredPeriod is
//!   empty, as CAMARA returns it only with a withheld date.

use super::{Cells, Frame, Job, JobFactory, answer_rows, check_integer, check_value, find_subscriber};
use crate::columns::Selection;
use crate::index::{Extra, ExtractNeeds, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::Timestamp;
use crate::profile::Profile;
use crate::report::Summary;
use crate::spec::{Attribute, ErrorCode, RowError};
use arrow_array::RecordBatch;
use arrow_array::builder::{BooleanBuilder, StringBuilder, UInt32Builder};
use arrow_schema::{DataType, Field, SchemaRef};
use std::sync::Arc;

/// CAMARA's default maxAge, in hours.
pub const DEFAULT_MAX_AGE: u32 = 240;
/// The valid maxAge values, in hours.
pub const MAX_AGES: std::ops::RangeInclusive<u32> = 1..=2400;

/// Binds Device Swap to a run.
#[derive(Debug, Clone, Copy)]
pub struct Factory {
    /// The maxAge of rows without their own (`--max-age`), in hours.
    pub max_age: u32,
    /// The reference time (`--as-of`).
    pub as_of: Timestamp,
}

impl JobFactory for Factory {
    fn name(&self) -> &'static str {
        "swap"
    }

    fn candidate_columns(&self) -> Vec<&'static str> {
        vec!["requestId", "phoneNumber", "maxAge"]
    }

    fn extract_needs(&self, _candidates: &Selection) -> ExtractNeeds {
        ExtractNeeds { attributes: Vec::new(), extras: vec![Extra::LatestDeviceChange] }
    }

    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, crate::Error> {
        if !index.has_extra(Extra::LatestDeviceChange) {
            return Err(crate::Error::Usage(
                "the extract has no latestDeviceChange column (map the operator's header in the profile's \
                 [columns.extract])"
                    .into(),
            ));
        }
        let fields = vec![
            Field::new("swapped", DataType::Boolean, true),
            // CAMARA's retrieve-date body tells a withheld date as `"latestDeviceChange": null`.
            Field::new("latestDeviceChange", DataType::Utf8, true).with_metadata(std::collections::HashMap::from([(
                crate::io::ROLE.to_string(),
                crate::io::ROLE_NULLABLE.to_string(),
            )])),
            Field::new("monitoredPeriod", DataType::UInt32, true),
        ];
        Ok(Box::new(DeviceSwap {
            index,
            frame: Frame::new(candidates, keep, profile, fields),
            phone: candidates.get(Attribute::PhoneNumber.name()),
            max_age: candidates.get("maxAge"),
            default_max_age: self.max_age,
            as_of: self.as_of,
            monitored_period_days: profile.monitored_period_days,
        }))
    }
}

/// The device swap job, bound to one candidate file's columns.
struct DeviceSwap<'a> {
    index: &'a SubscriberIndex,
    frame: Frame,
    phone: Option<usize>,
    max_age: Option<usize>,
    default_max_age: u32,
    as_of: Timestamp,
    monitored_period_days: Option<u32>,
}

/// One row's answer.
struct SwapAnswer {
    swapped: bool,
    /// The change, unless withheld.
    change: Option<Timestamp>,
    /// The monitored period in days, when the change is withheld.
    monitored_period: Option<u32>,
}

impl DeviceSwap<'_> {
    fn answer(&self, cells: &Cells<'_>, row: usize) -> Result<SwapAnswer, RowError> {
        let phone = check_value(Attribute::PhoneNumber, cells.get(self.phone, row))?;
        let max_age = check_integer("maxAge", cells.get(self.max_age, row), MAX_AGES)?.unwrap_or(self.default_max_age);
        if let Some(days) = self.monitored_period_days
            && u64::from(max_age) > u64::from(days) * 24
        {
            return Err(RowError::new(
                ErrorCode::OutOfRange,
                format!("maxAge: beyond the monitored period of {days} days"),
            ));
        }
        let subscriber = find_subscriber(self.index, phone)?;
        let raw = subscriber.extra(Extra::LatestDeviceChange);
        if raw.is_empty() {
            return Err(RowError::new(ErrorCode::ServiceNotApplicable, "the SIM has never connected to the network"));
        }
        let change = Timestamp::parse_rfc3339(raw).ok_or_else(|| {
            RowError::new(ErrorCode::ServiceNotApplicable, "latestDeviceChange: the operator's value is not RFC 3339")
        })?;
        if let Some(days) = self.monitored_period_days
            && change < self.as_of.plus_seconds(-i64::from(days) * 86_400)
        {
            return Ok(SwapAnswer { swapped: false, change: None, monitored_period: Some(days) });
        }
        let swapped = change >= self.as_of.plus_seconds(-i64::from(max_age) * 3600);
        Ok(SwapAnswer { swapped, change: Some(change), monitored_period: None })
    }
}

impl Job for DeviceSwap<'_> {
    fn schema(&self) -> SchemaRef {
        self.frame.schema()
    }

    fn counted_columns(&self) -> Vec<&'static str> {
        vec!["swapped"]
    }

    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error> {
        let cells = Cells::new(batch);
        let answers = answer_rows(batch, |row| self.answer(&cells, row));
        let rows = answers.len();
        let mut swapped = BooleanBuilder::with_capacity(rows);
        let mut change = StringBuilder::with_capacity(rows, rows * 20);
        let mut monitored_period = UInt32Builder::with_capacity(rows);
        for answer in &answers {
            let answer = answer.as_ref().ok();
            swapped.append_option(answer.map(|a| a.swapped));
            change.append_option(answer.and_then(|a| a.change).map(|c| c.to_string()));
            monitored_period.append_option(answer.and_then(|a| a.monitored_period));
            summary.count_value(0, answer.map(|a| if a.swapped { "true" } else { "false" }));
        }
        let columns = vec![
            Arc::new(swapped.finish()) as _,
            Arc::new(change.finish()) as _,
            Arc::new(monitored_period.finish()) as _,
        ];
        self.frame.finish(batch, first_row, &answers, columns, summary)
    }
}
