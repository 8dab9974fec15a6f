//! Which column of an input file holds what: the operator's headers resolved, once per file,
//! to kyclink's names (CAMARA property names plus `requestId` and the extract's extras), like
//! xsv's `Selection`. The row loops then only index.
//!
//! Resolving is also where a header row that does not fit is caught, before any row is read:
//! a mapped header the file does not have, two columns for one name, a header row that is
//! data (the file has none), or one that uses another delimiter. And it is where the rule for
//! naming columns in messages lives ([`is_showable`]): nothing taken from an input's values
//! reaches a message or a log line.

use crate::error::Error;
use crate::index::EXTRACT_EXTRAS;
use crate::io::JsonType;
use crate::normalize::{Date, parse_e164};
use crate::spec::Attribute;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The candidates' names besides the CAMARA KYC Match attributes, over every job: the
/// request id and the sibling APIs' own request properties.
pub const CANDIDATE_EXTRAS: &[&str] = &["requestId", "ageThreshold", "maxAge", "scoringType"];

/// The request properties that the CAMARA schemas type as integers; every other is a
/// string, but kyclink's own `requestId`, which may be either.
pub const INTEGER_PROPERTIES: &[&str] = &["ageThreshold", "maxAge"];

/// The JSON type of a request property's values in an NDJSON body.
pub fn request_json_type(name: &str) -> JsonType {
    match name {
        "requestId" => JsonType::Id,
        _ if INTEGER_PROPERTIES.contains(&name) => JsonType::Integer,
        _ => JsonType::String,
    }
}

/// Every name a candidates file's column may have for some job (what `[columns.candidates]`
/// of a profile may map).
pub fn candidate_names() -> Vec<&'static str> {
    CANDIDATE_EXTRAS.iter().copied().chain(Attribute::ALL.iter().map(|a| a.name())).collect()
}

/// Every name an extract's column may have (what `[columns.extract]` of a profile may map).
pub fn extract_names() -> Vec<&'static str> {
    Attribute::ALL.iter().map(|a| a.name()).chain(EXTRACT_EXTRAS.iter().copied()).collect()
}

/// Whether a header (or an NDJSON property name) may be shown in a message or a warning: it
/// looks like a column name. A name taken from the first row of a file that has no header
/// row is a value (a phone number, a name, a birthdate), and nothing taken from an input's
/// values reaches a message or a log line; nor does a name with control characters, which
/// would reach the terminal raw. Such a name is told by its position instead.
pub fn is_showable(name: &str) -> bool {
    const MAX_CHARS: usize = 64;
    !name.is_empty()
        && name.chars().count() <= MAX_CHARS
        && name.chars().any(char::is_alphabetic)
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ' | '(' | ')' | '/' | '#'))
        && !looks_like_data(name)
}

/// Whether a header cell looks like a value rather than a name: a phone number (E.164, or
/// seven digits or more), a date `YYYY-MM-DD`, or an e-mail address.
pub fn looks_like_data(cell: &str) -> bool {
    let cell = cell.trim();
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    let phone_like = digits >= 7 && cell.bytes().all(|b| b.is_ascii_digit() || b" +-()./".contains(&b));
    parse_e164(cell).is_some() || phone_like || Date::parse(cell).is_some() || cell.contains('@')
}

/// `column <name>` when the name may be shown ([`is_showable`]), else `column <n>` (1-based),
/// for messages about the column at `index`.
pub fn describe(name: &str, index: usize) -> String {
    if is_showable(name) { format!("column {name}") } else { format!("column {}", index + 1) }
}

/// Columns named for a warning: those whose names may be shown, by name, the others counted
/// with their positions: `TARIFF, SEGMENT and 2 more whose names are not shown (columns 4, 9)`.
pub fn list(columns: &[(usize, &str)]) -> String {
    let shown: Vec<&str> = columns.iter().filter(|(_, name)| is_showable(name)).map(|(_, name)| *name).collect();
    let hidden: Vec<String> =
        columns.iter().filter(|(_, name)| !is_showable(name)).map(|(i, _)| (i + 1).to_string()).collect();
    let (names, positions) = match hidden.as_slice() {
        [] => return shown.join(", "),
        [one] => ("name is", format!("column {one}")),
        _ => ("names are", format!("columns {}", hidden.join(", "))),
    };
    let count = match (shown.is_empty(), hidden.len()) {
        (true, 1) => "1 column".to_string(),
        (true, n) => format!("{n} columns"),
        (false, n) => format!("{} and {n} more", shown.join(", ")),
    };
    format!("{count} whose {names} not shown ({positions})")
}

