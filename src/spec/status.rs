//! Row outcomes: the CAMARA status codes and error codes a batch row can carry (SPEC.md
//! section 3 and the sibling APIs of sections 4-6).

/// A CAMARA error code, with the HTTP status it travels with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// 400: a value breaks its format, enum or maxLength, or the row is empty.
    InvalidArgument,
    /// 400: a number outside its allowed range (ageThreshold, maxAge).
    OutOfRange,
    /// 400: a phone number and nothing else to compare.
    InvalidParamCombination,
    /// 403: the idDocument gate requires a document and the row has none.
    IdDocumentRequired,
    /// 403: the idDocument gate found a document that does not match.
    IdDocumentMismatch,
    /// 404: a valid phone number that the extract does not hold.
    IdentifierNotFound,
    /// 422: attributes but no phone number.
    MissingIdentifier,
    /// 422: the subscription is out of the service's scope.
    ServiceNotApplicable,
    /// 422 (Customer Insights): the operator does not offer the requested scoring scale.
    ScaleTypeNotSupported,
    /// 422 (Customer Insights): the operator does not accept an idDocument.
    IdDocumentNotSupported,
}

impl ErrorCode {
    /// The HTTP status of this error.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::InvalidArgument | ErrorCode::OutOfRange | ErrorCode::InvalidParamCombination => 400,
            ErrorCode::IdDocumentRequired | ErrorCode::IdDocumentMismatch => 403,
            ErrorCode::IdentifierNotFound => 404,
            ErrorCode::MissingIdentifier
            | ErrorCode::ServiceNotApplicable
            | ErrorCode::ScaleTypeNotSupported
            | ErrorCode::IdDocumentNotSupported => 422,
        }
    }

    /// The CAMARA `code` string.
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::OutOfRange => "OUT_OF_RANGE",
            ErrorCode::InvalidParamCombination => "KNOW_YOUR_CUSTOMER.INVALID_PARAM_COMBINATION",
            ErrorCode::IdDocumentRequired => "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_REQUIRED",
            ErrorCode::IdDocumentMismatch => "KNOW_YOUR_CUSTOMER.ID_DOCUMENT_MISMATCH",
            ErrorCode::IdentifierNotFound => "IDENTIFIER_NOT_FOUND",
            ErrorCode::MissingIdentifier => "MISSING_IDENTIFIER",
            ErrorCode::ServiceNotApplicable => "SERVICE_NOT_APPLICABLE",
            ErrorCode::ScaleTypeNotSupported => "CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED",
            ErrorCode::IdDocumentNotSupported => "CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED",
        }
    }
}

/// Why one row got no results: a code and a message that names the field, never its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The CAMARA error code (and so the status).
    pub code: ErrorCode,
    /// A human-readable message; it may name a field, it never echoes an input value.
    pub message: String,
}

impl RowError {
    /// A row error with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> RowError {
        RowError { code, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_spec_table() {
        assert_eq!(ErrorCode::InvalidArgument.status(), 400);
        assert_eq!(ErrorCode::InvalidParamCombination.status(), 400);
        assert_eq!(ErrorCode::IdDocumentMismatch.status(), 403);
        assert_eq!(ErrorCode::IdentifierNotFound.status(), 404);
        assert_eq!(ErrorCode::MissingIdentifier.status(), 422);
        assert_eq!(ErrorCode::ServiceNotApplicable.code(), "SERVICE_NOT_APPLICABLE");
        assert_eq!(ErrorCode::ScaleTypeNotSupported.status(), 422);
        assert_eq!(ErrorCode::ScaleTypeNotSupported.code(), "CUSTOMER_INSIGHTS.SCALE_TYPE_NOT_SUPPORTED");
        assert_eq!(ErrorCode::IdDocumentNotSupported.status(), 422);
        assert_eq!(ErrorCode::IdDocumentNotSupported.code(), "CUSTOMER_INSIGHTS.ID_DOCUMENT_NOT_SUPPORTED");
    }
}
