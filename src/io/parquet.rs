//! Parquet in and out (arrow-rs `parquet`), in record batches.
//!
//! Input columns of any type that casts to text are read as text (strings, integers,
//! dates), so the jobs see one representation whatever the writer chose; a phone number
//! stored as an integer has lost its `+` and is answered as the invalid value it is. Columns
//! that are not read are not decoded, so their type does not matter.

use super::{BatchReader, BatchWriter, InputBatch, OutputFile};
use crate::error::Error;
use arrow_array::{RecordBatch, RecordBatchOptions, new_null_array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Reads a Parquet file's columns as nullable text.
pub struct ParquetReader {
    path: PathBuf,
    /// Until the first batch: the builder, so that [`BatchReader::project`] can still choose
    /// the columns decoded.
    builder: Option<ParquetRecordBatchReaderBuilder<File>>,
    reader: Option<ParquetRecordBatchReader>,
    /// The columns decoded, in file order.
    read: Vec<usize>,
    batch_size: usize,
    headers: Vec<String>,
    /// Each column's type in the file.
    types: Vec<DataType>,
    schema: SchemaRef,
    rows_read: u64,
    total_rows: u64,
    file_size: u64,
}

impl ParquetReader {
    /// Opens `path` and reads its schema. Columns read must be text-like
    /// ([`super::is_text_like`]); that is checked when they are chosen.
    pub fn open(path: &Path, batch_size: usize) -> Result<ParquetReader, Error> {
        let file = File::open(path).map_err(|source| Error::open(path, source))?;
        let file_size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| Error::Header {
            path: path.to_path_buf(),
            line: 1,
            column: None,
            message: e.to_string(),
        })?;
        let total_rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
        let (headers, types): (Vec<String>, Vec<DataType>) =
            builder.schema().fields().iter().map(|field| (field.name().clone(), field.data_type().clone())).unzip();
        let fields: Vec<Field> = headers.iter().map(|h| Field::new(h, DataType::Utf8, true)).collect();
        Ok(ParquetReader {
            path: path.to_path_buf(),
            builder: Some(builder),
            reader: None,
            read: (0..headers.len()).collect(),
            batch_size: batch_size.max(1),
            headers,
            types,
            schema: Arc::new(Schema::new(fields)),
            rows_read: 0,
            total_rows,
            file_size,
        })
    }
}

impl ParquetReader {
    /// Checks that every column read can be read as text.
    fn check_types(&self) -> Result<(), Error> {
        match self.read.iter().find(|&&i| !super::is_text_like(&self.types[i])) {
            None => Ok(()),
            Some(&i) => Err(Error::Header {
                path: self.path.clone(),
                line: 1,
                column: Some(i + 1),
                message: format!(
                    "{} has type {}, which is not text",
                    crate::columns::describe(&self.headers[i], i),
                    self.types[i]
                ),
            }),
        }
    }
}

impl BatchReader for ParquetReader {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error> {
        let read_error = |message: String| Error::Read {
            path: self.path.clone(),
            position: crate::error::Position { line: self.rows_read + 1 },
            message,
        };
        if let Some(builder) = self.builder.take() {
            self.check_types()?;
            let mask = ProjectionMask::roots(builder.parquet_schema(), self.read.iter().copied());
            let reader = builder.with_batch_size(self.batch_size).with_projection(mask).build();
            self.reader = Some(reader.map_err(|e| read_error(e.to_string()))?);
        }
        let Some(batch) = self.reader.as_mut().and_then(Iterator::next) else { return Ok(None) };
        let batch = batch.map_err(|e| read_error(e.to_string()))?;
        let rows = batch.num_rows();
        let mut decoded = batch.columns().iter().zip(&self.read).peekable();
        let mut columns = Vec::with_capacity(self.headers.len());
        for column in 0..self.headers.len() {
            columns.push(match decoded.next_if(|(_, read)| **read == column) {
                Some((array, _)) => {
                    super::to_text(array.as_ref()).ok_or_else(|| read_error("a column is not text".into()))?
                }
                None => new_null_array(&DataType::Utf8, rows),
            });
        }
        // Parquet has rows, not lines: messages count rows from 1, as lines do.
        let lines = (self.rows_read + 1..=self.rows_read + rows as u64).collect();
        self.rows_read += rows as u64;
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        let data = RecordBatch::try_new_with_options(self.schema.clone(), columns, &options)?;
        Ok(Some(InputBatch { data, lines, defects: Vec::new() }))
    }

    fn bytes_read(&self) -> u64 {
        (self.file_size as f64 * self.rows_read as f64 / self.total_rows.max(1) as f64) as u64
    }

    fn project(&mut self, columns: &[usize]) -> Result<(), Error> {
        self.read = (0..self.headers.len()).filter(|i| columns.contains(i)).collect();
        self.check_types()
    }
}

/// Writes result batches to a Parquet file (Snappy), row group by row group.
pub struct ParquetWriter {
    writer: ArrowWriter<OutputFile>,
    path: PathBuf,
}

impl ParquetWriter {
    /// Starts a Parquet file of `schema` on `output`.
    pub fn new(output: OutputFile, schema: &Schema) -> Result<ParquetWriter, Error> {
        let path = output.path().to_path_buf();
        let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let writer = ArrowWriter::try_new(output, Arc::new(schema.clone()), Some(properties))
            .map_err(|e| Error::Write { path: path.clone(), source: std::io::Error::other(e) })?;
        Ok(ParquetWriter { writer, path })
    }
}

impl BatchWriter for ParquetWriter {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        self.writer.write(batch).map_err(|e| Error::Write { path: self.path.clone(), source: std::io::Error::other(e) })
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        let path = self.path.clone();
        let output = self.writer.into_inner().map_err(|e| Error::Write { path, source: std::io::Error::other(e) })?;
        output.commit()
    }
}
