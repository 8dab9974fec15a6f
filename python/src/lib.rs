//! `kyclink._kyclink`: the engine's faces for Python, over Arrow streams. Every function takes
//! its tables as anything that exports the Arrow PyCapsule stream interface
//! (`__arrow_c_stream__`: pyarrow tables and readers, polars and pandas DataFrames, DuckDB
//! relations), runs kyclink's pipeline on them with the GIL released, and returns a
//! `pyarrow.Table` or, for the `*_stream` variants, a `pyarrow.RecordBatchReader` that yields
//! result batches while the engine runs. The answers are the command line's: the same
//! readers' text conversion, the same jobs. The package's Python side (`kyclink/__init__.py`)
//! documents the arguments.

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, RecordBatchReader, StringArray, UInt32Array, UInt64Array};
use arrow_pyarrow::{PyArrowType, Table};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use kyclink::aggregate::fellegi_sunter::Model;
use kyclink::aggregate::term_frequency::{Term, ValueCounts};
use kyclink::io::{ArrowReader, BatchWriter, Collected, Sender};
use kyclink::jobs::{JobFactory, age_verification, device_swap, insights, kyc_match};
use kyclink::normalize::{Date, Timestamp, parse_e164};
use kyclink::pipeline::{self, EngineOptions, Input, ProgressBar};
use kyclink::profile::{Precision, Profile};
use kyclink::spec::ScoringType;
use pyo3::exceptions::{PyException, PyUserWarning};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pyo3::create_exception!(
    _kyclink,
    KyclinkError,
    PyException,
    "A problem that stops a kyclink run (the CLI's exit 2 or 1)."
);

/// A kyclink error as the Python exception, with the CLI's message (never a value of the data).
fn error(e: kyclink::Error) -> PyErr {
    KyclinkError::new_err(e.to_string())
}

/// An Arrow stream from Python, read as text, called `name` in messages.
fn input(name: &str, stream: PyArrowType<RecordBatchStreamReader>) -> Input {
    Input { name: name.into(), reader: Box::new(ArrowReader::new(name, Box::new(stream.0))) }
}

/// A profile or a model: its text, or the path of its file.
#[derive(FromPyObject)]
enum TextOrPath {
    Text(String),
    Path(PathBuf),
}

impl TextOrPath {
    /// The text, read from the file when a path is given; `what` names it in messages.
    fn read(&self, what: &str) -> PyResult<String> {
        match self {
            TextOrPath::Text(text) => Ok(text.clone()),
            TextOrPath::Path(path) => std::fs::read_to_string(path)
                .map_err(|e| KyclinkError::new_err(format!("{what}: {}: {e}", path.display()))),
        }
    }
}

/// The run's options: the profile (TOML), worker threads, kept columns.
fn engine(profile: Option<&TextOrPath>, threads: usize, keep: Vec<String>) -> PyResult<EngineOptions> {
    let profile = match profile {
        Some(profile) => {
            Profile::parse(&profile.read("profile")?).map_err(|e| KyclinkError::new_err(format!("profile: {e}")))?
        }
        None => Profile::default(),
    };
    Ok(EngineOptions { profile, threads, keep, batch_size: kyclink::io::DEFAULT_BATCH_SIZE as usize })
}

/// Each warning of the run as a Python `UserWarning`.
fn warn(py: Python<'_>, warnings: &[String]) -> PyResult<()> {
    let category = py.get_type::<PyUserWarning>();
    for warning in warnings {
        PyErr::warn(py, &category, &std::ffi::CString::new(warning.as_str()).unwrap_or_default(), 1)?;
    }
    Ok(())
}

type Factory = Box<dyn JobFactory + Send + Sync>;

/// Runs `factory` over the two streams, the GIL released, and collects the result batches.
fn collect(
    py: Python<'_>,
    candidates: Input,
    extract: Input,
    engine: EngineOptions,
    factory: Factory,
) -> PyResult<PyArrowType<Table>> {
    let collected = Collected::default();
    let schema: Arc<Mutex<Option<SchemaRef>>> = Arc::default();
    let run = py
        .detach(|| {
            let mut output = |s: &Schema| -> Result<Box<dyn BatchWriter>, kyclink::Error> {
                *schema.lock().expect("not poisoned") = Some(Arc::new(s.clone()));
                Ok(Box::new(collected.writer()))
            };
            pipeline::run_streams(candidates, extract, &mut output, &engine, &ProgressBar::hidden(), factory.as_ref())
        })
        .map_err(error)?;
    warn(py, &run.summary.warnings)?;
    let schema = schema.lock().expect("not poisoned").take().expect("the writer was created");
    let table = Table::try_new(collected.take(), schema).map_err(|e| KyclinkError::new_err(e.to_string()))?;
    Ok(PyArrowType(table))
}

