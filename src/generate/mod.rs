//! `kyclink generate`: a deterministic synthetic workload, to measure match quality (with
//! labels) and speed.
//!
//! # The model
//!
//! - **Subscribers.** Row `j` of the extract is a pure function of `(seed, j)`: it seeds its
//!   own random stream ([`rng`]), draws a country (Spain, the Netherlands, the United Kingdom,
//!   Germany, France, Italy, Portugal, Japan), then a complete, true identity in that
//!   country's shapes (names from embedded lists with their accents, Dutch prefixes, two
//!   Spanish family names, kanji with half- and full-width kana, drawn by their frequency, and
//!   a long tail of rare family names; real localities with their
//!   regions and postal-code shapes; document numbers, IBANs with valid check digits,
//!   e-mail addresses made of the names). The extract holds a *view* of that identity, as an
//!   operator does: some values unknown (the full `name` and `address` mostly, so that
//!   kyclink composes them), a few cells with two `|`-separated values (two e-mail
//!   addresses, two documents, a former address, married and birth names), plus the columns
//!   the sibling jobs read (`serviceApplicable`, `verifiedStatus`, `latestDeviceChange`,
//!   `gaugeMetric`, `veritasIndex`).
//! - **Phone numbers.** Subscriber `j`'s national digits are a keyed permutation of `j`
//!   (a Feistel network), so numbers look random, are valid E.164, never collide, and the
//!   images of `j >= subscribers` are valid numbers certainly not in the extract.
//! - **Candidates.** Row `i` is a pure function of `(seed, i)`: it draws its kind, the line it
//!   names (re-deriving that subscriber, never storing the extract), which attributes it
//!   carries (the forms callers fill in: names and birth date mostly, then the home as one
//!   address, in parts or both, e-mail, documents, a full name), and their values from the
//!   right identity: the subscriber's, noisy or not, or with a home they moved from; a member
//!   of the subscriber's household (partner, child, parent, sibling, twin: the same home,
//!   usually the same family name, sometimes the same e-mail address); a stranger of the same
//!   country. See [`CandidateKind`] for the kinds and their shares.
//! - **Labels.** `labels.csv` says, per `requestId`, whether the requester truly is the
//!   line's subscriber (`isOwner` 1 or 0) and the candidate's kind.
//!
//! Rows are generated in chunks on the rayon pool while a writer thread writes the previous
//! chunks in order; as every row depends only on the seed and its index, the output is the
//! same, byte for byte, whatever the number of threads.

mod land;
mod noise;
mod person;
mod request;
mod rng;
mod tables;

pub use request::CandidateKind;

use crate::error::Error;
use crate::index::EXTRACT_EXTRAS;
use crate::io::{Format, create_writer};
use crate::spec::Attribute;
use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use person::{EXTRAS, Subscriber};
use rayon::prelude::*;
use request::CandidateMaker;
use rng::{NUMBER_SPACE, Permutation};
use std::fmt::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The instant generated data is relative to: every `latestDeviceChange` lies in the two
/// years before it (a few in its last ten days), and documents expire from a year before it
/// to ten years after. Pass it as `--as-of` to the device swap job for stable answers.
pub const REFERENCE_TIME: &str = "2026-11-22T00:00:00Z";

/// The most subscribers one run generates (half the number space of a country, so that
/// unknown numbers remain).
pub const MAX_SUBSCRIBERS: usize = (NUMBER_SPACE / 2) as usize;

/// Rows per record batch, and per parallel task.
const CHUNK_ROWS: usize = 1 << 16;

/// What to generate, and where.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Rows of the extract.
    pub subscribers: usize,
    /// Rows of the candidates (and of the labels).
    pub candidates: usize,
    /// Everything follows from it: the same seed gives the same files.
    pub seed: u64,
    /// The directory to write into (created if need be).
    pub out_dir: PathBuf,
    /// CSV or Parquet, for the extract and the candidates (the labels are always CSV).
    pub format: Format,
}

