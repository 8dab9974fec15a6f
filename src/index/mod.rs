//! The subscriber extract as a compact, read-only index: phone number -> prenormalised record.
//!
//! Built once, in one pass over the extract (like xsv's `ValueIndex`). Values are normalised
//! here, not per request, and held record after record in one string rather than a `String`
//! per cell. Rows with an invalid or empty phone number are reported and skipped; a phone
//! number that appears more than once is reported and answered SERVICE_NOT_APPLICABLE,
//! never matched against one of its rows.

mod columns;

pub use columns::{EXTRACT_EXTRAS, Extra, ExtractColumns, ExtractNeeds};

use crate::error::Error;
use crate::io::{BatchReader, InputBatch};
use crate::normalize::{Normalizer, parse_e164, trim};
use crate::spec::{Attribute, Kind};
use arrow_array::StringArray;
use arrow_array::cast::AsArray;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Separates the values of a multi-valued cell inside a field (never in normalised text).
const VALUE_SEPARATOR: char = '\u{1f}';
/// How many line numbers a report keeps as examples.
const EXAMPLE_LINES: usize = 5;

/// Every indexed subscriber's stored fields (its attributes' normalised values, then its
/// extras' raw values), one record after another in one string. A look-up touches one record
/// and its row of field ends, a few adjacent cache lines, rather than one arena per attribute
/// scattered over memory: on a large extract that is the difference between a couple of cache
/// misses and two dozen per request.
#[derive(Debug, Default)]
struct Records {
    text: String,
    /// Where each record starts in `text`.
    starts: Vec<usize>,
    /// Per record, `fields` ends relative to the record's start, row-major.
    field_ends: Vec<u32>,
}

impl Records {
    fn get(&self, row: u32, field: usize, fields: usize) -> &str {
        let row = row as usize;
        let ends = &self.field_ends[row * fields..(row + 1) * fields];
        let start = self.starts[row] + if field == 0 { 0 } else { ends[field - 1] as usize };
        &self.text[start..self.starts[row] + ends[field] as usize]
    }

    fn start_record(&mut self) {
        self.starts.push(self.text.len());
    }

    fn finish_field(&mut self) {
        let start = *self.starts.last().expect("a field belongs to a started record");
        self.field_ends.push(u32::try_from(self.text.len() - start).expect("one subscriber's values exceed 4 GiB"));
    }

    /// Appends one subscriber's normalised values of `attribute` from its trimmed raw cell as
    /// one field: each of several `separator`-separated values of a multi-valued attribute,
    /// each followed by its reordered form where that differs (full names and addresses).
    fn push_values(&mut self, attribute: Attribute, raw: &str, separator: char, normalizer: &Normalizer) {
        let spec = attribute.spec();
        let start_of_field = self.text.len();
        if spec.multi_valued && raw.contains(separator) {
            for value in raw.split(separator).map(trim).filter(|v| !v.is_empty()) {
                if self.text.len() > start_of_field {
                    self.text.push(VALUE_SEPARATOR);
                }
                self.push_value(spec.kind, value, normalizer);
            }
        } else if !raw.is_empty() {
            self.push_value(spec.kind, raw, normalizer);
        }
        self.finish_field();
    }

    /// Appends the normalised form of one value, then its reordered form when it has one
    /// that differs.
    fn push_value(&mut self, kind: Kind, value: &str, normalizer: &Normalizer) {
        let start = self.text.len();
        let split = normalizer.forms_into(kind, value, &mut self.text);
        if self.text[split..] == self.text[start..split] {
            self.text.truncate(split);
        } else if split < self.text.len() {
            self.text.insert(split, VALUE_SEPARATOR);
        }
    }

    /// Appends, in order, the records of the `indexed` rows of a batch from the tasks that
    /// normalised it ([`ROWS_PER_TASK`] rows each, of `fields` fields).
    fn append_indexed(&mut self, indexed: Vec<usize>, tasks: &[Records], fields: usize) {
        let mut indexed = indexed.into_iter().peekable();
        for (task, records) in tasks.iter().enumerate() {
            let first = task * ROWS_PER_TASK;
            while let Some(row) = indexed.next_if(|row| *row < first + ROWS_PER_TASK) {
                self.append_record(records, row - first, fields);
            }
        }
    }

    /// Appends record `record` of `other` (records of `fields` fields) after this one's.
    fn append_record(&mut self, other: &Records, record: usize, fields: usize) {
        let end = other.starts.get(record + 1).copied().unwrap_or(other.text.len());
        self.start_record();
        self.text.push_str(&other.text[other.starts[record]..end]);
        self.field_ends.extend_from_slice(&other.field_ends[record * fields..(record + 1) * fields]);
    }
}