/// Result batches as they come from a run on another thread: a `RecordBatchReader` that
/// pyarrow drives through the C stream interface.
struct Streamed {
    schema: SchemaRef,
    batches: crossbeam_channel::Receiver<RecordBatch>,
    /// The run's failure, once it ended.
    failure: Arc<Mutex<Option<String>>>,
}

impl Iterator for Streamed {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        // The engine's reader thread may need the GIL to pull from a Python-backed input:
        // wait without holding it.
        match Python::attach(|py| py.detach(|| self.batches.recv())) {
            Ok(batch) => Some(Ok(batch)),
            Err(_) => {
                self.failure.lock().expect("not poisoned").take().map(|e| Err(ArrowError::ExternalError(e.into())))
            }
        }
    }
}

impl RecordBatchReader for Streamed {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// Runs `factory` on its own thread and returns a reader of its result batches once the
/// job's schema is known (after the extract is indexed): a failure before that is raised
/// here, one after it by the reader.
fn stream(
    py: Python<'_>,
    candidates: Input,
    extract: Input,
    engine: EngineOptions,
    factory: Factory,
) -> PyResult<PyArrowType<Box<dyn RecordBatchReader + Send>>> {
    let (sender, batches) = crossbeam_channel::bounded::<RecordBatch>(2);
    let (schema_sender, schema_receiver) = crossbeam_channel::bounded::<SchemaRef>(1);
    let failure: Arc<Mutex<Option<String>>> = Arc::default();
    let ended = failure.clone();
    std::thread::Builder::new()
        .name("kyclink-python-run".into())
        .spawn(move || {
            let mut output = |s: &Schema| -> Result<Box<dyn BatchWriter>, kyclink::Error> {
                let _ = schema_sender.send(Arc::new(s.clone()));
                Ok(Box::new(Sender::new("the Python reader", sender.clone())))
            };
            let run = pipeline::run_streams(
                candidates,
                extract,
                &mut output,
                &engine,
                &ProgressBar::hidden(),
                factory.as_ref(),
            );
            if let Err(e) = run {
                *ended.lock().expect("not poisoned") = Some(e.to_string());
            }
        })
        .map_err(|e| KyclinkError::new_err(e.to_string()))?;
    match py.detach(|| schema_receiver.recv()) {
        Ok(schema) => Ok(PyArrowType(Box::new(Streamed { schema, batches, failure }))),
        // The run ended before it had a schema: it failed.
        Err(_) => {
            // The thread stored its failure before it dropped the schema sender.
            let message = failure.lock().expect("not poisoned").take();
            Err(KyclinkError::new_err(message.unwrap_or_else(|| "the run ended without output".into())))
        }
    }
}

/// The KYC Match factory of the arguments.
fn match_factory(
    model: Option<TextOrPath>,
    explain: bool,
    frequencies: Option<PyArrowType<RecordBatch>>,
) -> PyResult<Factory> {
    let model = match model {
        Some(model) => {
            Some(Model::from_json(&model.read("model")?).map_err(|e| KyclinkError::new_err(format!("model: {e}")))?)
        }
        None => None,
    };
    let term_counts = frequencies.map(|f| term_counts_from(&f.0)).transpose()?.map(Arc::new);
    Ok(Box::new(kyc_match::Factory { model, explain, term_counts }))
}

fn parse_date(value: Option<&str>) -> PyResult<Date> {
    match value {
        None => Ok(Timestamp::now().utc_date()),
        Some(text) => Date::parse(text).ok_or_else(|| KyclinkError::new_err("as_of: expected a date YYYY-MM-DD")),
    }
}

fn parse_timestamp(value: Option<&str>) -> PyResult<Timestamp> {
    match value {
        None => Ok(Timestamp::now()),
        Some(text) => {
            Timestamp::parse_rfc3339(text).ok_or_else(|| KyclinkError::new_err("as_of: expected an RFC 3339 date-time"))
        }
    }
}

fn age_factory(age_threshold: Option<u32>, as_of: Option<&str>) -> PyResult<Factory> {
    let range = age_verification::AGE_THRESHOLDS;
    if let Some(threshold) = age_threshold.filter(|t| !range.contains(t)) {
        let message = format!("age_threshold: {threshold} is outside {}..{}", range.start(), range.end());
        return Err(KyclinkError::new_err(message));
    }
    Ok(Box::new(age_verification::Factory { age_threshold, as_of: parse_date(as_of)? }))
}

fn swap_factory(max_age: u32, as_of: Option<&str>) -> PyResult<Factory> {
    let range = device_swap::MAX_AGES;
    if !range.contains(&max_age) {
        return Err(KyclinkError::new_err(format!("max_age: {max_age} is outside {}..{}", range.start(), range.end())));
    }
    Ok(Box::new(device_swap::Factory { max_age, as_of: parse_timestamp(as_of)? }))
}

fn insights_factory(scoring_type: Option<&str>, precision: Option<&str>) -> PyResult<Factory> {
    let scoring_type = scoring_type.map(|t| t.parse::<ScoringType>().map_err(KyclinkError::new_err)).transpose()?;
    let precision = precision.map(|p| p.parse::<Precision>().map_err(KyclinkError::new_err)).transpose()?;
    Ok(Box::new(insights::Factory { scoring_type, precision }))
}

/// A job's two Python faces: `$name(...)` returns a `pyarrow.Table`, `$name_stream(...)` a
/// `pyarrow.RecordBatchReader`; both take the job's own keyword arguments (`$arg`, given to
/// `$factory`) and the options every job shares.
macro_rules! job {
    ($doc:literal, $table:ident, $stream:ident, $name:literal, $factory:ident, ($($arg:ident: $type:ty = $default:expr),*)) => {
        #[doc = $doc]
        #[pyfunction]
        #[pyo3(name = $name, signature = (candidates, extract, *, $($arg=$default,)* profile=None, threads=0, keep=Vec::new()))]
        #[allow(clippy::too_many_arguments)]
        fn $table(
            py: Python<'_>,
            candidates: PyArrowType<RecordBatchStreamReader>,
            extract: PyArrowType<RecordBatchStreamReader>,
            $($arg: $type,)*
            profile: Option<TextOrPath>,
            threads: usize,
            keep: Vec<String>,
        ) -> PyResult<PyArrowType<Table>> {
            let factory = $factory($($arg),*)?;
            let engine = engine(profile.as_ref(), threads, keep)?;
            collect(py, input("candidates", candidates), input("extract", extract), engine, factory)
        }

        #[doc = concat!("`", $name, "`, returning a `pyarrow.RecordBatchReader` of the result batches as the engine \
            writes them. The extract is indexed before it returns (a problem with it is raised here); a problem \
            found later is raised by the reader.")]
        #[pyfunction]
        #[pyo3(signature = (candidates, extract, *, $($arg=$default,)* profile=None, threads=0, keep=Vec::new()))]
        #[allow(clippy::too_many_arguments)]
        fn $stream(
            py: Python<'_>,
            candidates: PyArrowType<RecordBatchStreamReader>,
            extract: PyArrowType<RecordBatchStreamReader>,
            $($arg: $type,)*
            profile: Option<TextOrPath>,
            threads: usize,
            keep: Vec<String>,
        ) -> PyResult<PyArrowType<Box<dyn RecordBatchReader + Send>>> {
            let factory = $factory($($arg),*)?;
            let engine = engine(profile.as_ref(), threads, keep)?;
            stream(py, input("candidates", candidates), input("extract", extract), engine, factory)
        }
    };
}

job!(
    "KYC Match: compares each candidate identity with the subscriber behind its phone number, as \
    `kyclink match` does, and returns its columns as a `pyarrow.Table`.\n\n\
    `model` is a linkage model (the JSON text `train` returns, or the path of a `--model` file); \
    without one, the model is trained on the candidates' first `TRAINING_ROWS` rows. `explain` adds \
    each comparison's level and weight. `frequencies` are term counts (`term_counts`) of a larger \
    extract than `extract` (the whole one, when `extract` is a bucket of it); by default they are \
    counted from `extract`. `profile` is TOML text or a path; `threads` 0 means one per core (the \
    answers do not depend on it); `keep` names candidate columns to pass through.",
    match_table,
    match_stream,
    "match",
    match_factory,
    (model: Option<TextOrPath> = None, explain: bool = false, frequencies: Option<PyArrowType<RecordBatch>> = None)
);
job!(
    "KYC Age Verification: is each subscriber at least `ageThreshold` years old? `age_threshold` \
    (0..120) answers rows without an `ageThreshold` value; `as_of` (YYYY-MM-DD) is the day ages are \
    taken on, today (UTC) by default.",
    age_table,
    age_stream,
    "age",
    age_factory,
    (age_threshold: Option<u32> = None, as_of: Option<&str> = None)
);
job!(
    "Device Swap: did the device behind each phone number change within `maxAge` hours? `max_age` \
    (1..2400) answers rows without a `maxAge` value; `as_of` (RFC 3339) is the moment swaps are \
    dated against, now by default.",
    swap_table,
    swap_stream,
    "swap",
    swap_factory,
    (max_age: u32 = device_swap::DEFAULT_MAX_AGE, as_of: Option<&str> = None)
);
job!(
    "Customer Insights: each subscriber's risk score. `scoring_type` (gaugeMetric, veritasIndex) \
    answers rows without a `scoringType` value, the profile's default otherwise; `precision` \
    (detailed, rough) overrides the profile's `score_precision`.",
    insights_table,
    insights_stream,
    "insights",
    insights_factory,
    (scoring_type: Option<&str> = None, precision: Option<&str> = None)
);

/// Trains the linkage model as `match` would, without answering, and returns its JSON: the
/// text of a `--model` file. It learns from the candidates' first `TRAINING_ROWS` rows and their
/// subscribers, its u probabilities started from `U_PAIRS` random pairs of the extract's.
#[pyfunction]
#[pyo3(signature = (candidates, extract, *, profile=None, threads=0, frequencies=None))]
fn train(
    py: Python<'_>,
    candidates: PyArrowType<RecordBatchStreamReader>,
    extract: PyArrowType<RecordBatchStreamReader>,
    profile: Option<TextOrPath>,
    threads: usize,
    frequencies: Option<PyArrowType<RecordBatch>>,
) -> PyResult<String> {
    let factory = match_factory(None, false, frequencies)?;
    let (candidates, extract, engine) =
        (input("candidates", candidates), input("extract", extract), engine(profile.as_ref(), threads, Vec::new())?);
    let run = py.detach(|| pipeline::train(candidates, extract, &engine, factory.as_ref())).map_err(error)?;
    warn(py, &run.summary.warnings)?;
    let model = run.model.ok_or_else(|| KyclinkError::new_err("no row to train on"))?;
    Ok(model.to_json())
}

/// The column names of a term-counts batch.
const TERM_COLUMNS: [&str; 3] = ["term", "key", "count"];

/// How common each given name, family name and locality is among the extract's answered
/// subscribers: a `pyarrow.RecordBatch` of `term` (the attribute), `key` (the value's hash) and
/// `count`. The counts of parts of an extract that keep each phone number's rows together add up
/// (summed by term and key) to the whole's, for `frequencies=` of `match` on a part.
#[pyfunction]
#[pyo3(signature = (extract, *, profile=None))]
fn term_counts(
    py: Python<'_>,
    extract: PyArrowType<RecordBatchStreamReader>,
    profile: Option<TextOrPath>,
) -> PyResult<PyArrowType<RecordBatch>> {
    let (extract, engine) = (input("extract", extract), engine(profile.as_ref(), 0, Vec::new())?);
    let counts = py.detach(|| pipeline::count_terms(extract, &engine.profile)).map_err(error)?;
    let (mut terms, mut keys, mut numbers) = (Vec::new(), Vec::new(), Vec::new());
    for (term, counts) in Term::ALL.iter().zip(&counts) {
        for (key, count) in counts.entries() {
            terms.push(term.attribute().name());
            // Signed, for engines without unsigned types (Spark): the same 64 bits.
            keys.push(key as i64);
            numbers.push(i64::from(count));
        }
    }
    let columns: Vec<ArrayRef> =
        vec![Arc::new(StringArray::from(terms)), Arc::new(Int64Array::from(keys)), Arc::new(Int64Array::from(numbers))];
    let schema = Schema::new(vec![
        Field::new(TERM_COLUMNS[0], DataType::Utf8, false),
        Field::new(TERM_COLUMNS[1], DataType::Int64, false),
        Field::new(TERM_COLUMNS[2], DataType::Int64, false),
    ]);
    let batch = RecordBatch::try_new(Arc::new(schema), columns).map_err(|e| KyclinkError::new_err(e.to_string()))?;
    Ok(PyArrowType(batch))
}

/// Term counts from a batch of [`term_counts`]' columns (keys given twice add up).
fn term_counts_from(batch: &RecordBatch) -> PyResult<[ValueCounts; 3]> {
    let column = |name: &str| {
        batch.column_by_name(name).ok_or_else(|| KyclinkError::new_err(format!("frequencies: no column {name}")))
    };
    let (terms, keys, counts) = (column("term")?, column("key")?, column("count")?);
    let terms =
        kyclink::io::to_text(terms.as_ref()).ok_or_else(|| KyclinkError::new_err("frequencies: term is not text"))?;
    let terms = terms.as_any().downcast_ref::<StringArray>().expect("text is Utf8");
    let integers = |array: &ArrayRef| -> PyResult<Vec<i64>> {
        let cast = |e: ArrowError| KyclinkError::new_err(format!("frequencies: {e}"));
        if let Some(values) = array.as_any().downcast_ref::<Int64Array>() {
            return Ok(values.values().to_vec());
        }
        if let Some(values) = array.as_any().downcast_ref::<UInt64Array>() {
            return Ok(values.values().iter().map(|&v| v as i64).collect());
        }
        if let Some(values) = array.as_any().downcast_ref::<UInt32Array>() {
            return Ok(values.values().iter().map(|&v| i64::from(v)).collect());
        }
        Err(cast(ArrowError::CastError("key and count must be 64-bit integers".into())))
    };
    let (keys, counts) = (integers(keys)?, integers(counts)?);
    let mut entries: [Vec<(u64, u32)>; 3] = Default::default();
    for row in 0..batch.num_rows() {
        let term = Term::ALL.iter().position(|t| t.attribute().name() == terms.value(row));
        let term = term.ok_or_else(|| {
            KyclinkError::new_err("frequencies: a term is neither givenName, familyName nor locality")
        })?;
        let count =
            u32::try_from(counts[row]).map_err(|_| KyclinkError::new_err("frequencies: a count out of range"))?;
        entries[term].push((keys[row] as u64, count));
    }
    Ok(entries.map(ValueCounts::from_entries))
}

/// The key kyclink looks a phone number up by, for a `pyarrow.Array` of them: an int64 array of
/// the E.164 digits (surrounding white space ignored), null where a value is not E.164 (`+`
/// and 5 to 15 digits, the first not 0).
#[pyfunction]
fn phone_key(array: PyArrowType<arrow_data::ArrayData>) -> PyResult<PyArrowType<arrow_data::ArrayData>> {
    let array = arrow_array::make_array(array.0);
    let text =
        kyclink::io::to_text(array.as_ref()).ok_or_else(|| KyclinkError::new_err("phone_key: not a text array"))?;
    let text = text.as_any().downcast_ref::<StringArray>().expect("text is Utf8");
    let keys: Int64Array =
        text.iter().map(|v| v.and_then(|v| parse_e164(kyclink::normalize::trim(v))).map(|k| k as i64)).collect();
    Ok(PyArrowType(keys.into_data()))
}

/// The header of `side` ("candidates" or "extract") that holds the kyclink column `name`
/// (`phoneNumber`, `requestId`, ...) under the profile's mapping: the name itself unless the
/// profile maps it.
#[pyfunction]
#[pyo3(signature = (side, name, *, profile=None))]
fn header(side: &str, name: &str, profile: Option<TextOrPath>) -> PyResult<String> {
    let profile = engine(profile.as_ref(), 0, Vec::new())?.profile;
    let (mapping, known) = match side {
        "candidates" => (&profile.columns.candidates, kyclink::columns::candidate_names()),
        "extract" => (&profile.columns.extract, kyclink::columns::extract_names()),
        _ => return Err(KyclinkError::new_err("side: expected \"candidates\" or \"extract\"")),
    };
    if !known.contains(&name) {
        return Err(KyclinkError::new_err(format!("name: {name} is no {side} column kyclink reads")));
    }
    Ok(mapping.get(name).cloned().unwrap_or_else(|| name.to_string()))
}

/// The module.
#[pymodule]
fn _kyclink(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("KyclinkError", m.py().get_type::<KyclinkError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TRAINING_ROWS", kyc_match::TRAINING_ROWS)?;
    m.add("U_PAIRS", kyclink::jobs::linkage::U_PAIRS)?;
    for function in [
        wrap_pyfunction!(match_table, m)?,
        wrap_pyfunction!(match_stream, m)?,
        wrap_pyfunction!(age_table, m)?,
        wrap_pyfunction!(age_stream, m)?,
        wrap_pyfunction!(swap_table, m)?,
        wrap_pyfunction!(swap_stream, m)?,
        wrap_pyfunction!(insights_table, m)?,
        wrap_pyfunction!(insights_stream, m)?,
        wrap_pyfunction!(train, m)?,
        wrap_pyfunction!(term_counts, m)?,
        wrap_pyfunction!(phone_key, m)?,
        wrap_pyfunction!(header, m)?,
    ] {
        m.add_function(function)?;
    }
    Ok(())
}
