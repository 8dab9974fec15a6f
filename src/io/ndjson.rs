//! NDJSON (`.ndjson`, `.jsonl`): one CAMARA request body per line in, one
//! `{"requestId", "status", "body"}` object per line out, `body` being exactly the CAMARA
//! response body or its ErrorInfo.

use super::{BatchReader, BatchWriter, InputBatch, OutputFile, ROLE, ROLE_EXTRA, ROLE_NULLABLE};
use crate::error::{Error, Position};
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchOptions};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use serde_json::{Map, Number, Value};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// The JSON type a declared property's value must have; `null` is always "not given".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// A string, as the CAMARA schemas declare every KYC Match property.
    String,
    /// An integer (`ageThreshold`, `maxAge`), read as its decimal text; a number with a
    /// fraction is passed on as written, for the job to answer.
    Integer,
    /// A string or an integer: kyclink's own `requestId`.
    Id,
    /// Any string, number or boolean, read as text: an operator's extract, which no CAMARA
    /// schema types (as a Parquet extract's integer columns are read as text).
    Scalar,
}

impl JsonType {
    /// The value as text (`None` for null), or what it should have been.
    fn read(self, value: Value) -> Result<Option<String>, &'static str> {
        match (self, value) {
            (_, Value::Null) => Ok(None),
            (JsonType::String | JsonType::Id | JsonType::Scalar, Value::String(text)) => Ok(Some(text)),
            (JsonType::Integer | JsonType::Scalar, Value::Number(number)) => Ok(Some(number.to_string())),
            (JsonType::Id, Value::Number(number)) if number.is_i64() || number.is_u64() => Ok(Some(number.to_string())),
            (JsonType::Scalar, Value::Bool(flag)) => Ok(Some(flag.to_string())),
            (JsonType::String, _) => Err("must be a string"),
            (JsonType::Integer, _) => Err("must be an integer"),
            (JsonType::Id, _) => Err("must be a string or an integer"),
            (JsonType::Scalar, _) => Err("must be a string, a number or a boolean"),
        }
    }
}

/// A JSON object's members in order, repeated names kept (a `Map` keeps one of them).
struct Members(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for Members {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Members, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Members;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// Reads request bodies, one JSON object per line, into the declared properties' columns.
pub struct NdjsonReader {
    path: PathBuf,
    input: Box<dyn BufRead + Send>,
    headers: Vec<String>,
    types: Vec<JsonType>,
    schema: SchemaRef,
    batch_size: usize,
    line: u64,
    bytes: u64,
    buffer: Vec<u8>,
}

impl NdjsonReader {
    /// Reads `input` (named `path` in messages); `declared` are the properties a body may
    /// have, each with the type of its values.
    pub fn new(
        path: &Path,
        input: Box<dyn BufRead + Send>,
        declared: &[(&str, JsonType)],
        batch_size: usize,
    ) -> NdjsonReader {
        let headers: Vec<String> = declared.iter().map(|(name, _)| name.to_string()).collect();
        let fields: Vec<Field> = headers.iter().map(|h| Field::new(h, DataType::Utf8, true)).collect();
        NdjsonReader {
            path: path.to_path_buf(),
            input,
            headers,
            types: declared.iter().map(|(_, json)| *json).collect(),
            schema: Arc::new(Schema::new(fields)),
            batch_size: batch_size.max(1),
            line: 0,
            bytes: 0,
            buffer: Vec::new(),
        }
    }

    /// The object's declared properties as text, and the first defect that makes the row a
    /// 400, if any: a line that is not a JSON object, a property the API does not declare, one
    /// given twice, or a value of another type than the schema's. The values of a rejected
    /// row are those that could be read for certain (its requestId, above all); the others
    /// are null.
    fn parse(&self, line: &[u8]) -> (Vec<Option<String>>, Option<String>) {
        let mut values = vec![None; self.headers.len()];
        let members = match serde_json::from_slice::<Members>(line) {
            Ok(Members(members)) => members,
            Err(_) => return (values, Some(format!("line {}: not a JSON object", self.line))),
        };
        let mut defect = None;
        let mut seen = vec![false; self.headers.len()];
        for (position, (key, value)) in members.into_iter().enumerate() {
            let Some(column) = self.headers.iter().position(|h| *h == key) else {
                // A property name may be anything, an e-mail address too: shown only when it
                // looks like a name.
                let property = match crate::columns::is_showable(&key) {
                    true => key,
                    false => format!("{} of the object (its name is not shown)", position + 1),
                };
                defect.get_or_insert_with(|| {
                    format!("line {}: property {property} is not declared by the API", self.line)
                });
                continue;
            };
            if std::mem::replace(&mut seen[column], true) {
                // Which of the two was meant cannot be known: neither is kept.
                values[column] = None;
                defect.get_or_insert_with(|| format!("line {}: property {key} is given twice", self.line));
                continue;
            }
            match self.types[column].read(value) {
                Ok(text) => values[column] = text,
                Err(why) => {
                    defect.get_or_insert_with(|| format!("line {}: property {key} {why}", self.line));
                }
            }
        }
        (values, defect)
    }
}

impl BatchReader for NdjsonReader {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn next_batch(&mut self) -> Result<Option<InputBatch>, Error> {
        let mut columns: Vec<StringBuilder> = self.headers.iter().map(|_| StringBuilder::new()).collect();
        let (mut lines, mut defects) = (Vec::with_capacity(self.batch_size.min(1024)), Vec::new());
        while lines.len() < self.batch_size {
            self.buffer.clear();
            let read = self.input.read_until(b'\n', &mut self.buffer).map_err(|e| Error::Read {
                path: self.path.clone(),
                position: Position { line: self.line.max(1) },
                message: super::csv::broke_off(self.line, &e),
            })?;
            if read == 0 {
                break;
            }
            self.line += 1;
            self.bytes += read as u64;
            // A byte-order mark, as some editors write, is not part of the first object.
            let start = if self.line == 1 && self.buffer.starts_with(UTF8_BOM) { UTF8_BOM.len() } else { 0 };
            let line = &self.buffer[start..];
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (values, defect) = self.parse(line);
            if let Some(message) = defect {
                defects.push((lines.len(), message));
            }
            columns.iter_mut().zip(values).for_each(|(c, v)| c.append_option(v));
            lines.push(self.line);
        }
        if lines.is_empty() {
            return Ok(None);
        }
        let arrays: Vec<ArrayRef> = columns.iter_mut().map(|c| Arc::new(c.finish()) as ArrayRef).collect();
        let options = RecordBatchOptions::new().with_row_count(Some(lines.len()));
        let data = RecordBatch::try_new_with_options(self.schema.clone(), arrays, &options)?;
        Ok(Some(InputBatch { data, lines, defects }))
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }

    fn headers_are_declared(&self) -> bool {
        true
    }
}

/// Writes one `{"requestId", "status", "body"}` line per result row.
pub struct NdjsonWriter {
    output: OutputFile,
}

impl NdjsonWriter {
    /// Writes to `output`.
    pub fn new(output: OutputFile) -> NdjsonWriter {
        NdjsonWriter { output }
    }
}

/// The JSON value of cell `row`, typed as the column is (`None` for null).
fn json_value(array: &dyn Array, row: usize) -> Option<Value> {
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Utf8 => Value::String(array.as_string::<i32>().value(row).to_string()),
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::UInt8 => array.as_primitive::<UInt8Type>().value(row).into(),
        DataType::UInt16 => array.as_primitive::<UInt16Type>().value(row).into(),
        DataType::UInt32 => array.as_primitive::<UInt32Type>().value(row).into(),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row).into(),
        DataType::Float64 => {
            Number::from_f64(array.as_primitive::<Float64Type>().value(row)).map_or(Value::Null, Value::Number)
        }
        other => unreachable!("kyclink writes no {other} column"),
    })
}