/// What was generated.
#[derive(Debug, Clone)]
pub struct GenerateReport {
    /// Rows of the extract.
    pub subscribers: usize,
    /// Rows of the candidates.
    pub candidates: usize,
    /// The files written: extract, candidates, labels.
    pub files: Vec<PathBuf>,
    /// How many candidates of each kind (label, count), in [`CandidateKind::ALL`] order.
    pub kinds: Vec<(&'static str, usize)>,
}

/// What every row is derived from.
struct Context {
    seed: u64,
    subscribers: usize,
    numbers: Permutation,
}

/// Writes `extract`, `candidates` (both in `options.format`) and `labels.csv` into
/// `options.out_dir`.
pub fn generate(options: &GenerateOptions) -> Result<GenerateReport, Error> {
    let extension = match options.format {
        Format::Csv => "csv",
        Format::Parquet => "parquet",
        Format::Ndjson => return Err(Error::Usage("generate writes csv or parquet, not ndjson".to_string())),
    };
    if options.subscribers > MAX_SUBSCRIBERS {
        return Err(Error::Usage(format!("generate makes at most {MAX_SUBSCRIBERS} subscribers")));
    }
    if options.candidates > 0 && options.subscribers == 0 {
        return Err(Error::Usage("candidates need at least one subscriber".to_string()));
    }
    let out_dir = &options.out_dir;
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write { path: out_dir.clone(), source })?;
    let context =
        Context { seed: options.seed, subscribers: options.subscribers, numbers: Permutation::new(options.seed) };
    let files = vec![
        out_dir.join(format!("extract.{extension}")),
        out_dir.join(format!("candidates.{extension}")),
        out_dir.join("labels.csv"),
    ];
    // A planted link must not make one output overwrite another.
    let outputs: Vec<(&str, &Path)> = files.iter().map(|file| ("--out", file.as_path())).collect();
    crate::io::refuse_overwrites(&[], &outputs)?;
    write_extract(&context, &files[0], options.format)?;
    let counts = write_candidates(&context, options.candidates, &files[1], options.format, &files[2])?;
    Ok(GenerateReport {
        subscribers: options.subscribers,
        candidates: options.candidates,
        files,
        kinds: CandidateKind::ALL.iter().zip(counts).map(|(kind, count)| (kind.label(), count)).collect(),
    })
}

fn text_schema<'a>(names: impl IntoIterator<Item = &'a str>) -> SchemaRef {
    Arc::new(Schema::new(names.into_iter().map(|name| Field::new(name, DataType::Utf8, true)).collect::<Vec<_>>()))
}

/// Appends a cell: empty is null (an empty CSV cell, a Parquet null).
fn append(builder: &mut StringBuilder, value: &str) {
    if value.is_empty() {
        builder.append_null();
    } else {
        builder.append_value(value);
    }
}

fn builders(columns: usize, rows: usize) -> Vec<StringBuilder> {
    (0..columns).map(|_| StringBuilder::with_capacity(rows, rows * 12)).collect()
}

