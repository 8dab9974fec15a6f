//! The one bridge between the Arrow data plane and the polars analysis plane.
//!
//! Result and label files are read by kyclink's own readers ([`crate::io`]) and handed to polars
//! column by column through the Arrow C data interface, so polars' readers (and the async
//! stack their features pull in) stay out of the build; tables go back the same way to
//! kyclink's writers. The rest of the analysis plane touches files only through here.
//!
//! Readers yield text: here an empty cell becomes null (a CSV has no other way to say
//! "absent"), and the columns kyclink writes as numbers (`status`, every `*MatchScore`,
//! `identityMatchScore`, `matchWeight`, `matchProbability`) become numbers again.

use crate::error::{Error, Position};
use crate::io::{self, Format};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, RecordBatchOptions, StringArray};
use arrow_schema::{ArrowError, DataType as ArrowType, Field, Schema};
use polars::prelude::{CompatLevel, DataFrame, DataType, Expr, IntoColumn, NULL, PolarsError, Series, lit, when};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// The labels file's column that says whether a row's identity is the subscriber's own.
pub const IS_OWNER: &str = "isOwner";

/// The numeric result columns that are not `*MatchScore`s.
const NUMERIC: [&str; 4] = ["status", "identityMatchScore", "matchWeight", "matchProbability"];

/// Whether kyclink writes `column` as a number.
pub fn is_numeric(column: &str) -> bool {
    NUMERIC.contains(&column) || column.ends_with("MatchScore")
}

/// A polars failure: a bug, not bad input (inputs are checked before polars sees them).
pub(crate) fn polars_error(error: PolarsError) -> Error {
    Error::Arrow(ArrowError::ExternalError(Box::new(error)))
}

/// `numerator / denominator` as Float64, null where the denominator is 0 (a rate of nothing).
pub(crate) fn ratio(numerator: Expr, denominator: Expr) -> Expr {
    when(denominator.clone().gt(lit(0)))
        .then(numerator.cast(DataType::Float64) / denominator.cast(DataType::Float64))
        .otherwise(lit(NULL).cast(DataType::Float64))
}

/// Reads a CSV or Parquet file (kyclink results, labels) into a frame: text columns named by
/// the header, empty cells null, the [numeric](is_numeric) columns as numbers (`status` as
/// UInt32, the rest Float64) and [`IS_OWNER`] as Boolean. A cell that does not fit its column,
/// a row that cannot be read and a header that names a column twice are errors that name the
/// line.
pub fn read_frame(path: &Path) -> Result<DataFrame, Error> {
    if Format::from_path(path) == Some(Format::Ndjson) {
        let message = format!("{}: read CSV or Parquet results here, not NDJSON", path.display());
        return Err(Error::Usage(message));
    }
    let mut reader = io::open_reader(path, None, io::DEFAULT_BATCH_SIZE as usize, &[])?;
    let headers = reader.headers().to_vec();
    let mut seen = HashSet::new();
    if let Some(i) = headers.iter().position(|h| !seen.insert(h)) {
        let message = format!("column {} appears more than once", headers[i]);
        return Err(Error::Header { path: path.to_path_buf(), line: 1, column: Some(i + 1), message });
    }
    let mut chunks: Vec<Vec<Box<dyn polars_arrow::array::Array>>> = headers.iter().map(|_| Vec::new()).collect();
    let mut height = 0;
    while let Some(batch) = reader.next_batch()? {
        if let Some((row, message)) = batch.defects.first() {
            let line = batch.lines[*row];
            let message = message.strip_prefix(&format!("line {line}: ")).unwrap_or(message).to_string();
            return Err(Error::Read { path: path.to_path_buf(), position: Position { line }, message });
        }
        for ((name, column), chunks) in headers.iter().zip(batch.data.columns()).zip(&mut chunks) {
            let text = without_empty(column.as_string::<i32>());
            let typed = typed(name, text, &batch.lines).map_err(|(line, message)| Error::Read {
                path: path.to_path_buf(),
                position: Position { line },
                message,
            })?;
            chunks.push(to_polars(typed.as_ref())?);
        }
        height += batch.len();
    }
    let mut columns = Vec::with_capacity(headers.len());
    for (name, chunks) in headers.iter().zip(chunks) {
        let series = if chunks.is_empty() {
            Series::new_empty(name.into(), &DataType::String)
        } else {
            Series::from_arrow_chunks(name.into(), chunks).map_err(polars_error)?
        };
        let series = match name.as_str() {
            "status" => series.strict_cast(&DataType::UInt32),
            name if is_numeric(name) => series.strict_cast(&DataType::Float64),
            _ => Ok(series),
        };
        columns.push(series.map_err(polars_error)?.into_column());
    }
    DataFrame::new(height, columns).map_err(polars_error)
}

