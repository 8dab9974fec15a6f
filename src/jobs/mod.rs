//! Batch jobs: one module per CAMARA question, each "row in, result row out" over the
//! spec, normalisation, similarity and index layers. Jobs know nothing of file formats.
//!
//! What every job shares lives here: request value checks (SPEC.md section 1 and 3), the
//! subscriber look-up, the `requestId, status, code, message` columns (where the profile's
//! error disclosure is applied, for every job), the [`Frame`] of kept columns around a job's
//! own, and the [`Job`] contract the pipeline drives.

pub mod age_verification;
pub mod device_swap;
pub mod insights;
pub mod kyc_match;
pub mod linkage;
pub mod matcher;

use crate::aggregate::fellegi_sunter::Model;
use crate::columns::Selection;
use crate::index::{ExtractNeeds, Lookup, Subscriber, SubscriberIndex};
use crate::io::InputBatch;
use crate::normalize::{Date, parse_e164, trim};
use crate::profile::{ErrorDisclosure, Profile};
use crate::report::Summary;
use crate::spec::{Attribute, ErrorCode, Format, RowError};
use arrow_array::builder::{StringBuilder, UInt16Builder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use rayon::prelude::*;
use std::borrow::Cow;
use std::ops::RangeInclusive;
use std::sync::Arc;

/// A batch job, as the pipeline drives it.
pub trait Job: Send + Sync {
    /// The output schema, known before the first batch.
    fn schema(&self) -> arrow_schema::SchemaRef;

    /// The `true`/`false`/`not_available` columns the summary counts.
    fn counted_columns(&self) -> Vec<&'static str>;

    /// Answers every row of `batch` (rows in parallel, on the current rayon pool), in input
    /// order, and counts them into `summary`. `first_row` is the 1-based number of its first row.
    fn process(&self, batch: &InputBatch, first_row: u64, summary: &mut Summary) -> Result<RecordBatch, crate::Error>;

    /// Learns from the leading rows (at least [`JobFactory::training_rows`], unless the file
    /// is shorter), read before the run proper; the run then processes these same batches
    /// first, in order, so a job may keep what it computed for them.
    fn train(&mut self, _sample: &[InputBatch]) -> Result<(), crate::Error> {
        Ok(())
    }

    /// The linkage model the job scores with, if any, and whether it was trained in this run
    /// (else reused from a file).
    fn model(&self) -> Option<(&Model, bool)> {
        None
    }
}

/// The job-specific part of a run: its name, the candidate columns it reads, and how it is
/// bound to the index, the profile and the candidates' columns.
pub trait JobFactory {
    /// The job's name in the summary.
    fn name(&self) -> &'static str;
    /// Every candidate column the job reads: its API's request properties (plus
    /// `requestId`). An NDJSON body may carry only these; other CSV or Parquet columns are
    /// reported as not used.
    fn candidate_columns(&self) -> Vec<&'static str>;
    /// What the job reads from the extract, given the candidates' columns (an attribute no
    /// request can carry need not be indexed).
    fn extract_needs(&self, candidates: &Selection) -> ExtractNeeds;
    /// How many leading candidate rows the job wants to learn from before the run (a
    /// training sample, read while the index is built); 0, the default, for none.
    fn training_rows(&self) -> usize {
        0
    }
    /// The job, bound to one run (`keep`: candidate columns passed through, index and name),
    /// or the usage error that stops the run (an extract without a column the job needs).
    fn bind<'a>(
        &self,
        index: &'a SubscriberIndex,
        profile: &Profile,
        candidates: &Selection,
        keep: Vec<(usize, String)>,
    ) -> Result<Box<dyn Job + 'a>, crate::Error>;
}

/// The attributes of `attributes` that the candidates have a column for.
pub fn carried(attributes: &[Attribute], candidates: &Selection) -> Vec<Attribute> {
    attributes.iter().copied().filter(|a| candidates.get(a.name()).is_some()).collect()
}

/// Checks one raw request value against its attribute's rules. Empty (or blank) is "not
/// requested" (`Ok(None)`); otherwise the trimmed value, or the row's 400 INVALID_ARGUMENT
/// with a message naming the attribute, never the value.
pub fn check_value(attribute: Attribute, raw: &str) -> Result<Option<&str>, RowError> {
    check_value_within(attribute, raw, attribute.spec().max_length)
}

