//! CSV in and out, with the `csv` crate: per-record positions for messages, and rows that do
//! not fit (ragged, invalid UTF-8) kept as defects rather than errors.

use super::{BatchReader, BatchWriter, InputBatch, OutputFile};
use crate::error::{Error, Position};
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, new_null_array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::collections::VecDeque;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Reads a CSV file with a header row into batches of string columns.
pub struct CsvReader {
    path: PathBuf,
    reader: csv::Reader<NewlineTracker>,
    lines_before: u64,
    headers: Vec<String>,
    schema: SchemaRef,
    batch_size: usize,
    record: csv::ByteRecord,
    /// Per column, whether it is read ([`BatchReader::project`]).
    read: Vec<bool>,
    delimiter: u8,
    /// The rows and, per column, the bytes of the last batch: the next batch's buffers are
    /// sized by what was read, not by the batch size asked for (which may be far more than
    /// the file holds).
    last_rows: usize,
    last_bytes: Vec<usize>,
}

/// The rows a first batch's buffers have room for.
const FIRST_ROWS: usize = 1024;

impl CsvReader {
    /// Reads the header row of `input` (named `path` in messages), fields separated by
    /// `delimiter`.
    pub fn new(path: &Path, input: Box<dyn Read + Send>, batch_size: usize, delimiter: u8) -> Result<CsvReader, Error> {
        let tracker = NewlineTracker { input, offset: 0, newlines: VecDeque::new() };
        let mut reader =
            csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).buffer_capacity(1 << 16).from_reader(tracker);
        let header_error =
            |column, message: String| Error::Header { path: path.to_path_buf(), line: 1, column, message };
        let raw = reader.byte_headers().map_err(|e| header_error(None, e.to_string()))?.clone();
        if raw.is_empty() {
            return Err(header_error(None, "no header row".into()));
        }
        let mut headers = Vec::with_capacity(raw.len());
        for (i, field) in raw.iter().enumerate() {
            let name = std::str::from_utf8(field)
                .map_err(|_| header_error(Some(i + 1), "header is not valid UTF-8".into()))?;
            headers.push(name.trim_start_matches('\u{feff}').trim().to_string());
        }
        let fields: Vec<Field> = headers.iter().map(|h| Field::new(h, DataType::Utf8, true)).collect();
        Ok(CsvReader {
            path: path.to_path_buf(),
            reader,
            lines_before: 0,
            headers,
            schema: Arc::new(Schema::new(fields)),
            batch_size: batch_size.max(1),
            record: csv::ByteRecord::new(),
            read: vec![true; raw.len()],
            delimiter,
            last_rows: batch_size.clamp(1, FIRST_ROWS),
            last_bytes: vec![batch_size.clamp(1, FIRST_ROWS) * 8; raw.len()],
        })
    }
}

impl CsvReader {
    /// The error of a read that failed mid-file (a truncated `.gz`, a failing disk), naming
    /// the last line read whole: the csv crate has no position for I/O errors.
    fn read_error(&self, error: csv::Error) -> Error {
        let tracker = self.reader.get_ref();
        let last_line = self.lines_before + tracker.newlines.len() as u64;
        let (line, message) = match error.position() {
            Some(position) => (position.line(), error.to_string()),
            None => (last_line.max(1), broke_off(last_line, &error)),
        };
        Error::Read { path: self.path.clone(), position: Position { line }, message }
    }

    /// The 1-based line of a record starting at `offset` (after a CRLF the csv crate puts the
    /// start on the `\n`, which still ends the line before); offsets must not decrease.
    fn line_at(&mut self, offset: u64) -> u64 {
        let newlines = &mut self.reader.get_mut().newlines;
        while newlines.front().is_some_and(|&newline| newline <= offset) {
            newlines.pop_front();
            self.lines_before += 1;
        }
        self.lines_before + 1
    }
}

/// The message of an input that cannot be read beyond line `last_line` (0: not even one).
pub(super) fn broke_off(last_line: u64, cause: &dyn std::fmt::Display) -> String {
    match last_line {
        0 => format!("the input breaks off before its first line ends: {cause}"),
        _ => format!("the input breaks off after this line, the last one read whole: {cause}"),
    }
}

/// Notes the offset of every newline that the CSV parser reads: the csv crate's own
/// `Position::line` lags behind on CRLF files (rust-csv issue 395), and messages must name
/// the line an editor shows.
struct NewlineTracker {
    input: Box<dyn Read + Send>,
    offset: u64,
    /// Offsets of the newlines read and not yet passed by [`CsvReader::line_at`].
    newlines: VecDeque<u64>,
}

impl Read for NewlineTracker {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.input.read(buf)?;
        let offset = self.offset;
        self.newlines.extend(memchr::memchr_iter(b'\n', &buf[..read]).map(|i| offset + i as u64));
        self.offset += read as u64;
        Ok(read)
    }
}

