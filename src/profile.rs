//! The operator profile (TOML): how an operator's files and rules map onto CAMARA.
//!
//! Every decision of SPEC.md section 9 that an operator could reasonably want otherwise is a
//! setting here, with SPEC.md's default. `kyclink profile` prints [`DEFAULT_PROFILE`].

use crate::error::Error;
use crate::normalize::{Normalizer, TextProfile};
use crate::spec::ScoringType;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

/// The commented default profile; parsing it gives `Profile::default()` (tested).
pub const DEFAULT_PROFILE: &str = r#"# kyclink operator profile. Every key is optional; the values shown are the defaults.

# Free-text normalisation before comparison:
#   "mobile-connect"  NFKC, lower case, accents folded, every non-alphanumeric removed
#   "nl"              KPN: lower case, ae/oe/ue for umlauts, Dutch family-name prefixes removed
#   "exact"           trimmed only
normalization = "mobile-connect"

# Compare the parts of `name` and `address` in any order ("Garcia Lopez Maria" equals
# "Maria Garcia Lopez"); false compares them in the order given.
any_part_order = true

# Write <attr>MatchScore (0..99) with false results. CAMARA makes scoring optional.
scores = true

# The field delimiter of CSV inputs (candidates and extract): "," or, as many European
# exports, ";"; "\t" for tab-separated files. `--delimiter` overrides it.
delimiter = ","

# Separator of several values in one extract cell (idDocument, email, address, streetName,
# familyName): true when any value matches, the score is the best over the values.
multi_value_separator = "|"

# ---- Policies (every job) ----

# KYC Match second-level validation (kyc-match 0.4.0): "required" answers a request without
# idDocument 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED, and one whose idDocument matches
# none of the subscriber's documents 403 KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH; either way
# no attribute is compared. "off" compares idDocument like any other attribute.
id_document_gate = "off"

# "generic" answers ID_DOCUMENT_REQUIRED, ID_DOCUMENT_MISMATCH and IDENTIFIER_NOT_FOUND as
# 422 SERVICE_NOT_APPLICABLE, with the one message every SERVICE_NOT_APPLICABLE then carries,
# so that a caller cannot probe which identifier was wrong. "detailed" tells them apart.
error_disclosure = "detailed"

# "rough" floors every 0..99 <attr>MatchScore and identityMatchScore to a multiple of 10 (a
# coarser, cheaper product); Customer Insights then answers the lower bound of the score's
# band, unless `kyclink insights --precision` says otherwise.
score_precision = "detailed"

# ---- KYC Age Verification ----

# identityMatchScore (0..100) of a request that carries no name, idDocument or email; unset:
# no score.
# identity_base_rate = 50

# ---- Device Swap ----

# When regulation keeps older device-change dates from being told: a change older than this
# many days is answered without its date (latestDeviceChange empty, monitoredPeriod = the
# days, swapped false), and a maxAge beyond the period is 400 OUT_OF_RANGE. Unset: every date
# is told.
# monitored_period_days = 30

# ---- Customer Insights ----

# The scale answered when neither the request (scoringType) nor --scoring-type names one:
# "gaugeMetric" (300..850) or "veritasIndex" (0..19).
insights_default_scoring_type = "gaugeMetric"

# idDocument in an insights request: "optional" (checked when given), "required" (absent:
# 422 SERVICE_NOT_APPLICABLE) or "refused" (given: 422 CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED).
insights_id_document = "optional"

# Column mapping: CAMARA name = "your header". Unmapped headers that are CAMARA names are
# used as they are. A key that is no name kyclink knows, two keys mapped to one header, and
# a mapped header that the file does not have (for a column the job reads) are errors. Candidates may also map `requestId` (and the sibling jobs' ageThreshold,
# maxAge, scoringType); the extract may map `serviceApplicable` (false/0/no puts a
# subscription out of scope: 422 SERVICE_NOT_APPLICABLE) and the sibling jobs' columns:
# verifiedStatus (age), latestDeviceChange (swap), gaugeMetric and veritasIndex (insights).
[columns.candidates]
# phoneNumber = "MSISDN"

[columns.extract]
# phoneNumber = "MSISDN"
# givenName = "FIRST_NAME"
"#;