/// [`check_value`] under an API whose maxLength for the attribute is `max_length` (Customer
/// Insights' idDocument: 30).
pub fn check_value_within(attribute: Attribute, raw: &str, max_length: usize) -> Result<Option<&str>, RowError> {
    let value = trim(raw);
    if value.is_empty() {
        return Ok(None);
    }
    let spec = attribute.spec();
    let invalid = |why: String| Err(RowError::new(ErrorCode::InvalidArgument, format!("{}: {why}", spec.name)));
    let control =
        if raw.is_ascii() { raw.bytes().any(|b| b.is_ascii_control()) } else { raw.chars().any(char::is_control) };
    if control {
        return invalid("contains control characters".into());
    }
    if raw.len() > max_length && raw.chars().count() > max_length {
        return invalid(format!("longer than maxLength {max_length}"));
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
            // A case-sensitive enum says so: `PASSPORT` is refused where `female` is not.
            let case = if case_insensitive { "" } else { " (as CAMARA spells them)" };
            (!valid).then(|| format!("must be one of {}{case}", values.join(", ")))
        }
    };
    match why {
        Some(why) => invalid(why),
        None => Ok(Some(value)),
    }
}

/// Checks an integer request property (`ageThreshold`, `maxAge`): empty is not given
/// (`Ok(None)`); not an integer is 400 INVALID_ARGUMENT; an integer outside `range` (however
/// large) is 400 OUT_OF_RANGE. Messages name the property, never the value.
pub fn check_integer(name: &str, raw: &str, range: RangeInclusive<u32>) -> Result<Option<u32>, RowError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RowError::new(ErrorCode::InvalidArgument, format!("{name}: must be an integer")));
    }
    let negative = value.starts_with('-') && digits.bytes().any(|b| b != b'0');
    let number = (!negative).then(|| digits.parse::<u32>().ok()).flatten();
    match number {
        Some(n) if range.contains(&n) => Ok(Some(n)),
        // Negative, or beyond u32: out of range too.
        _ => Err(RowError::new(
            ErrorCode::OutOfRange,
            format!("{name}: must be within {}..{}", range.start(), range.end()),
        )),
    }
}

/// The subscriber behind a request's checked phone number (SPEC.md 3): none is 422
/// MISSING_IDENTIFIER; a number the extract does not hold is 404 IDENTIFIER_NOT_FOUND; one out
/// of scope (or on several extract rows) is 422 SERVICE_NOT_APPLICABLE.
pub fn find_subscriber<'i>(index: &'i SubscriberIndex, phone: Option<&str>) -> Result<Subscriber<'i>, RowError> {
    let phone = phone.ok_or_else(|| RowError::new(ErrorCode::MissingIdentifier, "phoneNumber is required"))?;
    match index.lookup(parse_e164(phone).expect("a phone number checked by check_value")) {
        Lookup::NotFound => {
            Err(RowError::new(ErrorCode::IdentifierNotFound, "phoneNumber: no subscriber with this number"))
        }
        Lookup::NotApplicable => {
            Err(RowError::new(ErrorCode::ServiceNotApplicable, "the subscription is out of the service's scope"))
        }
        Lookup::Found(subscriber) => Ok(subscriber),
    }
}

