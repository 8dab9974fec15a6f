//! Which column of an input file holds what: the operator's headers resolved, once per file,
//! to kyclink's names (CAMARA property names plus `requestId` and the extract's extras), like
//! xsv's `Selection`. The row loops then only index.

use crate::error::Error;
use crate::normalize::{Date, parse_e164};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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

/// A file's headers resolved through a profile mapping.
#[derive(Debug, Clone)]
pub struct Selection {
    by_name: HashMap<String, usize>,
    mapping: BTreeMap<String, String>,
    unknown: Vec<String>,
}

impl Selection {
    /// Resolves `headers`: a header named in `mapping` (kyclink name -> header) takes that
    /// name, any other keeps its own. Headers whose name is not in `known` are listed by
    /// [`Selection::unknown`]. The first of two headers with the same name wins.
    pub fn resolve(headers: &[String], mapping: &BTreeMap<String, String>, known: &[&str]) -> Selection {
        let mut by_name = HashMap::new();
        let mut unknown = Vec::new();
        for (i, header) in headers.iter().enumerate() {
            let name = mapping.iter().find(|(_, h)| *h == header).map_or(header.as_str(), |(name, _)| name.as_str());
            if !known.contains(&name) {
                unknown.push(header.clone());
            }
            by_name.entry(name.to_string()).or_insert(i);
        }
        Selection { by_name, mapping: mapping.clone(), unknown }
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

    /// Headers that kyclink does not use.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_headers_take_kyclink_names() {
        let headers: Vec<String> = ["MSISDN", "givenName", "SEGMENT"].map(String::from).into();
        let mapping = BTreeMap::from([("phoneNumber".to_string(), "MSISDN".to_string())]);
        let selection = Selection::resolve(&headers, &mapping, &["phoneNumber", "givenName"]);
        assert_eq!(selection.get("phoneNumber"), Some(0));
        assert_eq!(selection.get("givenName"), Some(1));
        assert_eq!(selection.get("MSISDN"), None);
        assert_eq!(selection.unknown(), ["SEGMENT"]);
        let missing = selection.require("email", Path::new("x.csv")).unwrap_err().to_string();
        assert_eq!(missing, "x.csv: line 1: no column email in the header");
    }
}