/// A label: `true`/`false`, `1`/`0` or `yes`/`no`, in any case.
fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// `text` with every empty string made null.
fn without_empty(text: &StringArray) -> StringArray {
    text.iter().map(|value| value.filter(|v| !v.is_empty())).collect()
}

/// Column `name` as polars should see it: [numbers](is_numeric) checked (polars casts them
/// once the chunks are joined), a labels file's `isOwner` as Boolean, the rest as text. A cell
/// that does not fit gives its line and a message that names the column, never the value.
fn typed(name: &str, text: StringArray, lines: &[u64]) -> Result<ArrayRef, (u64, String)> {
    let bad = |row: usize, what: &str| (lines[row], format!("column {name}: {what}"));
    if is_numeric(name) {
        if let Some(row) = text.iter().position(|v| v.is_some_and(|v| v.trim().parse::<f64>().is_err())) {
            return Err(bad(row, "not a number"));
        }
    } else if name == IS_OWNER {
        let mut flags = Vec::with_capacity(text.len());
        for (row, value) in text.iter().enumerate() {
            match value.map(parse_flag) {
                Some(None) => return Err(bad(row, "neither true nor false")),
                Some(flag) => flags.push(flag),
                None => flags.push(None),
            }
        }
        return Ok(Arc::new(BooleanArray::from(flags)));
    }
    Ok(Arc::new(text))
}

/// Hands an arrow-rs array to polars without copying its buffers.
fn to_polars(array: &dyn Array) -> Result<Box<dyn polars_arrow::array::Array>, Error> {
    let (array, schema) = arrow_array::ffi::to_ffi(&array.to_data())?;
    // SAFETY: both crates declare the C data interface's `ArrowArray` and `ArrowSchema` as
    // `#[repr(C)]` structs of the same fields (transmute checks the sizes); the release
    // callbacks travel with them, so arrow-rs frees its buffers when polars drops the array.
    let (array, schema) = unsafe {
        (
            std::mem::transmute::<FFI_ArrowArray, polars_arrow::ffi::ArrowArray>(array),
            std::mem::transmute::<FFI_ArrowSchema, polars_arrow::ffi::ArrowSchema>(schema),
        )
    };
    // SAFETY: arrow-rs exported a valid array and schema just above.
    unsafe {
        let field = polars_arrow::ffi::import_field_from_c(&schema).map_err(polars_error)?;
        polars_arrow::ffi::import_array_from_c(array, field.dtype).map_err(polars_error)
    }
}

/// Hands one polars chunk back to arrow-rs, as [`to_polars`] in the other direction.
fn from_polars(
    array: Box<dyn polars_arrow::array::Array>,
    field: &polars_arrow::datatypes::Field,
) -> Result<ArrayRef, Error> {
    let schema = polars_arrow::ffi::export_field_to_c(field);
    let array = polars_arrow::ffi::export_array_to_c(array);
    // SAFETY: as in `to_polars`.
    let (array, schema) = unsafe {
        (
            std::mem::transmute::<polars_arrow::ffi::ArrowArray, FFI_ArrowArray>(array),
            std::mem::transmute::<polars_arrow::ffi::ArrowSchema, FFI_ArrowSchema>(schema),
        )
    };
    // SAFETY: polars exported a valid array and schema just above.
    let data = unsafe { arrow_array::ffi::from_ffi(array, &schema) }?;
    Ok(arrow_array::make_array(data))
}

/// `frame` as one record batch of the types kyclink's writers take (text as Utf8).
pub fn to_record_batch(frame: &DataFrame) -> Result<RecordBatch, Error> {
    let mut fields = Vec::with_capacity(frame.width());
    let mut arrays = Vec::with_capacity(frame.width());
    for column in frame.columns() {
        let series = column.as_materialized_series().rechunk();
        let field = series.dtype().to_arrow_field(series.name().clone(), CompatLevel::oldest());
        let mut array = from_polars(series.to_arrow(0, CompatLevel::oldest()), &field)?;
        if array.data_type() == &ArrowType::LargeUtf8 {
            array = io::to_text(array.as_ref()).expect("large text is text");
        }
        fields.push(Field::new(series.name().as_str(), array.data_type().clone(), true));
        arrays.push(array);
    }
    let options = RecordBatchOptions::new().with_row_count(Some(frame.height()));
    Ok(RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)?)
}

/// Writes `frame` to `path` in the format its extension implies (CSV or Parquet; CSV when it
/// implies none).
pub fn write_frame(frame: &DataFrame, path: &Path) -> Result<(), Error> {
    if Format::from_path(path) == Some(Format::Ndjson) {
        let message = format!("{}: tables are written as CSV or Parquet, not NDJSON", path.display());
        return Err(Error::Usage(message));
    }
    let batch = to_record_batch(frame)?;
    let mut writer = io::create_writer(path, None, &batch.schema())?;
    writer.write(&batch)?;
    writer.close()
}