/// The delimiters a CSV header may turn out to use: the byte, how a message names it, how
/// `--delimiter` and the profile take it.
const DELIMITERS: [(u8, &str, &str, &str); 4] = [
    (b',', "','", "','", "\",\""),
    (b';', "';'", "';'", "\";\""),
    (b'\t', "tab", "'\\t'", "\"\\t\""),
    (b'|', "'|'", "'|'", "\"|\""),
];

/// A file's headers resolved through a profile mapping.
#[derive(Debug, Clone)]
pub struct Selection {
    by_name: HashMap<String, usize>,
    mapping: BTreeMap<String, String>,
    /// Headers whose name kyclink does not use, with their positions.
    unknown: Vec<(usize, String)>,
}

impl Selection {
    /// Resolves the `headers` of the file `path`: a header named in `mapping` (kyclink name ->
    /// header) takes that name, any other keeps its own. Headers whose name is not in `known`
    /// are listed by [`Selection::unknown`]. `delimiter` is the CSV delimiter the headers
    /// were split by (`None` for other formats).
    ///
    /// Fails, naming the file and the column or the profile key, when the header row cannot
    /// be what the profile says: a header mapped for a `known` name is not in the file; two
    /// columns would hold one `known` name (a repeated header, or a mapped header beside a
    /// column with the CAMARA name); no column has a `known` name and one looks like a value
    /// (a file without a header row); or no column has a `known` name and a header cell holds
    /// `known` names split by another delimiter.
    pub fn resolve(
        path: &Path,
        headers: &[String],
        mapping: &BTreeMap<String, String>,
        known: &[&str],
        delimiter: Option<u8>,
    ) -> Result<Selection, Error> {
        let header_error = |column: Option<usize>, message: String| Error::Header {
            path: path.to_path_buf(),
            line: 1,
            column: column.map(|c| c + 1),
            message,
        };
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut unknown = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let mut names = mapping.iter().filter(|(_, h)| *h == header).map(|(name, _)| name.as_str());
            let mapped = names.next();
            if let (Some(one), Some(other)) = (mapped, names.next()) {
                let message = format!("the profile maps both {one} and {other} to {}", describe(header, i));
                return Err(header_error(Some(i), message));
            }
            let name = mapped.unwrap_or(header.as_str());
            if !known.contains(&name) {
                unknown.push((i, header.clone()));
                continue;
            }
            if let Some(&first) = by_name.get(name) {
                let message = if headers[first] != *header {
                    let (first, this) = (describe(&headers[first], first), describe(header, i));
                    format!("{first} and {this} both hold {name} (through the profile's mapping)")
                } else if is_showable(header) {
                    format!("column {header} appears twice (columns {} and {})", first + 1, i + 1)
                } else {
                    format!("columns {} and {} have the same name", first + 1, i + 1)
                };
                return Err(header_error(Some(i), message));
            }
            by_name.insert(name.to_string(), i);
        }
        if by_name.is_empty() {
            if let Some(delimiter) = delimiter
                && let Some((_, name, option, toml)) = other_delimiter(headers, mapping, known, delimiter)
            {
                let current = DELIMITERS.iter().find(|(d, ..)| *d == delimiter).map_or("?", |(_, n, ..)| *n);
                let message = format!(
                    "the header looks separated by {name}, not {current}: use --delimiter {option} \
                     (or delimiter = {toml} in the profile)"
                );
                return Err(header_error(None, message));
            }
            if let Some(i) = headers.iter().position(|h| looks_like_data(h)) {
                let message = "no header row? No column has a name kyclink reads, and this one looks like a value \
                    (a phone number, a date or an e-mail address)"
                    .to_string();
                return Err(header_error(Some(i), message));
            }
        }
        for (name, header) in mapping {
            if known.contains(&name.as_str()) && !headers.contains(header) {
                return Err(Error::MissingColumn {
                    path: path.to_path_buf(),
                    column: name.clone(),
                    header: Some(header.clone()),
                });
            }
        }
        Ok(Selection { by_name, mapping: mapping.clone(), unknown })
    }

    /// The column holding `name`, if any.
    pub fn get(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The column holding `name`, or the error that names the file and the expected header.
    pub fn require(&self, name: &str, path: &Path) -> Result<usize, Error> {
        self.get(name).ok_or_else(|| Error::MissingColumn {
            path: path.to_path_buf(),
            column: name.to_string(),
            header: self.mapping.get(name).cloned(),
        })
    }

    /// Headers that kyclink does not use, with their positions.
    pub fn unknown(&self) -> &[(usize, String)] {
        &self.unknown
    }
}

