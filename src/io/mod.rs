//! Readers and writers. Every reader yields [`InputBatch`]es of Arrow string columns named by
//! the file's own headers; every writer takes result `RecordBatch`es. Nothing here knows about
//! matching: column mapping is the job's business.

mod csv;
mod output;

pub use self::csv::{CsvReader, CsvWriter};
pub use output::OutputFile;

use crate::error::Error;
use arrow_array::RecordBatch;
use std::path::Path;

/// Rows read per batch unless told otherwise: large enough to keep both cores busy, small
/// enough that memory does not depend on the file's length.
pub const DEFAULT_BATCH_SIZE: u32 = 16 * 1024;

/// One bounded slice of an input file.
#[derive(Debug, Clone)]
pub struct InputBatch {
    /// One nullable Utf8 column per header, named by the header.
    pub data: RecordBatch,
    /// The 1-based line where each row starts, for messages.
    pub lines: Vec<u64>,
    /// Rows that could not be read as they stand (ragged, invalid UTF-8), with a message that
    /// names the line or column but never the value. Their cells are all null.
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
}

/// A sink of result batches (arrow's `RecordBatchWriter`).
pub trait BatchWriter: Send {
    /// Appends the rows of `batch`.
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error>;
    /// Flushes and completes the output; only then does a file appear under its name.
    fn close(self: Box<Self>) -> Result<(), Error>;
}

/// Opens an input file for batch reading.
pub fn open_reader(path: &Path, batch_size: usize) -> Result<Box<dyn BatchReader>, Error> {
    Ok(Box::new(CsvReader::open(path, batch_size)?))
}

/// Creates the output (`-` is standard output) for batches of `schema`.
pub fn create_writer(path: &Path, schema: &arrow_schema::Schema) -> Result<Box<dyn BatchWriter>, Error> {
    Ok(Box::new(CsvWriter::new(OutputFile::create(path)?, schema)?))
}
