//! The answer for one attribute of one row (SPEC.md section 2).

/// `<attr>Match` with its optional `<attr>MatchScore`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// The request did not carry the attribute: no result, empty cells.
    #[default]
    NotRequested,
    /// Equal after normalisation ("a match score of 100").
    True,
    /// Not equal; the 0..99 similarity when the attribute is scored and scoring is on.
    False(Option<u8>),
    /// The operator has no value to compare with.
    NotAvailable,
}

impl Outcome {
    /// The `<attr>Match` value: `true`, `false`, `not_available`, or `None` when not requested.
    pub fn match_str(self) -> Option<&'static str> {
        match self {
            Outcome::NotRequested => None,
            Outcome::True => Some("true"),
            Outcome::False(_) => Some("false"),
            Outcome::NotAvailable => Some("not_available"),
        }
    }

    /// The `<attr>MatchScore` value, present only with `false`.
    pub fn score(self) -> Option<u8> {
        match self {
            Outcome::False(score) => score,
            _ => None,
        }
    }
}
