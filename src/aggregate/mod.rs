//! Aggregate scores: one number per request, combined from the per-attribute answers.
//!
//! These are kyclink's, not CAMARA's (SPEC.md 9.10), and documented as such: CAMARA names
//! `identityMatchScore` but gives no algorithm; [`identity`] implements the only written one.
//! The functions here are pure: answers in, score out, no knowledge of jobs or files.

pub mod comparison;
pub mod fellegi_sunter;
pub mod identity;
pub mod term_frequency;

pub use identity::{IdentityEvidence, identity_match_score};
