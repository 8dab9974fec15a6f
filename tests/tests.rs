//! The one integration test binary (as ripgrep's `tests/tests.rs`): every module below
//! drives the library or the `kyclink` binary the way users do.

mod properties;
mod similarity_oracle;
mod test_match;
mod workdir;