/// The delimiter, other than `delimiter`, that splits a header cell into parts of which one
/// is a `known` name or a mapped header: the file was read with the wrong one.
fn other_delimiter(
    headers: &[String],
    mapping: &BTreeMap<String, String>,
    known: &[&str],
    delimiter: u8,
) -> Option<(u8, &'static str, &'static str, &'static str)> {
    let is_name = |part: &str| {
        let part = part.trim().trim_matches('"');
        known.contains(&part) || mapping.values().any(|h| h == part)
    };
    DELIMITERS.iter().filter(|(d, ..)| *d != delimiter).copied().find(|&(d, ..)| {
        headers.iter().any(|h| {
            let parts: Vec<&str> = h.split(char::from(d)).collect();
            parts.len() > 1 && parts.iter().any(|p| is_name(p))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn resolve(names: &[&str], mapping: &[(&str, &str)]) -> Result<Selection, String> {
        let mapping = mapping.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Selection::resolve(Path::new("x.csv"), &headers(names), &mapping, &["phoneNumber", "givenName"], Some(b','))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn mapped_headers_take_kyclink_names() {
        let selection = resolve(&["MSISDN", "givenName", "SEGMENT"], &[("phoneNumber", "MSISDN")]).unwrap();
        assert_eq!(selection.get("phoneNumber"), Some(0));
        assert_eq!(selection.get("givenName"), Some(1));
        assert_eq!(selection.get("MSISDN"), None);
        assert_eq!(selection.unknown(), [(2, "SEGMENT".to_string())]);
        let missing = selection.require("email", Path::new("x.csv")).unwrap_err().to_string();
        assert_eq!(missing, "x.csv: line 1: no column email in the header");
    }

    #[test]
    fn a_header_row_that_does_not_fit_is_refused() {
        assert_eq!(
            resolve(&["phoneNumber", "X"], &[("givenName", "FIRST")]).unwrap_err(),
            "x.csv: line 1: no column givenName (mapped from header \"FIRST\") in the header"
        );
        assert_eq!(
            resolve(&["phoneNumber", "givenName", "givenName"], &[]).unwrap_err(),
            "x.csv: line 1, column 3: column givenName appears twice (columns 2 and 3)"
        );
        assert_eq!(
            resolve(&["FIRST", "givenName"], &[("givenName", "FIRST")]).unwrap_err(),
            "x.csv: line 1, column 2: column FIRST and column givenName both hold givenName (through the profile's mapping)"
        );
        let no_header = resolve(&["+34600000001", "Ana"], &[]).unwrap_err();
        assert!(no_header.starts_with("x.csv: line 1, column 1: no header row?"), "{no_header}");
        assert!(!no_header.contains("+346") && !no_header.contains("Ana"));
        let semicolons = resolve(&["phoneNumber;givenName"], &[]).unwrap_err();
        assert!(
            semicolons.contains("separated by ';', not ','") && semicolons.contains("--delimiter ';'"),
            "{semicolons}"
        );
        assert!(resolve(&["MSISDN\tFIRST"], &[("phoneNumber", "MSISDN")]).unwrap_err().contains("separated by tab"));
        assert_eq!(
            resolve(&["phoneNumber", "NAME"], &[("givenName", "NAME"), ("phoneNumber", "NAME")]).unwrap_err(),
            "x.csv: line 1, column 2: the profile maps both givenName and phoneNumber to column NAME"
        );
        // Unknown columns alone are no error: they are reported as not used.
        assert_eq!(resolve(&["notes", "notes"], &[]).unwrap().unknown().len(), 2);
    }

    #[test]
    fn names_that_look_like_values_are_told_by_position() {
        for name in ["givenName", "FIRST_NAME", "Straße", "名前", "col 2", "e-mail (work)"] {
            assert!(is_showable(name), "{name}");
        }
        for name in ["+34600000001", "34600000001", "1990-02-03", "ana@example.com", "a\u{1b}[31m", "", "12", "a\tb"] {
            assert!(!is_showable(name), "{name:?}");
        }
        assert_eq!(describe("givenName", 2), "column givenName");
        assert_eq!(describe("+34600000001", 2), "column 3");
        assert_eq!(
            list(&[(0, "TARIFF"), (3, "x@y"), (8, "+34600000001")]),
            "TARIFF and 2 more whose names are not shown (columns 4, 9)"
        );
        assert_eq!(list(&[(3, "x@y")]), "1 column whose name is not shown (column 4)");
        assert_eq!(list(&[(3, "x@y"), (4, "")]), "2 columns whose names are not shown (columns 4, 5)");
        assert_eq!(list(&[(0, "TARIFF"), (1, "SEGMENT")]), "TARIFF, SEGMENT");
    }
}
