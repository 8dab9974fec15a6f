//! Batch jobs: one module per CAMARA question, each "row in, result row out" over the
//! spec, normalisation, similarity and index layers. Jobs know nothing of file formats.
//!
//! What every job shares lives here: request value checks (SPEC.md section 1 and 3), the
//! `requestId, status, code, message` columns, and the [`Job`] contract the pipeline drives.

pub mod kyc_match;

use crate::columns::Selection;
use crate::index::SubscriberIndex;
use crate::io::InputBatch;
use crate::normalize::{Date, parse_e164};
use crate::profile::Profile;
use crate::report::Summary;
use crate::spec::{Attribute, ErrorCode, Format, RowError};
use arrow_array::builder::{StringBuilder, UInt16Builder};
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field};
use std::sync::Arc;

/// A batch job, as the pipeline drives it.
pub trait Job: Sync {
    /// The output schema, known before the first batch.
    fn schema(&self) -> arrow_schema::SchemaRef;

    /// The `true`/`false`/`not_available` columns the summary counts.
    fn counted_columns(&self) -> Vec<&'static str>;

    /// Answers every row of `batch` (rows in parallel, on the current rayon pool), in input
    /// order, and counts them into `summary`. `first_row` is the 1-based number of its first row.
    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error>;
}

/// The job-specific part of a run: its name, the extra candidate columns it reads, and how
/// it is bound to the index, the profile and the candidates' columns.
pub trait JobFactory {
    /// The job's name in the summary.
    fn name(&self) -> &'static str;
    /// Candidate column names the job reads besides the CAMARA attributes.
    fn candidate_extras(&self) -> &'static [&'static str];
    /// The job, bound to one run (`keep`: candidate columns passed through, index and name).
    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Box<dyn Job + 'a>;
}

/// Checks one raw request value against its attribute's rules. Empty (or blank) is "not
/// requested" (`Ok(None)`); otherwise the trimmed value, or the row's 400 INVALID_ARGUMENT
/// with a message naming the attribute, never the value.
pub fn check_value(attribute: Attribute, raw: &str) -> Result<Option<&str>, RowError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let spec = attribute.spec();
    let invalid = |why: String| Err(RowError::new(ErrorCode::InvalidArgument, format!("{}: {why}", spec.name)));
    if raw.chars().any(char::is_control) {
        return invalid("contains control characters".into());
    }
    if raw.len() > spec.max_length && raw.chars().count() > spec.max_length {
        return invalid(format!("longer than maxLength {}", spec.max_length));
    }
    let why = match spec.format {
        Format::Free => None,
        Format::E164 => {
            parse_e164(value).is_none().then(|| "must be E.164 with a leading + (^\\+[1-9][0-9]{4,14}$)".into())
        }
        Format::Date => Date::parse(value).is_none().then(|| "must be a date YYYY-MM-DD".into()),
        Format::BankAccount => {
            let valid = value.split_once(':').is_some_and(|(scheme, number)| {
                !scheme.is_empty()
                    && scheme.bytes().all(|b| b.is_ascii_uppercase())
                    && !number.is_empty()
                    && number.bytes().all(|b| b.is_ascii_alphanumeric())
            });
            (!valid).then(|| "must match ^[A-Z]+:[A-Za-z0-9]+$".into())
        }
        Format::CountryCode => {
            let valid = value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic());
            (!valid).then(|| "must be an ISO 3166-1 alpha-2 code".into())
        }
        Format::Email => {
            let valid = value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !value.contains(char::is_whitespace)
            });
            (!valid).then(|| "must be local-part@domain".into())
        }
        Format::Enum { values, case_insensitive } => {
            let valid =
                values.iter().any(|v| if case_insensitive { v.eq_ignore_ascii_case(value) } else { *v == value });
            (!valid).then(|| format!("must be one of {}", values.join(", ")))
        }
    };
    match why {
        Some(why) => invalid(why),
        None => Ok(Some(value)),
    }
}

/// The leading columns of every job's output.
pub fn header_fields() -> Vec<Field> {
    vec![
        Field::new("requestId", DataType::Utf8, false),
        Field::new("status", DataType::UInt16, false),
        Field::new("code", DataType::Utf8, true),
        Field::new("message", DataType::Utf8, true),
    ]
}

