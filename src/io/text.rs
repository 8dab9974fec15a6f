//! Typed input columns as text. The jobs read every input cell as text; a Parquet file may
//! type its columns (Spark and polars write integers, dates, timestamps, dictionaries), and
//! each becomes the text a CSV export would hold: integers in decimal, dates `YYYY-MM-DD`,
//! timestamps RFC 3339 in UTC (a timestamp without a zone is taken as UTC).

use crate::normalize::{Date, Timestamp};
use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType, StringArray};
use arrow_schema::{DataType, TimeUnit};
use std::fmt::Display;
use std::sync::Arc;

/// Whether [`to_text`] reads columns of `data_type`.
pub fn is_text_like(data_type: &DataType) -> bool {
    match data_type {
        DataType::Dictionary(key, value) => key.is_integer() && is_text_like(value),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null | DataType::Boolean => true,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) => true,
        other => other.is_integer() || other.is_floating(),
    }
}

/// `array` as a Utf8 array of the same length and nulls; `None` for a type [`is_text_like`]
/// rejects.
pub fn to_text(array: &dyn Array) -> Option<ArrayRef> {
    let date = Date::from_days_since_epoch;
    let text: StringArray = match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().clone(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().collect(),
        DataType::Utf8View => array.as_string_view().iter().collect(),
        DataType::Null => StringArray::new_null(array.len()),
        DataType::Boolean => array.as_boolean().iter().map(|v| v.map(|v| v.to_string())).collect(),
        DataType::Int8 => display::<Int8Type>(array),
        DataType::Int16 => display::<Int16Type>(array),
        DataType::Int32 => display::<Int32Type>(array),
        DataType::Int64 => display::<Int64Type>(array),
        DataType::UInt8 => display::<UInt8Type>(array),
        DataType::UInt16 => display::<UInt16Type>(array),
        DataType::UInt32 => display::<UInt32Type>(array),
        DataType::UInt64 => display::<UInt64Type>(array),
        DataType::Float16 => display::<Float16Type>(array),
        DataType::Float32 => display::<Float32Type>(array),
        DataType::Float64 => display::<Float64Type>(array),
        DataType::Date32 => formatted::<Date32Type, _>(array, |days| date(i64::from(days))),
        DataType::Date64 => formatted::<Date64Type, _>(array, |ms| date(ms.div_euclid(86_400_000))),
        DataType::Timestamp(unit, _) => {
            let per_second = match unit {
                TimeUnit::Second => 1,
                TimeUnit::Millisecond => 1_000,
                TimeUnit::Microsecond => 1_000_000,
                TimeUnit::Nanosecond => 1_000_000_000,
            };
            // Every unit's values are i64 counts since the epoch in UTC.
            let counts = arrow_array::PrimitiveArray::<Int64Type>::new(
                array.to_data().buffers()[0].clone().into(),
                array.nulls().cloned(),
            );
            formatted::<Int64Type, _>(&counts, |count| Timestamp::from_unix_units(count, per_second))
        }
        DataType::Dictionary(_, _) => {
            let dictionary = array.as_any_dictionary_opt()?;
            let values = to_text(dictionary.values().as_ref())?;
            let values = values.as_string::<i32>();
            let keys = dictionary.normalized_keys();
            (0..array.len()).map(|i| array.is_valid(i).then(|| values.value(keys[i]))).collect()
        }
        _ => return None,
    };
    Some(Arc::new(text))
}

fn display<T: ArrowPrimitiveType>(array: &dyn Array) -> StringArray
where
    T::Native: Display,
{
    formatted::<T, _>(array, |v| v)
}

fn formatted<T: ArrowPrimitiveType, D: Display>(array: &dyn Array, format: impl Fn(T::Native) -> D) -> StringArray {
    array.as_primitive::<T>().iter().map(|v| v.map(|v| format(v).to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BooleanArray, Date32Array, DictionaryArray, Int64Array, LargeStringArray, TimestampMillisecondArray,
        UInt32Array,
    };

    fn text(array: &dyn Array) -> Vec<Option<String>> {
        assert!(is_text_like(array.data_type()), "{}", array.data_type());
        let text = to_text(array).expect("a text-like column");
        text.as_string::<i32>().iter().map(|v| v.map(str::to_string)).collect()
    }

    fn some(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some(v.to_string())).collect()
    }

    #[test]
    fn typed_columns_read_as_a_csv_export_would_hold_them() {
        assert_eq!(text(&Int64Array::from(vec![Some(34600000001), None])), vec![Some("34600000001".into()), None]);
        assert_eq!(text(&UInt32Array::from(vec![28013])), some(&["28013"]));
        assert_eq!(text(&BooleanArray::from(vec![true, false])), some(&["true", "false"]));
        assert_eq!(text(&LargeStringArray::from(vec!["+34600000001"])), some(&["+34600000001"]));
        assert_eq!(text(&Date32Array::from(vec![0, 11_016, -1])), some(&["1970-01-01", "2000-02-29", "1969-12-31"]));
        let changes = TimestampMillisecondArray::from(vec![1_726_645_073_470, 0]).with_timezone("+02:00");
        assert_eq!(text(&changes), some(&["2024-09-18T07:37:53.47Z", "1970-01-01T00:00:00Z"]));
        let dictionary: DictionaryArray<Int8Type> =
            vec![Some("ES"), None, Some("NL"), Some("ES")].into_iter().collect();
        assert_eq!(text(&dictionary), vec![Some("ES".into()), None, Some("NL".into()), Some("ES".into())]);
    }

    #[test]
    fn other_types_are_not_text() {
        assert!(!is_text_like(&DataType::Binary));
        assert!(!is_text_like(&DataType::Decimal128(10, 2)));
        assert!(!is_text_like(&DataType::List(Arc::new(arrow_schema::Field::new("x", DataType::Utf8, true)))));
        assert!(to_text(&arrow_array::BinaryArray::from(vec![b"x".as_ref()])).is_none());
    }
}