fn finish(schema: &SchemaRef, builders: Vec<StringBuilder>) -> Result<RecordBatch, Error> {
    let columns = builders.into_iter().map(|mut b| Arc::new(b.finish()) as ArrayRef).collect();
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

fn write_extract(context: &Context, path: &Path, format: Format) -> Result<(), Error> {
    let schema = text_schema(Attribute::ALL.iter().map(|a| a.name()).chain(EXTRACT_EXTRAS.iter().copied()));
    debug_assert_eq!(EXTRACT_EXTRAS.len(), EXTRAS);
    let mut writer = create_writer(path, Some(format), &schema)?;
    let build = |rows: Range<usize>| {
        let mut columns = builders(schema.fields().len(), rows.len());
        let mut subscriber = Subscriber::new();
        for j in rows {
            subscriber.draw(context.seed, &context.numbers, j);
            for (builder, cell) in columns.iter_mut().zip(subscriber.view.iter().chain(&subscriber.extras)) {
                append(builder, cell);
            }
        }
        finish(&schema, columns)
    };
    produce(context.subscribers, CHUNK_ROWS, build, |batch| writer.write(&batch))?;
    writer.close()
}

/// Writes the candidates and their labels; returns the count of each kind.
fn write_candidates(
    context: &Context,
    rows: usize,
    path: &Path,
    format: Format,
    labels_path: &Path,
) -> Result<[usize; CandidateKind::ALL.len()], Error> {
    let schema = text_schema(std::iter::once("requestId").chain(Attribute::ALL.iter().map(|a| a.name())));
    let labels_schema = text_schema(["requestId", "isOwner", "kind"]);
    let mut writer = create_writer(path, Some(format), &schema)?;
    let mut labels_writer = create_writer(labels_path, Some(Format::Csv), &labels_schema)?;
    let build = |rows: Range<usize>| {
        let mut columns = builders(schema.fields().len(), rows.len());
        let mut labels = builders(3, rows.len());
        let mut counts = [0; CandidateKind::ALL.len()];
        let mut maker = CandidateMaker::new(context);
        let mut id = String::new();
        for i in rows {
            let kind = maker.draw(i);
            counts[kind as usize] += 1;
            id.clear();
            let _ = write!(id, "r{:07}", i + 1);
            append(&mut columns[0], &id);
            for (builder, cell) in columns[1..].iter_mut().zip(&maker.request) {
                append(builder, cell);
            }
            append(&mut labels[0], &id);
            append(&mut labels[1], if kind.is_owner() { "1" } else { "0" });
            append(&mut labels[2], kind.label());
        }
        Ok((finish(&schema, columns)?, finish(&labels_schema, labels)?, counts))
    };
    let mut counts = [0; CandidateKind::ALL.len()];
    produce(rows, CHUNK_ROWS, build, |(batch, labels, chunk_counts)| {
        counts.iter_mut().zip(chunk_counts).for_each(|(total, n)| *total += n);
        writer.write(&batch)?;
        labels_writer.write(&labels)
    })?;
    writer.close()?;
    labels_writer.close()?;
    Ok(counts)
}

/// Builds `rows` rows in chunks of `chunk_rows` on the rayon pool, a wave of chunks at a time, and hands
/// them in order to `consume` on a writer thread, which writes one wave while the next is
/// built.
fn produce<T: Send>(
    rows: usize,
    chunk_rows: usize,
    build: impl Fn(Range<usize>) -> Result<T, Error> + Sync,
    mut consume: impl FnMut(T) -> Result<(), Error> + Send,
) -> Result<(), Error> {
    let chunks = rows.div_ceil(chunk_rows);
    let wave = rayon::current_num_threads().max(1);
    let (sender, receiver) = crossbeam_channel::bounded::<T>(wave);
    std::thread::scope(|scope| {
        let writer = crate::threads::spawn_named(scope, "kyclink-write", move || {
            receiver.into_iter().try_for_each(&mut consume)
        });
        let mut built = Ok(());
        'waves: for first in (0..chunks).step_by(wave) {
            let items: Result<Vec<T>, Error> = (first..chunks.min(first + wave))
                .into_par_iter()
                .map(|chunk| build(chunk * chunk_rows..rows.min((chunk + 1) * chunk_rows)))
                .collect();
            match items {
                Ok(items) => {
                    for item in items {
                        // The writer stopped on an error, which `join` returns.
                        if sender.send(item).is_err() {
                            break 'waves;
                        }
                    }
                }
                Err(error) => {
                    built = Err(error);
                    break;
                }
            }
        }
        drop(sender);
        let written = writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        built.and(written)
    })
}

#[cfg(test)]
mod tests;