impl BatchReader for CsvReader {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error> {
        let width = self.headers.len();
        let rows = self.last_rows.min(self.batch_size);
        let mut columns: Vec<Option<StringBuilder>> =
            (0..width).map(|i| self.read[i].then(|| StringBuilder::with_capacity(rows, self.last_bytes[i]))).collect();
        let (mut lines, mut defects) = (Vec::with_capacity(rows), Vec::new());
        while lines.len() < self.batch_size {
            let more = match self.reader.read_byte_record(&mut self.record) {
                Ok(more) => more,
                Err(error) => return Err(self.read_error(error)),
            };
            if !more {
                break;
            }
            let line = self.line_at(self.record.position().map_or(0, |p| p.byte()));
            // One UTF-8 check of the whole record: when it passes, a field is valid if it starts
            // and ends on character boundaries; when it fails, each field read is checked alone
            // (a column that is not read may hold anything).
            let text = std::str::from_utf8(self.record.as_slice()).ok();
            let record = &self.record;
            let field = |i: usize| match text {
                Some(text) => record.range(i).and_then(|range| text.get(range)),
                None => std::str::from_utf8(&record[i]).ok(),
            };
            let ragged = record.len() != width;
            let defect = if ragged {
                Some(format!("line {line}: the record has {} fields, the header has {width}", record.len()))
            } else {
                (0..width)
                    .find(|&i| self.read[i] && field(i).is_none())
                    .map(|i| format!("line {line}: {}: not valid UTF-8", crate::columns::describe(&self.headers[i], i)))
            };
            if let Some(message) = defect {
                defects.push((lines.len(), message));
            }
            for (i, column) in columns.iter_mut().enumerate() {
                if let Some(column) = column {
                    // A rejected row keeps the cells that can still be read, so that its
                    // requestId is the real one: in a ragged row only the first field is
                    // surely its column's (a field missing or split in two shifts every
                    // later one); in a row with bytes that are not UTF-8, every valid field.
                    column.append_option(if ragged && i > 0 { None } else { field(i) });
                }
            }
            lines.push(line);
        }
        if lines.is_empty() {
            return Ok(None);
        }
        let arrays: Vec<ArrayRef> = columns
            .iter_mut()
            .map(|c| c.as_mut().map_or_else(|| new_null_array(&DataType::Utf8, lines.len()), |c| Arc::new(c.finish())))
            .collect();
        self.last_rows = lines.len();
        for (bytes, array) in self.last_bytes.iter_mut().zip(&arrays) {
            *bytes = array.as_string_opt::<i32>().map_or(0, |a| a.value_data().len());
        }
        let data = RecordBatch::try_new_with_options(
            self.schema.clone(),
            arrays,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(lines.len())),
        )?;
        Ok(Some(InputBatch { data, lines, defects }))
    }

    fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    fn delimiter(&self) -> Option<u8> {
        Some(self.delimiter)
    }

    fn project(&mut self, columns: &[usize]) -> Result<(), Error> {
        self.read = (0..self.headers.len()).map(|i| columns.contains(&i)).collect();
        Ok(())
    }
}

/// Writes result batches as CSV with a header row; nulls are empty cells.
pub struct CsvWriter {
    writer: csv::Writer<OutputFile>,
    path: PathBuf,
}

impl CsvWriter {
    /// Starts the output with the header row of `schema`.
    pub fn new(output: OutputFile, schema: &Schema) -> Result<CsvWriter, Error> {
        let path = output.path().to_path_buf();
        let mut writer = csv::WriterBuilder::new().from_writer(output);
        writer.write_record(schema.fields().iter().map(|f| f.name())).map_err(|e| write_error(&path, e))?;
        Ok(CsvWriter { writer, path })
    }
}

fn write_error(path: &Path, error: csv::Error) -> Error {
    let source = match error.into_kind() {
        csv::ErrorKind::Io(source) => source,
        other => std::io::Error::other(format!("{other:?}")),
    };
    Error::Write { path: path.to_path_buf(), source }
}

/// Writes cell `row` of `array` into `out` (empty for null).
fn format_cell(array: &dyn Array, row: usize, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    if array.is_null(row) {
        return;
    }
    let _ = match array.data_type() {
        DataType::Utf8 => write!(out, "{}", array.as_string::<i32>().value(row)),
        DataType::Boolean => write!(out, "{}", array.as_boolean().value(row)),
        DataType::UInt8 => write!(out, "{}", array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => write!(out, "{}", array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => write!(out, "{}", array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => write!(out, "{}", array.as_primitive::<UInt64Type>().value(row)),
        DataType::Float64 => write!(out, "{}", array.as_primitive::<Float64Type>().value(row)),
        other => unreachable!("kyclink writes no {other} column"),
    };
}

impl BatchWriter for CsvWriter {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let mut cell = String::new();
        for row in 0..batch.num_rows() {
            for column in batch.columns() {
                format_cell(column.as_ref(), row, &mut cell);
                self.writer.write_field(&cell).map_err(|e| write_error(&self.path, e))?;
            }
            self.writer.write_record(None::<&[u8]>).map_err(|e| write_error(&self.path, e))?;
        }
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        let path = self.path.clone();
        let output = self.writer.into_inner().map_err(|e| Error::Write { path, source: e.into_error() })?;
        output.commit()
    }
}