/// What the extract held, for the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExtractReport {
    /// Data rows read.
    pub rows: u64,
    /// Subscriptions indexed (distinct phone numbers).
    pub indexed: u64,
    /// Rows skipped for an invalid or empty phone number.
    pub invalid_phone_rows: u64,
    /// Lines of the first such rows.
    pub invalid_phone_lines: Vec<u64>,
    /// Rows skipped because they could not be read (ragged, invalid UTF-8).
    pub unreadable_rows: u64,
    /// Lines of the first such rows.
    pub unreadable_lines: Vec<u64>,
    /// Distinct phone numbers found on more than one row.
    pub duplicate_phones: u64,
    /// Rows that repeat an earlier row's phone number.
    pub duplicate_rows: u64,
    /// Lines of the first such rows.
    pub duplicate_lines: Vec<u64>,
}

fn note(count: &mut u64, lines: &mut Vec<u64>, line: u64) {
    *count += 1;
    if lines.len() < EXAMPLE_LINES {
        lines.push(line);
    }
}

/// The answer of a look-up.
#[derive(Debug, Clone, Copy)]
pub enum Lookup<'a> {
    /// The number is not in the extract.
    NotFound,
    /// The subscription is out of scope, or its number is ambiguous in the extract.
    NotApplicable,
    /// The subscriber's record.
    Found(Subscriber<'a>),
}

/// One subscriber's prenormalised values.
#[derive(Debug, Clone, Copy)]
pub struct Subscriber<'a> {
    index: &'a SubscriberIndex,
    row: u32,
}

impl<'a> Subscriber<'a> {
    /// The normalised values of `attribute` (several for multi-valued cells, and the reordered
    /// forms of full names and addresses); empty when the operator has none.
    pub fn values(&self, attribute: Attribute) -> impl Iterator<Item = &'a str> + 'a {
        let field = self.index.field(self.row, self.index.attribute_fields[attribute.index()]);
        field.split(VALUE_SEPARATOR).filter(|v| !v.is_empty())
    }

    /// The raw (trimmed) value of an extra column; empty when the extract has none.
    pub fn extra(&self, extra: Extra) -> &'a str {
        self.index.field(self.row, self.index.extra_fields[extra as usize])
    }
}

/// Phone number -> subscriber, with every compared attribute prenormalised.
#[derive(Debug)]
pub struct SubscriberIndex {
    rows: PhoneMap<u32>,
    records: Records,
    /// The field of each attribute in a record, when the extract can supply it.
    attribute_fields: [Option<usize>; Attribute::COUNT],
    /// The field of each extra, when the extract has its column.
    extra_fields: [Option<usize>; Extra::ALL.len()],
    /// Fields per record.
    fields: usize,
    not_applicable: Vec<bool>,
    report: ExtractReport,
}

/// Hashes the index's `u64` phone keys with the murmur3 finaliser: SipHash's resistance to
/// crafted keys buys nothing on an operator's own extract, and cost a tenth of each look-up.
#[derive(Debug, Default, Clone, Copy)]
struct PhoneHasher(u64);

impl Hasher for PhoneHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u64(self.0.rotate_left(8) ^ u64::from(b)));
    }

    fn write_u64(&mut self, key: u64) {
        let mut h = key ^ (key >> 33);
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        self.0 = h ^ (h >> 33);
    }
}

type PhoneMap<V> = HashMap<u64, V, BuildHasherDefault<PhoneHasher>>;
type PhoneSet = HashSet<u64, BuildHasherDefault<PhoneHasher>>;

/// Indexed rows normalised per parallel task: small enough to spread a batch over the cores,
/// large enough that a task outweighs its scheduling.
const ROWS_PER_TASK: usize = 512;

/// What each indexed record holds and where it is read from.
struct Layout<'a> {
    columns: &'a ExtractColumns,
    /// The extract columns read.
    read: Vec<usize>,
    /// The attributes stored, one field each, in this order...
    stored: Vec<Attribute>,
    /// ...then the extras, each with its column.
    extras: Vec<(Extra, usize)>,
    normalizer: &'a Normalizer,
}

