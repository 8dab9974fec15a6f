//! The streaming engine: extract -> index; candidates -> parallel job -> writer; summary.
//!
//! Three stages overlap on their own threads: reading (and parsing) the next batch, scoring
//! the current one on the rayon pool, and writing the previous one. The channels between
//! them hold at most two batches each, so memory is bounded by the batch size, not by the
//! number of candidate rows. Row order is input order whatever the thread count.

use crate::aggregate::fellegi_sunter::Model;
use crate::aggregate::term_frequency::{Term, ValueCounts};
use crate::columns::{self, Selection};
use crate::error::Error;
use crate::index::{ExtractColumns, ExtractNeeds, SubscriberIndex};
use crate::io::{self, BatchReader, BatchWriter, Format, InputBatch, JsonType, ReadOptions};
use crate::jobs::linkage;
use crate::jobs::{Job, JobFactory};
use crate::profile::Profile;
use crate::report::{LinkageSummary, Summary};
use crate::threads::spawn_named;
use arrow_array::RecordBatch;
pub use indicatif::ProgressBar;
use indicatif::{ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What every job run needs besides its inputs and output, whatever the job.
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// The operator profile.
    pub profile: Profile,
    /// Worker threads for scoring (0: one per core).
    pub threads: usize,
    /// Candidate columns passed through to the output.
    pub keep: Vec<String>,
    /// Rows per batch.
    pub batch_size: usize,
}

/// A run from files to a file: the command line's.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The candidate (request) file.
    pub candidates: PathBuf,
    /// The subscriber extract.
    pub extract: PathBuf,
    /// The output (`-`: standard output).
    pub out: PathBuf,
    /// The output format, when not the one the output's name implies.
    pub format: Option<Format>,
    /// Profile, threads, kept columns, batch size.
    pub engine: EngineOptions,
    /// Whether to draw a progress bar (when stderr is a terminal).
    pub progress: bool,
}

/// One input of a run: its batches, and what messages call it (its path, for a file).
pub struct Input {
    /// What messages call it.
    pub name: PathBuf,
    /// Its batches.
    pub reader: Box<dyn BatchReader>,
}

/// Creates a run's writer once the job's output schema is known.
pub type Output<'a> = dyn FnMut(&arrow_schema::Schema) -> Result<Box<dyn BatchWriter>, Error> + 'a;

/// What a run produced besides its rows.
#[derive(Debug)]
pub struct Run {
    /// The row outcomes and what the run found on the way.
    pub summary: Summary,
    /// The linkage model trained in the run, if one was (to save and reuse).
    pub model: Option<Model>,
}

/// Runs a job from files to files.
pub fn run(options: &RunOptions, factory: &dyn JobFactory) -> Result<Run, Error> {
    let inputs = [("--candidates", options.candidates.as_path()), ("--extract", options.extract.as_path())];
    io::refuse_overwrites(&inputs, &[("--out", options.out.as_path())])?;
    let engine = &options.engine;
    let extract = open_file(&options.extract, engine, &columns::extract_names(), |_| JsonType::Scalar)?;
    let known = factory.candidate_columns();
    let candidates = open_file(&options.candidates, engine, &known, columns::request_json_type)?;
    let total_bytes = std::fs::metadata(&options.candidates).map(|m| m.len()).unwrap_or(0);
    let progress = progress_bar(options.progress, total_bytes);
    let (out, format) = (&options.out, options.format);
    let run = run_streams(
        candidates,
        extract,
        &mut |schema| io::create_writer(out, format, schema),
        engine,
        &progress,
        factory,
    );
    progress.finish_and_clear();
    run
}