/// A result column outside the CAMARA response body (kept input columns, kyclink's own
/// aggregates), marked so that NDJSON writes it beside `body`.
pub fn extra_field(name: &str, data_type: DataType) -> Field {
    let role = std::collections::HashMap::from([(crate::io::ROLE.to_string(), crate::io::ROLE_EXTRA.to_string())]);
    Field::new(name, data_type, true).with_metadata(role)
}

/// Builds the `requestId, status, code, message` columns of one batch.
pub struct HeaderColumns {
    request_id: StringBuilder,
    status: UInt16Builder,
    code: StringBuilder,
    message: StringBuilder,
}

impl HeaderColumns {
    /// Room for `rows` rows.
    pub fn with_capacity(rows: usize) -> HeaderColumns {
        HeaderColumns {
            request_id: StringBuilder::with_capacity(rows, rows * 8),
            status: UInt16Builder::with_capacity(rows),
            code: StringBuilder::new(),
            message: StringBuilder::new(),
        }
    }

    /// Appends one row: the input's `requestId` when it has one (unreadable rows have none),
    /// else the 1-based row number.
    pub fn append(&mut self, request_id: &str, row_number: u64, error: Option<&RowError>, summary: &mut Summary) {
        match request_id.trim() {
            "" => self.request_id.append_value(row_number.to_string()),
            id => self.request_id.append_value(id),
        }
        let (status, code) = error.map_or((200, None), |e| (e.code.status(), Some(e.code.code())));
        self.status.append_value(status);
        self.code.append_option(code);
        self.message.append_option(error.map(|e| e.message.as_str()));
        summary.count_row(status, code.unwrap_or(""));
    }

    /// The four finished columns.
    pub fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.request_id.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.message.finish()),
        ]
    }
}

/// A nullable string column of a batch, read as `&str` ("" for null).
pub fn cell(column: Option<&StringArray>, row: usize) -> &str {
    column.map_or("", |c| if c.is_valid(row) { c.value(row) } else { "" })
}

/// The row's read defect (ragged, invalid UTF-8) as its 400 INVALID_ARGUMENT, if it has one.
pub fn defect_error(batch: &InputBatch, row: usize) -> Option<RowError> {
    batch
        .defects
        .binary_search_by_key(&row, |(r, _)| *r)
        .ok()
        .map(|i| RowError::new(ErrorCode::InvalidArgument, batch.defects[i].1.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(attribute: Attribute, raw: &str) -> Result<Option<&str>, String> {
        check_value(attribute, raw).map_err(|e| e.message)
    }

    #[test]
    fn empty_is_not_requested_and_values_are_trimmed() {
        assert_eq!(code(Attribute::GivenName, "   "), Ok(None));
        assert_eq!(code(Attribute::GivenName, " Ana "), Ok(Some("Ana")));
    }

    #[test]
    fn format_rules() {
        assert!(code(Attribute::PhoneNumber, "+34600123456").is_ok());
        assert_eq!(code(Attribute::PhoneNumber, "0034600123456").unwrap_err().split(':').next(), Some("phoneNumber"));
        assert!(code(Attribute::Birthdate, "1990-02-30").is_err());
        assert!(code(Attribute::BankAccountNumber, "IBAN:NL59ABNA0123456789").is_ok());
        assert!(code(Attribute::BankAccountNumber, "NL59ABNA0123456789").is_err());
        assert!(code(Attribute::BankAccountNumber, "iban:NL59").is_err());
        assert!(code(Attribute::Country, "es").is_ok());
        assert!(code(Attribute::Country, "ESP").is_err());
        assert!(code(Attribute::Gender, "female").is_ok());
        assert!(code(Attribute::Gender, "F").is_err());
        assert!(code(Attribute::IdDocumentType, "passport").is_ok());
        assert!(code(Attribute::IdDocumentType, "Passport").is_err());
        assert!(code(Attribute::Email, "ana@example.com").is_ok());
        assert!(code(Attribute::Email, "ana@@example.com").is_err());
        assert!(code(Attribute::Email, "ana example.com").is_err());
    }

    #[test]
    fn length_and_control_characters_never_echo_the_value() {
        let long = "x".repeat(10_000);
        let message = code(Attribute::Address, &long).unwrap_err();
        assert_eq!(message, "address: longer than maxLength 256");
        assert_eq!(code(Attribute::GivenName, "An\u{7}a").unwrap_err(), "givenName: contains control characters");
        // maxLength counts characters, not bytes.
        assert!(code(Attribute::Country, "ÉS").is_err());
        assert!(code(Attribute::GivenName, &"é".repeat(100)).is_ok());
    }
}