impl Layout<'_> {
    /// Normalises `rows` of a batch (its columns as `strings`) into records, every row,
    /// indexed or not (the keys are known only later). Never inlined, so that profiles
    /// (`benches/profile.sh`) can name the stage; it runs once per 512 rows.
    #[inline(never)]
    fn normalise(&self, strings: &[&StringArray], rows: &[usize]) -> Records {
        // The cells, read column after column into a row-major table that stays in cache
        // while its rows are normalised: read row after row across two dozen Arrow columns,
        // nearly every cell missed the cache.
        let width = strings.len();
        let mut cells = vec![""; rows.len() * width];
        for &column in &self.read {
            for (i, &row) in rows.iter().enumerate() {
                cells[i * width + column] = trim(strings[column].value(row));
            }
        }
        let mut records = Records::default();
        let mut scratch = String::new();
        for row in cells.chunks_exact(width) {
            records.start_record();
            for &attribute in &self.stored {
                let raw = self.columns.value(attribute, |c| row[c], &mut scratch);
                records.push_values(attribute, raw, self.columns.separator(), self.normalizer);
            }
            for &(_, column) in &self.extras {
                records.text.push_str(row[column]);
                records.finish_field();
            }
        }
        records
    }
}

impl SubscriberIndex {
    /// Reads the whole extract and builds the index of what `needs` says, from the columns
    /// `columns` resolves (only those are read). A reader thread parses the next batch while
    /// the current one is indexed: its phone numbers keyed in order while all its rows are
    /// normalised in parallel on the current rayon pool and the previous batch's indexed
    /// records appended (appended alone, that copy left a core idle).
    pub fn build(
        reader: &mut dyn BatchReader,
        columns: &ExtractColumns,
        needs: &ExtractNeeds,
        normalizer: &Normalizer,
    ) -> Result<SubscriberIndex, Error> {
        let layout = Layout {
            columns,
            read: columns.read_for(needs),
            stored: Attribute::ALL
                .into_iter()
                .filter(|a| *a != Attribute::PhoneNumber && needs.attributes.contains(a) && columns.can_supply(*a))
                .collect(),
            extras: Extra::ALL
                .iter()
                .filter(|e| needs.extras.contains(e))
                .filter_map(|e| columns.extra(*e).map(|column| (*e, column)))
                .collect(),
            normalizer,
        };
        reader.project(&layout.read)?;
        let mut attribute_fields = [None; Attribute::COUNT];
        for (field, attribute) in layout.stored.iter().enumerate() {
            attribute_fields[attribute.index()] = Some(field);
        }
        let mut extra_fields = [None; Extra::ALL.len()];
        for (i, (extra, _)) in layout.extras.iter().enumerate() {
            extra_fields[*extra as usize] = Some(layout.stored.len() + i);
        }
        let fields = layout.stored.len() + layout.extras.len();
        let mut index = SubscriberIndex {
            rows: PhoneMap::default(),
            records: Records::default(),
            attribute_fields,
            extra_fields,
            fields,
            not_applicable: Vec::new(),
            report: ExtractReport::default(),
        };
        let mut duplicated = PhoneSet::default();
        // Held apart from the index while it is keyed, so that both can grow at once.
        let mut records = Records::default();
        let mut normalised: Option<(Vec<usize>, Vec<Records>)> = None;
        let (batches, to_index) = crossbeam_channel::bounded::<InputBatch>(2);
        std::thread::scope(|scope| {
            let reading = crate::threads::spawn_named(scope, "kyclink-extract", move || -> Result<(), Error> {
                while let Some(batch) = reader.next_batch()? {
                    if batches.send(batch).is_err() {
                        break;
                    }
                }
                Ok(())
            });
            for batch in to_index {
                let strings: Vec<&StringArray> = batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect();
                let cell = |column: Option<usize>, row: usize| column.map_or("", |c| trim(strings[c].value(row)));
                // Keying is sequential (the first row of a number wins), normalising is not.
                let rows: Vec<usize> = (0..batch.len()).collect();
                let previous = normalised.take();
                let keyed_and_normalised = || {
                    rayon::join(
                        || index.key_rows(&batch, columns, &mut duplicated, &cell),
                        || rows.par_chunks(ROWS_PER_TASK).map(|rows| layout.normalise(&strings, rows)).collect(),
                    )
                };
                let append_previous = || {
                    if let Some((indexed, tasks)) = previous {
                        records.append_indexed(indexed, &tasks, fields);
                    }
                };
                normalised = Some(rayon::join(keyed_and_normalised, append_previous).0);
            }
            if let Some((indexed, tasks)) = normalised.take() {
                records.append_indexed(indexed, &tasks, fields);
            }
            reading.join().expect("the extract reader thread panicked")
        })?;
        index.records = records;
        index.report.indexed = index.rows.len() as u64;
        index.report.duplicate_phones = duplicated.len() as u64;
        Ok(index)
    }

