//! What kyclink tells people: the summary of a run's row outcomes, and (with polars, the
//! analysis plane) the calibration of score cut-offs and the match-rate statistics of a
//! results file, with their charts and HTML report.

pub mod bins;
pub mod calibrate;
pub mod charts;
pub mod drift;
pub mod explorer;
pub mod format;
pub mod frame;
pub mod html;
pub mod metrics;
pub mod read;
pub mod stats;
mod summary;
pub mod types;

pub use calibrate::calibrate;
pub use stats::{Stats, stats};
pub use summary::{ColumnCounts, LinkageSummary, StatusCount, Summary};
pub use types::{CalibrateOptions, CalibrationSummary};
