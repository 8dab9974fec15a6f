//! What kyclink tells people about a run: the summary of row outcomes.

mod summary;

pub use summary::{ColumnCounts, StatusCount, Summary};
