//! The CAMARA vocabulary: attributes, per-attribute outcomes, row statuses, scoring scales.
//! Pure data.

mod attribute;
mod result;
mod scoring;
mod status;

pub use attribute::{Attribute, AttributeSpec, Format, Kind};
pub use result::Outcome;
pub use scoring::{Band, ScoringType};
pub use status::{ErrorCode, RowError};