/// An operator profile, as read from TOML.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// Free-text normalisation (SPEC.md 9.1).
    pub normalization: TextProfile,
    /// Whether the parts of full names and addresses compare in any order.
    pub any_part_order: bool,
    /// Whether `false` results carry a 0..99 score.
    pub scores: bool,
    /// The field delimiter of CSV inputs.
    pub delimiter: char,
    /// The separator of multi-valued extract cells (SPEC.md 9.5).
    pub multi_value_separator: char,
    /// The kyc-match 0.4.0 idDocument gate of KYC Match.
    pub id_document_gate: IdDocumentGate,
    /// Whether error codes that tell identifiers apart are disclosed, in every job.
    pub error_disclosure: ErrorDisclosure,
    /// The precision of every 0..99 score and of identityMatchScore (and the default of
    /// Customer Insights' `--precision`).
    pub score_precision: Precision,
    /// identityMatchScore of an age request with nothing to score (SPEC.md 4); `None`: no score.
    pub identity_base_rate: Option<u8>,
    /// Device Swap: how far back, in days, device-change dates may be told; `None`: always.
    pub monitored_period_days: Option<u32>,
    /// Customer Insights: the scale answered when neither the request nor the command names one.
    pub insights_default_scoring_type: ScoringType,
    /// Customer Insights: whether an idDocument is optional, required or refused.
    pub insights_id_document: InsightsIdDocument,
    /// Header mappings of both input files.
    pub columns: Columns,
}

/// The kyc-match 0.4.0 second-level validation on idDocument (SPEC.md 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdDocumentGate {
    /// idDocument is compared like any other attribute.
    #[default]
    Off,
    /// A request must carry an idDocument that matches one of the subscriber's documents
    /// before any attribute is compared (else 403 ID_DOCUMENT_REQUIRED / ID_DOCUMENT_MISMATCH).
    Required,
}

/// How much an error row tells about which identifier was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorDisclosure {
    /// Every CAMARA code as it is.
    #[default]
    Detailed,
    /// ID_DOCUMENT_REQUIRED, ID_DOCUMENT_MISMATCH and IDENTIFIER_NOT_FOUND become 422
    /// SERVICE_NOT_APPLICABLE, and every SERVICE_NOT_APPLICABLE carries one fixed message.
    Generic,
}

/// The precision of a score: exact, or coarse buckets (SPEC.md 6 and 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// The exact score.
    #[default]
    Detailed,
    /// 0..100 scores floored to a multiple of 10; insights scores to their band's lower bound.
    Rough,
}

impl Precision {
    /// A 0..100 score at this precision: itself, or floored to a multiple of 10 (`99` -> `90`,
    /// `100` stays `100`). The one place where scores are made rough.
    pub fn score(self, score: u8) -> u8 {
        match self {
            Precision::Detailed => score,
            Precision::Rough => score / 10 * 10,
        }
    }
}

impl FromStr for Precision {
    type Err = String;

    fn from_str(name: &str) -> Result<Precision, String> {
        match name {
            "detailed" => Ok(Precision::Detailed),
            "rough" => Ok(Precision::Rough),
            other => Err(format!("unknown precision {other:?} (detailed, rough)")),
        }
    }
}

/// Whether a Customer Insights request may, must or must not carry an idDocument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InsightsIdDocument {
    /// Checked against the subscriber when given.
    #[default]
    Optional,
    /// Absent: 422 SERVICE_NOT_APPLICABLE.
    Required,
    /// Given: 422 CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED.
    Refused,
}

/// CAMARA name -> operator header, per input file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Columns {
    /// Mappings of the candidate (request) file.
    pub candidates: BTreeMap<String, String>,
    /// Mappings of the subscriber extract.
    pub extract: BTreeMap<String, String>,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            normalization: TextProfile::MobileConnect,
            any_part_order: true,
            scores: true,
            delimiter: ',',
            multi_value_separator: '|',
            id_document_gate: IdDocumentGate::Off,
            error_disclosure: ErrorDisclosure::Detailed,
            score_precision: Precision::Detailed,
            identity_base_rate: None,
            monitored_period_days: None,
            insights_default_scoring_type: ScoringType::GaugeMetric,
            insights_id_document: InsightsIdDocument::Optional,
            columns: Columns::default(),
        }
    }
}

