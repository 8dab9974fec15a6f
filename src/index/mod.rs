//! The subscriber extract as a compact, read-only index: phone number -> prenormalised record.
//!
//! Built once, in one pass over the extract (like xsv's `ValueIndex`). Values are normalised
//! here, not per request, and held in one string arena per attribute rather than a `String`
//! per cell. Rows with an invalid or empty phone number are reported and skipped; a phone
//! number that appears more than once is reported and answered SERVICE_NOT_APPLICABLE,
//! never matched against one of its rows.

mod columns;

pub use columns::{EXTRACT_EXTRAS, Extra, ExtractColumns};

use crate::error::Error;
use crate::io::BatchReader;
use crate::normalize::{Normalizer, parse_e164};
use crate::spec::Attribute;
use arrow_array::StringArray;
use arrow_array::cast::AsArray;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Separates the values of a multi-valued cell inside the arena (never in normalised text).
const VALUE_SEPARATOR: char = '\u{1f}';
/// How many line numbers a report keeps as examples.
const EXAMPLE_LINES: usize = 5;

/// Values of one attribute for every indexed subscriber, end to end in one string.
#[derive(Debug, Default)]
struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    fn get(&self, row: u32) -> &str {
        let row = row as usize;
        let start = if row == 0 { 0 } else { self.ends[row - 1] as usize };
        &self.text[start..self.ends[row] as usize]
    }

    /// Appends one subscriber's normalised values of `attribute` from its raw cell: each of
    /// several `separator`-separated values of a multi-valued attribute, each followed by its
    /// reordered form where that differs (full names and addresses).
    fn push_value(&mut self, attribute: Attribute, raw: &str, separator: char, normalizer: &Normalizer) {
        let spec = attribute.spec();
        let start_of_cell = self.text.len();
        let values = raw.split(if spec.multi_valued { separator } else { VALUE_SEPARATOR });
        for value in values.filter(|v| !v.trim().is_empty()) {
            if self.text.len() > start_of_cell {
                self.text.push(VALUE_SEPARATOR);
            }
            let start = self.text.len();
            normalizer.normalize_into(spec.kind, value, &mut self.text);
            let end = self.text.len();
            self.text.push(VALUE_SEPARATOR);
            let reordered = normalizer.reordered_into(spec.kind, value, &mut self.text);
            if !reordered || self.text[end + 1..] == self.text[start..end] {
                self.text.truncate(end);
            }
        }
        self.finish_value();
    }

    fn finish_value(&mut self) {
        self.ends.push(u32::try_from(self.text.len()).expect("an attribute's values exceed 4 GiB"));
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
        let cell = self.index.arenas[attribute.index()].as_ref().map_or("", |arena| arena.get(self.row));
        cell.split(VALUE_SEPARATOR).filter(|v| !v.is_empty())
    }

    /// The raw (trimmed) value of an extra column; empty when the extract has none.
    pub fn extra(&self, extra: Extra) -> &'a str {
        self.index.extras[extra as usize].as_ref().map_or("", |arena| arena.get(self.row))
    }
}

/// Phone number -> subscriber, with every compared attribute prenormalised.
#[derive(Debug)]
pub struct SubscriberIndex {
    rows: HashMap<u64, u32>,
    arenas: Vec<Option<Arena>>,
    extras: Vec<Option<Arena>>,
    not_applicable: Vec<bool>,
    report: ExtractReport,
}

impl SubscriberIndex {
    /// Reads the whole extract and builds the index. `columns` says which header holds what.
    /// Per batch, the phone numbers are keyed in order, then every attribute's values are
    /// normalised into its own arena, the attributes in parallel on the current rayon pool.
    pub fn build(
        reader: &mut dyn BatchReader,
        columns: &ExtractColumns,
        normalizer: &Normalizer,
    ) -> Result<SubscriberIndex, Error> {
        let mut index = SubscriberIndex {
            rows: HashMap::new(),
            arenas: Attribute::ALL.iter().map(|a| columns.can_supply(*a).then(Arena::default)).collect(),
            extras: Extra::ALL.iter().map(|e| columns.extra(*e).map(|_| Arena::default())).collect(),
            not_applicable: Vec::new(),
            report: ExtractReport::default(),
        };
        let mut duplicated = std::collections::HashSet::new();
        while let Some(batch) = reader.next_batch()? {
            let strings: Vec<&StringArray> = batch.data.columns().iter().map(|c| c.as_string::<i32>()).collect();
            let cell = |column: Option<usize>, row: usize| column.map_or("", |c| strings[c].value(row).trim());
            let mut defects = batch.defects.iter().map(|(row, _)| *row).peekable();
            let mut indexed_rows = Vec::with_capacity(batch.len());
            for (row, &line) in batch.lines.iter().enumerate() {
                index.report.rows += 1;
                if defects.next_if_eq(&row).is_some() {
                    note(&mut index.report.unreadable_rows, &mut index.report.unreadable_lines, line);
                    continue;
                }
                let Some(phone) = parse_e164(cell(columns.phone(), row)) else {
                    note(&mut index.report.invalid_phone_rows, &mut index.report.invalid_phone_lines, line);
                    continue;
                };
                let id = index.not_applicable.len() as u32;
                match index.rows.entry(phone) {
                    Entry::Occupied(existing) => {
                        index.not_applicable[*existing.get() as usize] = true;
                        duplicated.insert(phone);
                        note(&mut index.report.duplicate_rows, &mut index.report.duplicate_lines, line);
                        continue;
                    }
                    Entry::Vacant(slot) => slot.insert(id),
                };
                let applicable = cell(columns.service_applicable(), row).to_ascii_lowercase();
                index.not_applicable.push(matches!(applicable.as_str(), "false" | "0" | "no" | "n"));
                indexed_rows.push(row);
            }
            index.arenas.par_iter_mut().zip(Attribute::ALL).for_each(|(arena, attribute)| {
                let Some(arena) = arena.as_mut() else { return };
                if attribute == Attribute::PhoneNumber {
                    return;
                }
                let mut scratch = String::new();
                for &row in &indexed_rows {
                    let raw = columns.value(attribute, &|c| cell(Some(c), row), &mut scratch);
                    arena.push_value(attribute, raw, columns.separator(), normalizer);
                }
            });
            for (extra, arena) in Extra::ALL.iter().zip(index.extras.iter_mut()) {
                let Some(arena) = arena.as_mut() else { continue };
                for &row in &indexed_rows {
                    arena.text.push_str(cell(columns.extra(*extra), row));
                    arena.finish_value();
                }
            }
        }
        index.report.indexed = index.rows.len() as u64;
        index.report.duplicate_phones = duplicated.len() as u64;
        Ok(index)
    }

    /// Looks up the subscriber behind an E.164 key (see [`parse_e164`]).
    pub fn lookup(&self, phone: u64) -> Lookup<'_> {
        match self.rows.get(&phone) {
            None => Lookup::NotFound,
            Some(&row) if self.not_applicable[row as usize] => Lookup::NotApplicable,
            Some(&row) => Lookup::Found(Subscriber { index: self, row }),
        }
    }

    /// The number of indexed subscriptions (row ids are `0..len`).
    pub fn len(&self) -> usize {
        self.not_applicable.len()
    }

    /// Whether no subscription was indexed.
    pub fn is_empty(&self) -> bool {
        self.not_applicable.is_empty()
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

    /// Whether the extract has a column for `extra` (its cells may still be empty).
    pub fn has_extra(&self, extra: Extra) -> bool {
        self.extras[extra as usize].is_some()
    }
}
