//! Readers and writers. Every reader yields [`InputBatch`]es of Arrow string columns named by
//! the file's own headers; every writer takes result `RecordBatch`es. Nothing here knows about
//! matching: column mapping is the job's business.

mod csv;
mod identity;
mod ndjson;
mod output;
mod parquet;
mod streams;
mod text;

pub use self::csv::{CsvReader, CsvWriter};
pub use self::ndjson::{JsonType, NdjsonReader, NdjsonWriter};
pub use self::parquet::{ParquetReader, ParquetWriter};
pub use identity::{refuse_overwrites, refuse_overwrites_in};
pub use output::{OutputFile, remove_partial_files, write_file};
pub use streams::{ArrowReader, Collected, Collector, Sender};
pub use text::{is_text_like, to_text};

use crate::error::Error;
use arrow_array::RecordBatch;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::str::FromStr;

/// Field metadata key that tells writers a result column's role.
pub const ROLE: &str = "kyclink.role";
/// The role of a result column that is not part of the CAMARA response body (columns kept
/// from the input, kyclink's own aggregates): NDJSON writes it beside `body`, not inside.
pub const ROLE_EXTRA: &str = "extra";
/// The role of a response-body column whose null is part of the body (`"name": null`), as
/// Device Swap's withheld `latestDeviceChange`; other nulls are left out of the body.
pub const ROLE_NULLABLE: &str = "nullable";

/// The file formats kyclink reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// Newline-delimited JSON: one CAMARA body per line.
    Ndjson,
}

impl Format {
    /// The format a file name implies (`.csv`, `.parquet`, `.ndjson`/`.jsonl`, each
    /// optionally `.gz`), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        extension.parse().ok()
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Format, String> {
        match name {
            "csv" => Ok(Format::Csv),
            "parquet" | "pq" => Ok(Format::Parquet),
            "ndjson" | "jsonl" => Ok(Format::Ndjson),
            other => Err(format!("unknown format {other:?} (csv, parquet, ndjson)")),
        }
    }
}

/// Whether `path` names a gzip file (`.gz`): read decompressed, written compressed.
pub fn is_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Opens a text input, decompressing `.gz` transparently. A plain file is read unbuffered:
/// its reader (the csv crate's, NDJSON's lines) buffers, and one copy of every byte is enough.
fn open_text(path: &Path) -> Result<Box<dyn Read + Send>, Error> {
    let file = File::open(path).map_err(|source| Error::open(path, source))?;
    Ok(if is_gzip(path) {
        Box::new(flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file)))
    } else {
        Box::new(file)
    })
}

/// Rows read per batch unless told otherwise: large enough to keep both cores busy, small
/// enough that memory does not depend on the file's length.
pub const DEFAULT_BATCH_SIZE: u32 = 16 * 1024;
/// The largest batch size the command line takes: a million rows of two dozen columns is
/// already a few hundred megabytes per batch, and several batches are in flight. Readers size
/// their buffers by the rows they read, whatever the batch size.
pub const MAX_BATCH_SIZE: u32 = 1_000_000;

/// One bounded slice of an input file.
#[derive(Debug, Clone)]
pub struct InputBatch {
    /// One nullable Utf8 column per header, named by the header.
    pub data: RecordBatch,
    /// The 1-based line where each row starts, for messages.
    pub lines: Vec<u64>,
    /// Rows that could not be read as they stand (ragged, invalid UTF-8, an NDJSON body that
    /// breaks its schema), with a message that names the line and the column or property but
    /// never the value. Their cells hold only what could still be read for certain (for the
    /// requestId and kept columns); the jobs answer them 400 without reading them.
    pub defects: Vec<(usize, String)>,
}

impl InputBatch {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.data.num_rows()
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.data.num_rows() == 0
    }
}