    /// Keys the rows of one batch by phone number, in order, noting unreadable rows, invalid
    /// numbers and duplicates; returns the rows to index.
    fn key_rows<'b>(
        &mut self,
        batch: &InputBatch,
        columns: &ExtractColumns,
        duplicated: &mut PhoneSet,
        cell: &dyn Fn(Option<usize>, usize) -> &'b str,
    ) -> Vec<usize> {
        let mut defects = batch.defects.iter().map(|(row, _)| *row).peekable();
        let mut indexed_rows = Vec::with_capacity(batch.len());
        let report = &mut self.report;
        for (row, &line) in batch.lines.iter().enumerate() {
            report.rows += 1;
            if defects.next_if_eq(&row).is_some() {
                note(&mut report.unreadable_rows, &mut report.unreadable_lines, line);
                continue;
            }
            let Some(phone) = parse_e164(cell(columns.phone(), row)) else {
                note(&mut report.invalid_phone_rows, &mut report.invalid_phone_lines, line);
                continue;
            };
            let id = self.not_applicable.len() as u32;
            match self.rows.entry(phone) {
                Entry::Occupied(existing) => {
                    self.not_applicable[*existing.get() as usize] = true;
                    duplicated.insert(phone);
                    note(&mut report.duplicate_rows, &mut report.duplicate_lines, line);
                    continue;
                }
                Entry::Vacant(slot) => slot.insert(id),
            };
            let applicable = cell(columns.service_applicable(), row);
            self.not_applicable.push(["false", "0", "no", "n"].iter().any(|no| applicable.eq_ignore_ascii_case(no)));
            indexed_rows.push(row);
        }
        indexed_rows
    }

    /// Field `field` of record `row`; empty when the extract has no such column.
    fn field(&self, row: u32, field: Option<usize>) -> &str {
        field.map_or("", |field| self.records.get(row, field, self.fields))
    }

    /// Looks up the subscriber behind an E.164 key (see [`parse_e164`]).
    pub fn lookup(&self, phone: u64) -> Lookup<'_> {
        match self.rows.get(&phone) {
            None => Lookup::NotFound,
            Some(&row) if self.not_applicable[row as usize] => Lookup::NotApplicable,
            Some(&row) => Lookup::Found(Subscriber { index: self, row }),
        }
    }

    /// Touches the records behind `phones` so that their cache misses overlap instead of
    /// stalling one request after the other: on a large extract a look-up is a chain of
    /// misses (slot, record start, field ends, text). Each pass below makes independent
    /// loads only, so the processor has all of a pass's misses in flight at once; the last
    /// touches every cache line of each record, which the comparisons then read. Answers are
    /// unchanged, only sooner; see [`crate::jobs::kyc_match`].
    pub fn warm(&self, phones: impl IntoIterator<Item = u64>) {
        let rows: Vec<usize> =
            phones.into_iter().filter_map(|phone| self.rows.get(&phone)).map(|&r| r as usize).collect();
        let records = &self.records;
        let mut touched = 0usize;
        for &row in &rows {
            touched ^= records.starts[row];
            if let Some(ends) = records.field_ends.get(row * self.fields..(row + 1) * self.fields) {
                touched ^= ends.iter().step_by(16).fold(0, |t, &end| t ^ end as usize);
            }
        }
        let text = records.text.as_bytes();
        for &row in &rows {
            let end = records.starts.get(row + 1).copied().unwrap_or(text.len());
            touched ^= text[records.starts[row]..end].iter().step_by(64).fold(0, |t, &b| t ^ usize::from(b));
        }
        std::hint::black_box(touched);
    }

    /// The number of indexed subscriptions (row ids are `0..len`).
    pub fn len(&self) -> usize {
        self.not_applicable.len()
    }

    /// Whether no subscription was indexed.
    pub fn is_empty(&self) -> bool {
        self.not_applicable.is_empty()
    }

    /// Whether the subscription with row id `row` is answered (not SERVICE_NOT_APPLICABLE:
    /// its phone number is unique in the extract and its service applicable).
    pub fn is_applicable(&self, row: u32) -> bool {
        !self.not_applicable[row as usize]
    }

    /// The subscriber with row id `row` (< [`SubscriberIndex::len`]), e.g. for sampling pairs.
    pub fn subscriber(&self, row: u32) -> Subscriber<'_> {
        assert!((row as usize) < self.len(), "row id out of range");
        Subscriber { index: self, row }
    }

    /// What the extract held.
    pub fn report(&self) -> &ExtractReport {
        &self.report
    }

    /// Whether the index holds `extra`: the job needed it and the extract has its column (its
    /// cells may still be empty).
    pub fn has_extra(&self, extra: Extra) -> bool {
        self.extra_fields[extra as usize].is_some()
    }
}
