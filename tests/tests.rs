//! The one integration test binary (as ripgrep's `tests/tests.rs`): every module below
//! drives the library or the `kyclink` binary the way users do.

mod properties;
mod rows;
mod similarity_oracle;
mod test_age;
mod test_aggregate;
mod test_calibrate;
mod test_drift;
mod test_explorer;
mod test_formats;
mod test_generate;
mod test_inputs;
mod test_insights;
mod test_match;
mod test_outputs;
mod test_policy;
mod test_stats;
mod test_swap;
mod workdir;