/// A yes/no cell of the extract (`true`/`false`, `1`/`0`, `yes`/`no`, `y`/`n`, any case);
/// `None` when empty or anything else.
pub fn parse_flag(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// The one message of every 422 SERVICE_NOT_APPLICABLE that must not tell which identifier
/// was wrong: under [`ErrorDisclosure::Generic`], and Customer Insights' idDocument checks.
pub const GENERIC_NOT_APPLICABLE: &str = "the service is not applicable to the identifiers given";

/// `error` as the profile lets it be told. Under [`ErrorDisclosure::Generic`],
/// ID_DOCUMENT_REQUIRED, ID_DOCUMENT_MISMATCH and IDENTIFIER_NOT_FOUND become 422
/// SERVICE_NOT_APPLICABLE, and every SERVICE_NOT_APPLICABLE carries [`GENERIC_NOT_APPLICABLE`],
/// so that none can be told from another. Applied by [`HeaderColumns::append`], for every job.
pub fn disclosed(error: &RowError, disclosure: ErrorDisclosure) -> Cow<'_, RowError> {
    let hidden = matches!(
        error.code,
        ErrorCode::IdDocumentRequired
            | ErrorCode::IdDocumentMismatch
            | ErrorCode::IdentifierNotFound
            | ErrorCode::ServiceNotApplicable
    );
    match disclosure {
        ErrorDisclosure::Generic if hidden => {
            Cow::Owned(RowError::new(ErrorCode::ServiceNotApplicable, GENERIC_NOT_APPLICABLE))
        }
        _ => Cow::Borrowed(error),
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
    disclosure: ErrorDisclosure,
}

impl HeaderColumns {
    /// Room for `rows` rows, whose errors are told as `disclosure` says.
    pub fn with_capacity(rows: usize, disclosure: ErrorDisclosure) -> HeaderColumns {
        HeaderColumns {
            request_id: StringBuilder::with_capacity(rows, rows * 8),
            status: UInt16Builder::with_capacity(rows),
            code: StringBuilder::new(),
            message: StringBuilder::new(),
            disclosure,
        }
    }

    /// Appends one row and its error as [`disclosed`]. The requestId is the input's
    /// (`request_id`, trimmed) when the candidates have a requestId column, else the 1-based
    /// row number: a row number could equal another row's real id, so a row whose id is empty
    /// or could not be read gets an empty one, which no real id is.
    pub fn append(
        &mut self,
        request_id: Option<&str>,
        row_number: u64,
        error: Option<&RowError>,
        summary: &mut Summary,
    ) {
        match request_id {
            Some(id) => self.request_id.append_value(trim(id)),
            None => self.request_id.append_value(row_number.to_string()),
        }
        let error = error.map(|e| disclosed(e, self.disclosure));
        let error = error.as_deref();
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

/// The string columns of one input batch, read by position.
pub struct Cells<'b> {
    columns: Vec<&'b StringArray>,
}

impl<'b> Cells<'b> {
    /// The columns of `batch` (every reader yields Utf8 columns).
    pub fn new(batch: &'b InputBatch) -> Cells<'b> {
        Cells { columns: batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect() }
    }

    /// The cell of `column` (when the file has it) in `row`; `""` for null or no column.
    pub fn get(&self, column: Option<usize>, row: usize) -> &'b str {
        cell(column.map(|c| self.columns[c]), row)
    }
}

/// Answers every row of `batch` in parallel (on the current rayon pool), in input order: a
/// row with a read defect gets its 400, every other row `answer(row)`.
pub fn answer_rows<T: Send>(
    batch: &InputBatch,
    answer: impl Fn(usize) -> Result<T, RowError> + Sync,
) -> Vec<Result<T, RowError>> {
    (0..batch.len())
        .into_par_iter()
        .map(|row| match defect_error(batch, row) {
            Some(error) => Err(error),
            None => answer(row),
        })
        .collect()
}

/// What every sibling job binds the same way around its own result columns: the
/// `requestId` column, the columns kept with `--keep` (written last, beside the NDJSON
/// body), the profile's error disclosure, and so the output schema.
pub struct Frame {
    request_id: Option<usize>,
    keep: Vec<usize>,
    disclosure: ErrorDisclosure,
    schema: SchemaRef,
}

impl Frame {
    /// The frame of a job whose own columns are `fields`, between the header columns and the
    /// kept ones.
    pub fn new(candidates: &Selection, keep: Vec<(usize, String)>, profile: &Profile, fields: Vec<Field>) -> Frame {
        let mut all = header_fields();
        all.extend(fields);
        all.extend(keep.iter().map(|(_, name)| extra_field(name, DataType::Utf8)));
        Frame {
            request_id: candidates.get("requestId"),
            keep: keep.into_iter().map(|(i, _)| i).collect(),
            disclosure: profile.error_disclosure,
            schema: Arc::new(Schema::new(all)),
        }
    }

    /// The output schema.
    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    /// The output batch: the header columns of `answers` (counted into `summary`), the job's
    /// `columns`, then the kept ones. `first_row` is the 1-based number of the batch's first row.
    pub fn finish<T>(
        &self,
        batch: &InputBatch,
        first_row: u64,
        answers: &[Result<T, RowError>],
        columns: Vec<ArrayRef>,
        summary: &mut Summary,
    ) -> Result<RecordBatch, crate::Error> {
        let cells = Cells::new(batch);
        let mut header = HeaderColumns::with_capacity(answers.len(), self.disclosure);
        for (row, answer) in answers.iter().enumerate() {
            let request_id = self.request_id.map(|column| cells.get(Some(column), row));
            header.append(request_id, first_row + row as u64, answer.as_ref().err(), summary);
        }
        let mut arrays = header.finish();
        arrays.extend(columns);
        arrays.extend(self.keep.iter().map(|&i| batch.data.column(i).clone()));
        Ok(RecordBatch::try_new(self.schema.clone(), arrays)?)
    }
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
        assert!(code(Attribute::Gender, "Female").is_ok());
        assert!(code(Attribute::Email, "ana@example.com").is_ok());
        assert!(code(Attribute::Email, "ana@@example.com").is_err());
        assert!(code(Attribute::Email, "ana example.com").is_err());
    }

    #[test]
    fn integers_are_checked_for_form_then_range() {
        let check = |raw| check_integer("maxAge", raw, 1..=2400).map_err(|e| (e.code, e.message));
        assert_eq!(check(""), Ok(None));
        assert_eq!(check(" 240 "), Ok(Some(240)));
        assert_eq!(check("+1"), Ok(Some(1)));
        assert_eq!(check_integer("ageThreshold", "-0", 0..=120).map_err(|e| e.code), Ok(Some(0)));
        assert_eq!(check("2400"), Ok(Some(2400)));
        let out_of_range = Err((ErrorCode::OutOfRange, "maxAge: must be within 1..2400".to_string()));
        for raw in ["0", "2401", "-5", "99999999999999999999"] {
            assert_eq!(check(raw), out_of_range, "{raw}");
        }
        let invalid = Err((ErrorCode::InvalidArgument, "maxAge: must be an integer".to_string()));
        for raw in ["12.5", "twelve", "1e3", "-", "0x10", "１２"] {
            assert_eq!(check(raw), invalid, "{raw}");
        }
    }

    #[test]
    fn flags_read_the_usual_spellings() {
        assert_eq!(parse_flag(" TRUE "), Some(true));
        assert_eq!(parse_flag("y"), Some(true));
        assert_eq!(parse_flag("0"), Some(false));
        assert_eq!(parse_flag("No"), Some(false));
        assert_eq!(parse_flag(""), None);
        assert_eq!(parse_flag("maybe"), None);
    }

    #[test]
    fn generic_disclosure_hides_which_identifier_was_wrong() {
        let generic = |code| disclosed(&RowError::new(code, "detail"), ErrorDisclosure::Generic).into_owned();
        let hidden = RowError::new(ErrorCode::ServiceNotApplicable, GENERIC_NOT_APPLICABLE);
        for code in [
            ErrorCode::IdDocumentRequired,
            ErrorCode::IdDocumentMismatch,
            ErrorCode::IdentifierNotFound,
            ErrorCode::ServiceNotApplicable,
        ] {
            assert_eq!(generic(code), hidden, "{code:?}");
        }
        for code in [ErrorCode::InvalidArgument, ErrorCode::MissingIdentifier, ErrorCode::IdDocumentNotSupported] {
            assert_eq!(generic(code), RowError::new(code, "detail"), "{code:?} is told as it is");
        }
        let not_found = RowError::new(ErrorCode::IdentifierNotFound, "x");
        assert_eq!(*disclosed(&not_found, ErrorDisclosure::Detailed), not_found);
    }

    #[test]
    fn check_value_within_takes_the_apis_max_length() {
        assert!(check_value_within(Attribute::IdDocument, &"A".repeat(30), 30).is_ok());
        let message = check_value_within(Attribute::IdDocument, &"A".repeat(31), 30).unwrap_err().message;
        assert_eq!(message, "idDocument: longer than maxLength 30");
        assert!(check_value(Attribute::IdDocument, &"A".repeat(31)).is_ok(), "KYC Match allows 50");
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