impl BatchWriter for NdjsonWriter {
    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let schema = batch.schema();
        let column = |name: &str| batch.column(schema.index_of(name).expect("every result has the header columns"));
        let (request_id, status) = (column("requestId"), column("status").as_primitive::<UInt16Type>());
        let (code, message) = (column("code"), column("message"));
        let mut line = Vec::with_capacity(512);
        for row in 0..batch.num_rows() {
            let mut object = Map::new();
            object.insert("requestId".into(), json_value(request_id.as_ref(), row).unwrap_or(Value::Null));
            let status_value = status.value(row);
            object.insert("status".into(), status_value.into());
            let mut body = Map::new();
            if status_value == 200 {
                for (field, array) in schema.fields().iter().zip(batch.columns()) {
                    let extra = field.metadata().get(ROLE).is_some_and(|r| r == ROLE_EXTRA);
                    if extra || matches!(field.name().as_str(), "requestId" | "status" | "code" | "message") {
                        continue;
                    }
                    let nullable = field.metadata().get(ROLE).is_some_and(|r| r == ROLE_NULLABLE);
                    match json_value(array.as_ref(), row) {
                        Some(value) => _ = body.insert(field.name().clone(), value),
                        None if nullable => _ = body.insert(field.name().clone(), Value::Null),
                        None => {}
                    }
                }
            } else {
                body.insert("status".into(), status_value.into());
                body.insert("code".into(), json_value(code.as_ref(), row).unwrap_or(Value::Null));
                body.insert("message".into(), json_value(message.as_ref(), row).unwrap_or(Value::Null));
            }
            object.insert("body".into(), Value::Object(body));
            for (field, array) in schema.fields().iter().zip(batch.columns()) {
                if field.metadata().get(ROLE).is_some_and(|r| r == ROLE_EXTRA) {
                    object.insert(field.name().clone(), json_value(array.as_ref(), row).unwrap_or(Value::Null));
                }
            }
            line.clear();
            serde_json::to_writer(&mut line, &object).expect("JSON values always serialise");
            line.push(b'\n');
            self.output
                .write_all(&line)
                .map_err(|source| Error::Write { path: self.output.path().to_path_buf(), source })?;
        }
        Ok(())
    }

    fn close(self: Box<Self>) -> Result<(), Error> {
        self.output.commit()
    }
}