impl Profile {
    /// Reads and checks a profile file.
    pub fn load(path: &Path) -> Result<Profile, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::open(path, source))?;
        Profile::parse(&text).map_err(|message| Error::Profile { path: path.to_path_buf(), message })
    }

    /// Parses and checks profile text; the error is a message for the user.
    pub fn parse(text: &str) -> Result<Profile, String> {
        let profile: Profile = toml::from_str(text).map_err(|e| e.to_string())?;
        if profile.multi_value_separator.is_alphanumeric() {
            return Err("multi_value_separator must not be a letter or digit".into());
        }
        if profile.identity_base_rate.is_some_and(|rate| rate > 100) {
            return Err("identity_base_rate must be within 0..100".into());
        }
        if profile.monitored_period_days == Some(0) {
            return Err("monitored_period_days must be at least 1".into());
        }
        check_delimiter(profile.delimiter).map_err(|why| format!("delimiter {why}"))?;
        check_mapping("columns.candidates", &profile.columns.candidates, &crate::columns::candidate_names())?;
        check_mapping("columns.extract", &profile.columns.extract, &crate::columns::extract_names())?;
        Ok(profile)
    }

    /// The CSV delimiter as the byte the reader takes.
    pub fn delimiter_byte(&self) -> u8 {
        u8::try_from(self.delimiter).expect("a checked delimiter is ASCII")
    }

    /// The normaliser these settings ask for.
    pub fn normalizer(&self) -> Normalizer {
        Normalizer::new(self.normalization, self.any_part_order)
    }
}

/// Whether `delimiter` can separate CSV fields: one ASCII character that is not a letter, a
/// digit, the quote or a line break; the error says why not.
pub fn check_delimiter(delimiter: char) -> Result<(), String> {
    if !delimiter.is_ascii() || delimiter.is_ascii_alphanumeric() || matches!(delimiter, '"' | '\n' | '\r') {
        return Err("must be one ASCII character other than a letter, a digit, '\"' or a line break".into());
    }
    Ok(())
}

