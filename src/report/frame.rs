//! The bridge from polars tables to the Arrow data plane: the tables `stats` lays out with
//! polars go to kyclink's writers through the Arrow C data interface, so polars' writers (and
//! the async stack their features pull in) stay out of the build. Reading goes the other way,
//! batch by batch, in [`super::read`].

use crate::error::Error;
use crate::io::{self, Format};
use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchOptions};
use arrow_schema::{ArrowError, DataType as ArrowType, Field, Schema};
use polars::prelude::{CompatLevel, DataFrame, PolarsError};
use std::path::Path;
use std::sync::Arc;

/// A polars failure: a bug, not bad input (inputs are checked before polars sees them).
pub(crate) fn polars_error(error: PolarsError) -> Error {
    Error::Arrow(ArrowError::ExternalError(Box::new(error)))
}

/// Hands one polars chunk to arrow-rs without copying its buffers.
fn from_polars(
    array: Box<dyn polars_arrow::array::Array>,
    field: &polars_arrow::datatypes::Field,
) -> Result<ArrayRef, Error> {
    let schema = polars_arrow::ffi::export_field_to_c(field);
    let array = polars_arrow::ffi::export_array_to_c(array);
    // SAFETY: as in `to_polars`.
    // SAFETY: both crates declare the C data interface's `ArrowArray` and `ArrowSchema` as
    // `#[repr(C)]` structs of the same fields (transmute checks the sizes); the release
    // callbacks travel with them, so polars frees its buffers when arrow-rs drops the array.
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
