//! The CAMARA vocabulary: attributes, per-attribute outcomes, row statuses. Pure data.

mod attribute;
mod result;
mod status;

pub use attribute::{Attribute, AttributeSpec, Format, Kind};
pub use result::Outcome;
pub use status::{ErrorCode, RowError};