/// Checks one file's column mapping: every key a name kyclink knows for that file (a typo is
/// named, with the name it most likely meant), every header mapped once.
fn check_mapping(table: &str, mapping: &BTreeMap<String, String>, names: &[&str]) -> Result<(), String> {
    for (key, header) in mapping {
        if !names.contains(&key.as_str()) {
            let closest = names
                .iter()
                .map(|name| (rapidfuzz::distance::jaro_winkler::similarity(key.chars(), name.chars()), *name))
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .filter(|(similarity, _)| *similarity >= 0.85)
                .map(|(_, name)| format!(" (did you mean {name}?)"))
                .unwrap_or_default();
            return Err(format!("[{table}] {key}: not a CAMARA property or a column kyclink reads{closest}"));
        }
        if header.trim().is_empty() {
            return Err(format!("[{table}] {key}: the header is empty"));
        }
        if let Some((other, _)) = mapping.iter().find(|(other, h)| *other < key && *h == header) {
            return Err(format!("[{table}] {other} and {key} are mapped to one header, {header:?}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_default_is_the_default() {
        assert_eq!(Profile::parse(DEFAULT_PROFILE).unwrap(), Profile::default());
    }

    #[test]
    fn reads_mappings_and_settings() {
        let profile =
            Profile::parse("normalization = \"nl\"\nscores = false\n[columns.extract]\nphoneNumber = \"MSISDN\"\n")
                .unwrap();
        assert_eq!(profile.normalization, TextProfile::Nl);
        assert!(!profile.scores);
        assert_eq!(profile.columns.extract["phoneNumber"], "MSISDN");
    }

    #[test]
    fn mappings_name_known_columns_each_header_once() {
        let error = Profile::parse("[columns.extract]\ngivenNme = \"FIRST\"\n").unwrap_err();
        assert_eq!(
            error,
            "[columns.extract] givenNme: not a CAMARA property or a column kyclink reads (did you mean givenName?)"
        );
        let error = Profile::parse("[columns.candidates]\nfoo = \"X\"\n").unwrap_err();
        assert_eq!(error, "[columns.candidates] foo: not a CAMARA property or a column kyclink reads");
        let error = Profile::parse("[columns.extract]\nname = \"N\"\ngivenName = \"N\"\n").unwrap_err();
        assert_eq!(error, "[columns.extract] givenName and name are mapped to one header, \"N\"");
        assert!(Profile::parse("[columns.candidates]\nmaxAge = \"MAX\"\nrequestId = \"ID\"\n").is_ok());
        assert!(Profile::parse("[columns.extract]\nlatestDeviceChange = \"L\"\nserviceApplicable = \"S\"\n").is_ok());
        assert!(Profile::parse("[columns.extract]\ngivenName = \" \"\n").is_err());
    }

    #[test]
    fn the_delimiter_is_one_ascii_punctuation_character() {
        assert_eq!(Profile::parse("delimiter = \";\"").unwrap().delimiter_byte(), b';');
        assert_eq!(Profile::parse("delimiter = \"\\t\"").unwrap().delimiter_byte(), b'\t');
        for bad in ["\"a\"", "\"\\\"\"", "\"§\"", "\";;\""] {
            assert!(Profile::parse(&format!("delimiter = {bad}")).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_unknown_keys_and_values() {
        assert!(Profile::parse("normalisation = \"nl\"").unwrap_err().contains("normalisation"));
        assert!(Profile::parse("normalization = \"fr\"").is_err());
        assert!(Profile::parse("multi_value_separator = \"a\"").is_err());
    }

    #[test]
    fn reads_the_policies() {
        let profile = Profile::parse(
            "id_document_gate = \"required\"\nerror_disclosure = \"generic\"\nscore_precision = \"rough\"\n\
             identity_base_rate = 40\nmonitored_period_days = 7\ninsights_default_scoring_type = \"veritasIndex\"\n\
             insights_id_document = \"refused\"\n",
        )
        .unwrap();
        assert_eq!(profile.id_document_gate, IdDocumentGate::Required);
        assert_eq!(profile.error_disclosure, ErrorDisclosure::Generic);
        assert_eq!(profile.score_precision, Precision::Rough);
        assert_eq!(profile.identity_base_rate, Some(40));
        assert_eq!(profile.monitored_period_days, Some(7));
        assert_eq!(profile.insights_default_scoring_type, ScoringType::VeritasIndex);
        assert_eq!(profile.insights_id_document, InsightsIdDocument::Refused);
        let required = Profile::parse("insights_id_document = \"required\"").unwrap();
        assert_eq!(required.insights_id_document, InsightsIdDocument::Required);
    }

    /// `key = value` with a plain key: a commented-out setting, not prose.
    fn is_setting(line: &str) -> bool {
        line.split_once(" = ")
            .is_some_and(|(key, _)| !key.is_empty() && key.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
    }

    #[test]
    fn the_commented_out_examples_are_valid_settings() {
        let uncommented: String = DEFAULT_PROFILE
            .lines()
            .map(|line| line.strip_prefix("# ").filter(|rest| is_setting(rest)).unwrap_or(line))
            .map(|line| format!("{line}\n"))
            .collect();
        let profile = Profile::parse(&uncommented).unwrap();
        assert_eq!(profile.identity_base_rate, Some(50));
        assert_eq!(profile.monitored_period_days, Some(30));
        assert_eq!(profile.columns.extract["phoneNumber"], "MSISDN");
    }

    #[test]
    fn rejects_policy_values_out_of_their_range() {
        assert!(Profile::parse("id_document_gate = \"on\"").is_err());
        assert!(Profile::parse("error_disclosure = \"none\"").is_err());
        assert!(Profile::parse("score_precision = \"coarse\"").is_err());
        assert!(Profile::parse("insights_default_scoring_type = \"GaugeMetric\"").is_err());
        assert!(Profile::parse("insights_id_document = \"forbidden\"").is_err());
        assert!(Profile::parse("identity_base_rate = 101").unwrap_err().contains("identity_base_rate"));
        assert!(Profile::parse("identity_base_rate = -1").is_err());
        assert!(Profile::parse("monitored_period_days = 0").unwrap_err().contains("monitored_period_days"));
    }

    #[test]
    fn rough_precision_floors_to_tens() {
        let rough = |s| Precision::Rough.score(s);
        assert_eq!([rough(0), rough(9), rough(10), rough(88), rough(99), rough(100)], [0, 0, 10, 80, 90, 100]);
        assert_eq!(Precision::Detailed.score(88), 88);
        assert_eq!("rough".parse(), Ok(Precision::Rough));
        assert!("Rough".parse::<Precision>().is_err());
    }
}