/// A source of input batches (arrow's `RecordBatchReader`, plus per-row defects).
pub trait BatchReader: Send {
    /// The header names, in file order.
    fn headers(&self) -> &[String];
    /// The next batch, or `None` at the end.
    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error>;
    /// Bytes consumed so far, for progress.
    fn bytes_read(&self) -> u64;
    /// The field delimiter the header was split by, for a delimited text format (CSV).
    fn delimiter(&self) -> Option<u8> {
        None
    }
    /// Whether the headers are the declared names rather than the file's own (NDJSON, whose
    /// bodies carry CAMARA property names): a profile's header mapping does not apply.
    fn headers_are_declared(&self) -> bool {
        false
    }
    /// Reads only `columns` (positions in [`BatchReader::headers`]); called before the first
    /// batch. The others come as all-null columns, so that positions stay valid, and are never
    /// decoded, so nothing in them (a type that is not text, bytes that are not UTF-8) can
    /// matter. A reader for which reading a column costs nothing extra may ignore it (the
    /// default). Fails when a column chosen cannot be read as text.
    fn project(&mut self, _columns: &[usize]) -> Result<(), Error> {
        Ok(())
    }
}

/// A sink of result batches (arrow's `RecordBatchWriter`).
pub trait BatchWriter: Send {
    /// Appends the rows of `batch`.
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error>;
    /// Flushes and completes the output; only then does a file appear under its name.
    fn close(self: Box<Self>) -> Result<(), Error>;
}

/// How to read an input file.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The format, when not the one the file's name implies (CSV when it implies none).
    pub format: Option<Format>,
    /// Rows per batch (at most; buffers are sized by the rows read).
    pub batch_size: usize,
    /// The CSV field delimiter.
    pub delimiter: u8,
    /// The properties an NDJSON body may carry, and the type of each.
    pub declared: &'a [(&'a str, JsonType)],
}

impl Default for ReadOptions<'_> {
    fn default() -> Self {
        ReadOptions { format: None, batch_size: DEFAULT_BATCH_SIZE as usize, delimiter: b',', declared: &[] }
    }
}

/// Opens an input file for batch reading, in `format` or the one its name implies (CSV
/// when it implies none). `declared` are the properties an NDJSON body may carry, each any
/// scalar ([`JsonType::Scalar`]).
pub fn open_reader(
    path: &Path,
    format: Option<Format>,
    batch_size: usize,
    declared: &[&str],
) -> Result<Box<dyn BatchReader>, Error> {
    let declared: Vec<(&str, JsonType)> = declared.iter().map(|name| (*name, JsonType::Scalar)).collect();
    open_input(path, &ReadOptions { format, batch_size, declared: &declared, ..ReadOptions::default() })
}

/// Opens an input file for batch reading as `options` say.
pub fn open_input(path: &Path, options: &ReadOptions) -> Result<Box<dyn BatchReader>, Error> {
    let batch_size = options.batch_size;
    Ok(match options.format.or_else(|| Format::from_path(path)).unwrap_or(Format::Csv) {
        Format::Csv => Box::new(CsvReader::new(path, open_text(path)?, batch_size, options.delimiter)?),
        Format::Ndjson => {
            let input = Box::new(BufReader::with_capacity(1 << 16, open_text(path)?));
            Box::new(NdjsonReader::new(path, input, options.declared, batch_size))
        }
        Format::Parquet if is_gzip(path) => {
            return Err(Error::Usage(format!("{}: Parquet is compressed inside; remove the .gz", path.display())));
        }
        Format::Parquet => Box::new(ParquetReader::open(path, batch_size)?),
    })
}

/// Creates the output (`-` is standard output) for batches of `schema`, in `format` or the
/// one its name implies (CSV when it implies none), gzip-compressed when the name ends in `.gz`.
pub fn create_writer(
    path: &Path,
    format: Option<Format>,
    schema: &arrow_schema::Schema,
) -> Result<Box<dyn BatchWriter>, Error> {
    let format = format.or_else(|| Format::from_path(path)).unwrap_or(Format::Csv);
    let gzip = is_gzip(path);
    if format == Format::Parquet && gzip {
        return Err(Error::Usage(format!("{}: Parquet is compressed inside; remove the .gz", path.display())));
    }
    let output = OutputFile::create(path, gzip)?;
    Ok(match format {
        Format::Csv => Box::new(CsvWriter::new(output, schema)?),
        Format::Ndjson => Box::new(NdjsonWriter::new(output)),
        Format::Parquet => Box::new(ParquetWriter::new(output, schema)?),
    })
}