/// Opens an input file for a run: `declared` are the names (and JSON types) an NDJSON body
/// may carry.
fn open_file(
    path: &Path,
    engine: &EngineOptions,
    declared: &[&'static str],
    json_type: impl Fn(&str) -> JsonType,
) -> Result<Input, Error> {
    let declared: Vec<(&str, JsonType)> = declared.iter().map(|name| (*name, json_type(name))).collect();
    let read_options = ReadOptions {
        batch_size: engine.batch_size,
        delimiter: engine.profile.delimiter_byte(),
        declared: &declared,
        ..ReadOptions::default()
    };
    Ok(Input { name: path.to_path_buf(), reader: io::open_input(path, &read_options)? })
}

/// Runs a job over two streams of batches: the extract is indexed, the candidates are answered
/// in parallel (the model trained first, when the job has one to train), and the result batches
/// go, in input order, to the writer `output` creates for the job's schema. The library's face
/// for engines other than the command line (the Python package, Spark tasks).
pub fn run_streams(
    candidates: Input,
    extract: Input,
    output: &mut Output<'_>,
    engine: &EngineOptions,
    progress: &ProgressBar,
    factory: &dyn JobFactory,
) -> Result<Run, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(engine.threads)
        .thread_name(|i| format!("kyclink-score-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("--threads: {e}")))?;
    let mut warnings = Vec::new();
    let extract_name = extract.name.clone();
    let mut extract = resolve_extract(extract, &engine.profile)?;
    let unused: Vec<(usize, &str)> = extract.unused.iter().map(|(i, h)| (*i, h.as_str())).collect();
    if !unused.is_empty() {
        warnings.push(format!("{}: columns not used: {}", extract_name.display(), columns::list(&unused)));
    }

    let known = factory.candidate_columns();
    let Input { name: candidates_name, reader: mut candidates } = candidates;
    let delimiter = candidates.delimiter();
    let no_mapping = BTreeMap::new();
    let mapping = if candidates.headers_are_declared() { &no_mapping } else { &engine.profile.columns.candidates };
    let selection = Selection::resolve(&candidates_name, candidates.headers(), mapping, &known, delimiter)?;
    let keep = engine
        .keep
        .iter()
        .map(|name| Ok((keep_column(candidates.headers(), &selection, name, &candidates_name)?, name.clone())))
        .collect::<Result<Vec<_>, Error>>()?;
    let unused: Vec<(usize, &str)> = selection
        .unknown()
        .iter()
        .filter(|(_, h)| !engine.keep.iter().any(|k| k == h))
        .map(|(i, h)| (*i, h.as_str()))
        .collect();
    if !unused.is_empty() {
        warnings.push(format!("{}: columns not used: {}", candidates_name.display(), columns::list(&unused)));
    }
    let read: Vec<usize> =
        known.iter().filter_map(|name| selection.get(name)).chain(keep.iter().map(|(column, _)| *column)).collect();
    candidates.project(&read)?;

    let needs = factory.extract_needs(&selection);
    let normalizer = engine.profile.normalizer();
    // A first look at the leading rows, e.g. to train the linkage model on them, read while
    // the index is built (read after, they left a core idle); they are then the first rows
    // of the run.
    let wanted = factory.training_rows();
    let (index, sample) = std::thread::scope(|scope| {
        let sampling = spawn_named(scope, "kyclink-sample", || read_sample(candidates.as_mut(), wanted));
        let index =
            pool.install(|| SubscriberIndex::build(extract.reader.as_mut(), &extract.columns, &needs, &normalizer));
        (index, sampling.join().expect("the sample reader thread panicked"))
    });
    let index = index?;
    let sample = sample?;
    drop(extract);
    let mut job = factory.bind(&index, &engine.profile, &selection, keep)?;
    if wanted > 0 {
        pool.install(|| job.train(&sample))?;
    }

    let writer = output(&job.schema())?;
    let mut summary = Summary::new(factory.name(), job.counted_columns());
    summary.extract = Some(index.report().clone());
    let mut trained_model = None;
    if let Some((model, trained)) = job.model() {
        summary.linkage = Some(LinkageSummary::new(model, trained));
        if trained {
            warnings.extend(model.warnings());
            trained_model = Some(model.clone());
        }
    }
    summary.warnings = warnings;
    stream(job.as_ref(), sample, candidates, writer, &pool, progress, &mut summary)?;
    summary.finish();
    Ok(Run { summary, model: trained_model })
}

/// The candidates' column `--keep NAME` passes through: the input header as written, else
/// the column a kyclink name is mapped to; a header that appears twice is ambiguous.
fn keep_column(headers: &[String], selection: &Selection, name: &str, path: &Path) -> Result<usize, Error> {
    let mut same = headers.iter().enumerate().filter(|(_, h)| *h == name).map(|(i, _)| i);
    match (same.next(), same.next()) {
        (Some(column), None) => Ok(column),
        (Some(first), Some(second)) => Err(Error::Header {
            path: path.to_path_buf(),
            line: 1,
            column: Some(second + 1),
            message: format!("--keep {name}: the header has it twice (columns {} and {})", first + 1, second + 1),
        }),
        (None, _) => selection.require(name, path),
    }
}

/// The leading batches of `reader`, at least `wanted` rows unless it has fewer.
fn read_sample(reader: &mut dyn BatchReader, wanted: usize) -> Result<Vec<InputBatch>, Error> {
    let mut sample = Vec::new();
    while sample.iter().map(InputBatch::len).sum::<usize>() < wanted {
        let Some(batch) = reader.next_batch()? else { break };
        sample.push(batch);
    }
    Ok(sample)
}

/// The subscriber extract, opened, with its columns resolved.
pub struct Extract {
    /// Its batches.
    pub reader: Box<dyn BatchReader>,
    /// Which column holds what.
    pub columns: ExtractColumns,
    /// Headers that name nothing kyclink reads, with their positions.
    pub unused: Vec<(usize, String)>,
}

/// Trains the job's model (KYC Match's linkage model) on the first rows of `candidates` it
/// learns from, as a run would, without answering the rest; the run's summary and model.
pub fn train(
    candidates: Input,
    extract: Input,
    engine: &EngineOptions,
    factory: &dyn JobFactory,
) -> Result<Run, Error> {
    let wanted = factory.training_rows();
    let candidates =
        Input { name: candidates.name, reader: Box::new(Leading { reader: candidates.reader, left: wanted }) };
    run_streams(candidates, extract, &mut |_| Ok(Box::new(Discard)), engine, &ProgressBar::hidden(), factory)
}

/// How common each name and locality is among an extract's subscribers (for the linkage
/// model's term frequencies), counted as a run's index holds them.
pub fn count_terms(extract: Input, profile: &Profile) -> Result<[ValueCounts; 3], Error> {
    let mut extract = resolve_extract(extract, profile)?;
    let attributes = Term::ALL.iter().map(|t| t.attribute()).collect();
    let needs = ExtractNeeds { attributes, extras: Vec::new() };
    let index = SubscriberIndex::build(extract.reader.as_mut(), &extract.columns, &needs, &profile.normalizer())?;
    Ok(linkage::term_counts(&index))
}

/// The first `left` rows of a reader (whole batches, the last one included).
struct Leading {
    reader: Box<dyn BatchReader>,
    left: usize,
}

impl BatchReader for Leading {
    fn headers(&self) -> &[String] {
        self.reader.headers()
    }

    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        let batch = self.reader.next_batch()?;
        self.left = self.left.saturating_sub(batch.as_ref().map_or(0, InputBatch::len));
        Ok(batch)
    }

    fn bytes_read(&self) -> u64 {
        self.reader.bytes_read()
    }

    fn project(&mut self, columns: &[usize]) -> Result<(), Error> {
        self.reader.project(columns)
    }

    fn delimiter(&self) -> Option<u8> {
        self.reader.delimiter()
    }

    fn headers_are_declared(&self) -> bool {
        self.reader.headers_are_declared()
    }
}

/// A writer that keeps nothing.
struct Discard;

impl BatchWriter for Discard {
    fn write(&mut self, _batch: &RecordBatch) -> Result<(), Error> {
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        Ok(())
    }
}

/// The extract's columns resolved under `profile`'s mapping.
pub fn resolve_extract(extract: Input, profile: &Profile) -> Result<Extract, Error> {
    let names = columns::extract_names();
    let Input { name, reader } = extract;
    let no_mapping = BTreeMap::new();
    let mapping = if reader.headers_are_declared() { &no_mapping } else { &profile.columns.extract };
    let selection = Selection::resolve(&name, reader.headers(), mapping, &names, reader.delimiter())?;
    let columns = ExtractColumns::new(&selection, &name, profile.multi_value_separator)?;
    Ok(Extract { reader, columns, unused: selection.unknown().to_vec() })
}

/// Opens the extract `path` and resolves its columns under `profile`'s mapping.
pub fn open_extract(path: &Path, profile: &Profile, batch_size: usize) -> Result<Extract, Error> {
    let engine = EngineOptions { profile: profile.clone(), batch_size, ..EngineOptions::default() };
    resolve_extract(open_file(path, &engine, &columns::extract_names(), |_| JsonType::Scalar)?, profile)
}

/// Reads, scores and writes every batch (the batches already read first), overlapping the
/// three; closes the writer only when every row was written, so a failed run leaves no output
/// under the target name. Batches are scored a wave at a time, one batch per worker thread,
/// each whole (its rows and its output columns) on one thread, then written in input order.
fn stream(
    job: &dyn Job,
    read: Vec<InputBatch>,
    mut reader: Box<dyn BatchReader>,
    mut writer: Box<dyn BatchWriter>,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
    summary: &mut Summary,
) -> Result<(), Error> {
    let wave = pool.current_num_threads().max(1);
    let (batches, to_score) = crossbeam_channel::bounded::<(InputBatch, u64)>(wave + 1);
    let (scored, to_write) = crossbeam_channel::bounded::<RecordBatch>(wave + 1);
    std::thread::scope(|scope| {
        let reading = spawn_named(scope, "kyclink-read", move || -> Result<(), Error> {
            let bytes_read = reader.bytes_read();
            for batch in read {
                if batches.send((batch, bytes_read)).is_err() {
                    return Ok(());
                }
            }
            while let Some(batch) = reader.next_batch()? {
                if batches.send((batch, reader.bytes_read())).is_err() {
                    break;
                }
            }
            Ok(())
        });
        let writing = spawn_named(scope, "kyclink-write", move || -> Result<Box<dyn BatchWriter>, Error> {
            for batch in to_write {
                writer.write(&batch)?;
            }
            Ok(writer)
        });
        let mut scoring = || -> Result<(), Error> {
            loop {
                let mut next: Vec<(InputBatch, u64, u64)> = Vec::with_capacity(wave);
                let mut first_row = summary.rows_in + 1;
                for (batch, bytes_read) in to_score.iter().take(wave) {
                    let rows = batch.len() as u64;
                    next.push((batch, first_row, bytes_read));
                    first_row += rows;
                }
                let Some(&(_, _, bytes_read)) = next.last() else { return Ok(()) };
                let results: Vec<Result<(RecordBatch, Summary), Error>> = pool.install(|| {
                    next.par_iter()
                        .map(|(batch, first_row, _)| {
                            let mut counts = summary.empty_like();
                            counts.rows_in = batch.len() as u64;
                            Ok((job.process(batch, *first_row, &mut counts)?, counts))
                        })
                        .collect()
                });
                for result in results {
                    let (batch, counts) = result?;
                    summary.merge(&counts);
                    if scored.send(batch).is_err() {
                        return Ok(());
                    }
                }
                progress.set_position(bytes_read);
                progress.set_message(format!("{} rows", summary.rows_in));
            }
        };
        let scoring = scoring();
        drop(scored);
        drop(to_score);
        let reading = reading.join().expect("the reader thread panicked");
        let writer = writing.join().expect("the writer thread panicked");
        // The first failure in data order: reading, then scoring, then writing.
        reading?;
        scoring?;
        writer?.close()
    })
}

fn progress_bar(enabled: bool, total_bytes: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {percent:>3}% {msg} ({binary_bytes_per_sec}, eta {eta})",
        )
        .expect("a valid template")
        .progress_chars("=> "),
    );
    bar
}
