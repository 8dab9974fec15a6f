//! kyclink: CAMARA identity checks (KYC Match and its siblings) answered offline, in bulk.
//!
//! The data flows one way (DESIGN.md): readers ([`io`]) yield Arrow batches of candidate
//! requests; a [`jobs::Job`] answers each row against a [`index::SubscriberIndex`] built
//! once from the operator's extract, using the CAMARA vocabulary ([`spec`]), normalisation
//! ([`normalize`]) and similarity ([`similarity`]), and combining the per-attribute answers
//! into one score ([`aggregate`]); writers emit the result batches; the [`pipeline`] runs the
//! stages in parallel and [`report`] summarises the outcome.

#![deny(missing_docs)]

pub mod aggregate;
pub mod columns;
pub mod error;
pub mod generate;
pub mod index;
pub mod io;
pub mod jobs;
pub mod normalize;
pub mod pipeline;
pub mod profile;
pub mod report;
pub mod rng;
pub mod similarity;
pub mod spec;
pub mod threads;

pub use error::Error;
