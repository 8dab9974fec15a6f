//! The operator profile (TOML): how an operator's files and rules map onto CAMARA.
//!
//! Every decision of SPEC.md section 9 that an operator could reasonably want otherwise is a
//! setting here, with SPEC.md's default. `kyclink profile` prints [`DEFAULT_PROFILE`].

use crate::error::Error;
use crate::normalize::{Normalizer, TextProfile};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

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

# Separator of several values in one extract cell (idDocument, email, address, streetName,
# familyName): true when any value matches, the score is the best over the values.
multi_value_separator = "|"

# Column mapping: CAMARA name = "your header". Unmapped headers that are CAMARA names are
# used as they are. Candidates may also map `requestId`; the extract may map
# `serviceApplicable` (false/0/no puts a subscription out of scope: 422 SERVICE_NOT_APPLICABLE).
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
    /// The separator of multi-valued extract cells (SPEC.md 9.5).
    pub multi_value_separator: char,
    /// Header mappings of both input files.
    pub columns: Columns,
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
            multi_value_separator: '|',
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
        Ok(profile)
    }

    /// The normaliser these settings ask for.
    pub fn normalizer(&self) -> Normalizer {
        Normalizer::new(self.normalization, self.any_part_order)
    }
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
    fn rejects_unknown_keys_and_values() {
        assert!(Profile::parse("normalisation = \"nl\"").unwrap_err().contains("normalisation"));
        assert!(Profile::parse("normalization = \"fr\"").is_err());
        assert!(Profile::parse("multi_value_separator = \"a\"").is_err());
    }
}
