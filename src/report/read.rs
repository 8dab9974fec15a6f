//! Result and label files read a batch at a time, for analyses whose memory must not grow
//! with the file: every reader of kyclink's data plane yields text columns; here a cell is
//! read as text, a number or a yes/no flag, and a cell that does not fit is an error that
//! names the file, the line and the column, never the value.

use crate::error::{Error, Position};
use crate::io::{self, BatchReader, Format, InputBatch};
use arrow_array::cast::AsArray;
use arrow_array::{Array, StringArray};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The labels file's column that says whether a row's identity is the subscriber's own.
pub const IS_OWNER: &str = "isOwner";

/// A results or labels file, opened for reading in batches.
pub struct Table {
    path: PathBuf,
    reader: Box<dyn BatchReader>,
    headers: Vec<String>,
}

impl Table {
    /// Opens a CSV or Parquet file (NDJSON holds response bodies, not tables); a header that
    /// names a column twice is an error.
    pub fn open(path: &Path) -> Result<Table, Error> {
        if Format::from_path(path) == Some(Format::Ndjson) {
            let message = format!("{}: read CSV or Parquet results here, not NDJSON", path.display());
            return Err(Error::Usage(message));
        }
        let reader = io::open_reader(path, None, io::DEFAULT_BATCH_SIZE as usize, &[])?;
        let headers = reader.headers().to_vec();
        let mut seen = HashSet::new();
        if let Some(i) = headers.iter().position(|h| !seen.insert(h)) {
            let message = format!("column {} appears more than once", headers[i]);
            return Err(Error::Header { path: path.to_path_buf(), line: 1, column: Some(i + 1), message });
        }
        Ok(Table { path: path.to_path_buf(), reader, headers })
    }

    /// The file's path, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The header names.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The position of column `name`, if the file has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// The position of column `name`, or the error that the file lacks it.
    pub fn require(&self, name: &str) -> Result<usize, Error> {
        self.column(name).ok_or_else(|| Error::MissingColumn {
            path: self.path.clone(),
            column: name.to_string(),
            header: None,
        })
    }

    /// Reads only these columns (positions); the others come empty. Fails when one of them
    /// cannot be read as text.
    pub fn project(&mut self, columns: &[usize]) -> Result<(), Error> {
        self.reader.project(columns)
    }

    /// The next batch, or `None` at the end; a row the reader could not read is an error.
    pub fn next_batch(&mut self) -> Result<Option<Batch<'_>>, Error> {
        let Some(batch) = self.reader.next_batch()? else { return Ok(None) };
        if let Some((row, message)) = batch.defects.first() {
            let line = batch.lines[*row];
            let message = message.strip_prefix(&format!("line {line}: ")).unwrap_or(message).to_string();
            return Err(Error::Read { path: self.path.clone(), position: Position { line }, message });
        }
        let columns = batch.data.columns().iter().map(|c| c.as_string::<i32>().clone()).collect();
        Ok(Some(Batch { path: &self.path, headers: &self.headers, batch, columns }))
    }
}

/// One batch of a [`Table`], its cells read by column position.
pub struct Batch<'a> {
    path: &'a Path,
    headers: &'a [String],
    batch: InputBatch,
    columns: Vec<StringArray>,
}

impl Batch<'_> {
    /// Rows in the batch.
    pub fn len(&self) -> usize {
        self.batch.len()
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.batch.is_empty()
    }

    /// The cell's text; an empty cell is `None` (a CSV has no other way to say "absent").
    pub fn text(&self, column: usize, row: usize) -> Option<&str> {
        let cells = &self.columns[column];
        (!cells.is_null(row)).then(|| cells.value(row)).filter(|v| !v.is_empty())
    }

    /// The cell as a number; `None` when empty.
    pub fn number(&self, column: usize, row: usize) -> Result<Option<f64>, Error> {
        self.text(column, row)
            .map(|v| {
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| self.bad(column, row, "not a number"))
            })
            .transpose()
    }

    /// The cell as a yes/no flag (`true`/`false`, `1`/`0`, `yes`/`no`, any case); `None`
    /// when empty.
    pub fn flag(&self, column: usize, row: usize) -> Result<Option<bool>, Error> {
        self.text(column, row)
            .map(|v| match v.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(self.bad(column, row, "neither true nor false (true/false, 1/0, yes/no)")),
            })
            .transpose()
    }

    fn bad(&self, column: usize, row: usize, what: &str) -> Error {
        Error::Read {
            path: self.path.to_path_buf(),
            position: Position { line: self.batch.lines[row] },
            message: format!("column {}: {what}", self.headers[column]),
        }
    }
}
