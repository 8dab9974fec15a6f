//! Arrow streams in and out, for engines that hold their data in memory (the Python package,
//! Spark tasks): any `RecordBatchReader` as an input, and writers that collect the result
//! batches or hand them on as they come.
//!
//! An input's columns are read as text through the conversion the Parquet reader uses
//! ([`super::to_text`]: strings of every width and view, dictionaries, integers, dates), so an
//! in-memory table answers as the same table written to a file would. Rows have no lines:
//! messages count rows from 1, as for Parquet.

use super::{BatchReader, BatchWriter, InputBatch};
use crate::error::{Error, Position};
use arrow_array::{RecordBatch, RecordBatchOptions, RecordBatchReader, new_null_array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Reads an Arrow stream's columns as nullable text.
pub struct ArrowReader {
    /// What messages call the stream (e.g. `candidates`).
    name: PathBuf,
    stream: Box<dyn RecordBatchReader + Send>,
    headers: Vec<String>,
    types: Vec<DataType>,
    /// The columns converted; the others come as nulls.
    read: Vec<bool>,
    schema: SchemaRef,
    rows_read: u64,
}

impl ArrowReader {
    /// A reader of `stream`, called `name` in messages.
    pub fn new(name: impl Into<PathBuf>, stream: Box<dyn RecordBatchReader + Send>) -> ArrowReader {
        let input = stream.schema();
        let (headers, types): (Vec<String>, Vec<DataType>) =
            input.fields().iter().map(|f| (f.name().clone(), f.data_type().clone())).unzip();
        let fields: Vec<Field> = headers.iter().map(|h| Field::new(h, DataType::Utf8, true)).collect();
        ArrowReader {
            name: name.into(),
            stream,
            read: vec![true; headers.len()],
            headers,
            types,
            schema: Arc::new(Schema::new(fields)),
            rows_read: 0,
        }
    }
}

impl BatchReader for ArrowReader {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error> {
        let read_error = |message: String, rows_read: u64| Error::Read {
            path: self.name.clone(),
            position: Position { line: rows_read + 1 },
            message,
        };
        let Some(batch) = self.stream.next() else { return Ok(None) };
        let batch = batch.map_err(|e| read_error(e.to_string(), self.rows_read))?;
        let rows = batch.num_rows();
        let mut columns = Vec::with_capacity(self.headers.len());
        for (i, array) in batch.columns().iter().enumerate() {
            columns.push(if self.read[i] {
                super::to_text(array.as_ref())
                    .ok_or_else(|| read_error(format!("column {} is not text", i + 1), self.rows_read))?
            } else {
                new_null_array(&DataType::Utf8, rows)
            });
        }
        let lines = (self.rows_read + 1..=self.rows_read + rows as u64).collect();
        self.rows_read += rows as u64;
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        let data = RecordBatch::try_new_with_options(self.schema.clone(), columns, &options)?;
        Ok(Some(InputBatch { data, lines, defects: Vec::new() }))
    }

    fn bytes_read(&self) -> u64 {
        0
    }

    fn project(&mut self, columns: &[usize]) -> Result<(), Error> {
        self.read = (0..self.headers.len()).map(|i| columns.contains(&i)).collect();
        match (0..self.headers.len()).find(|&i| self.read[i] && !super::is_text_like(&self.types[i])) {
            None => Ok(()),
            Some(i) => Err(Error::Header {
                path: self.name.clone(),
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

/// A writer that keeps every result batch, for [`Collected::take`] after the run.
pub struct Collector {
    batches: Arc<Mutex<Vec<RecordBatch>>>,
}

/// The batches a [`Collector`] kept.
#[derive(Clone, Default)]
pub struct Collected(Arc<Mutex<Vec<RecordBatch>>>);

impl Collected {
    /// A writer that collects into this.
    pub fn writer(&self) -> Collector {
        Collector { batches: self.0.clone() }
    }

    /// The batches written so far, in order.
    pub fn take(&self) -> Vec<RecordBatch> {
        std::mem::take(&mut self.0.lock().expect("not poisoned"))
    }
}

impl BatchWriter for Collector {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        self.batches.lock().expect("not poisoned").push(batch.clone());
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        Ok(())
    }
}

/// A writer that hands each result batch to a consumer as it is written (a streaming reader
/// on the other side of a bounded channel): memory stays bounded by the channel's capacity.
pub struct Sender {
    sender: crossbeam_channel::Sender<RecordBatch>,
    name: PathBuf,
}

impl Sender {
    /// A writer sending to `sender`; `name` is what a message calls the consumer.
    pub fn new(name: impl Into<PathBuf>, sender: crossbeam_channel::Sender<RecordBatch>) -> Sender {
        Sender { sender, name: name.into() }
    }
}

impl BatchWriter for Sender {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        self.sender.send(batch.clone()).map_err(|_| Error::Write {
            path: self.name.clone(),
            source: std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the consumer of the results went away"),
        })
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::types::Int32Type;
    use arrow_array::{
        Array, ArrayRef, DictionaryArray, Int64Array, LargeStringArray, RecordBatchIterator, StringViewArray,
    };

    #[test]
    fn any_text_like_column_reads_as_text() {
        let columns: Vec<(&str, ArrayRef)> = vec![
            ("view", Arc::new(StringViewArray::from(vec![Some("+34600000001"), None]))),
            ("large", Arc::new(LargeStringArray::from(vec!["Clara", "Ana"]))),
            ("dictionary", Arc::new(vec!["web", "shop"].into_iter().collect::<DictionaryArray<Int32Type>>())),
            ("number", Arc::new(Int64Array::from(vec![7, 8]))),
        ];
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let schema = batch.schema();
        let mut reader = ArrowReader::new("candidates", Box::new(RecordBatchIterator::new([Ok(batch)], schema)));
        assert_eq!(reader.headers(), ["view", "large", "dictionary", "number"]);
        reader.project(&[0, 1, 2, 3]).unwrap();
        let read = reader.next_batch().unwrap().unwrap();
        let text = |c: usize, r: usize| {
            let column = read.data.column(c).as_any().downcast_ref::<arrow_array::StringArray>().unwrap();
            (!column.is_null(r)).then(|| column.value(r).to_string())
        };
        assert_eq!((text(0, 0), text(0, 1)), (Some("+34600000001".into()), None));
        assert_eq!((text(1, 1), text(2, 0), text(3, 1)), (Some("Ana".into()), Some("web".into()), Some("8".into())));
        assert_eq!(read.lines, [1, 2]);
        assert!(reader.next_batch().unwrap().is_none());
    }

    #[test]
    fn collected_and_sent_batches_arrive_in_order() {
        let batch = RecordBatch::try_from_iter([("a", Arc::new(Int64Array::from(vec![1])) as ArrayRef)]).unwrap();
        let collected = Collected::default();
        let mut writer: Box<dyn BatchWriter> = Box::new(collected.writer());
        writer.write(&batch).unwrap();
        writer.write(&batch).unwrap();
        writer.close().unwrap();
        assert_eq!(collected.take().len(), 2);
        let (sender, receiver) = crossbeam_channel::bounded(1);
        let mut writer: Box<dyn BatchWriter> = Box::new(Sender::new("python", sender));
        writer.write(&batch).unwrap();
        assert_eq!(receiver.recv().unwrap().num_rows(), 1);
        drop(receiver);
        assert!(writer.write(&batch).is_err(), "a consumer gone is a failed write");
    }
}
