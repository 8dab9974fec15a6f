//! Where each attribute comes from in the extract, including the composite `name` and
//! `address` built from their parts when the extract has no full value (SPEC.md 9.4).

use crate::columns::Selection;
use crate::error::Error;
use crate::normalize::trim;
use crate::spec::Attribute;
use std::path::Path;

/// The extract's columns, resolved once.
#[derive(Debug, Clone)]
pub struct ExtractColumns {
    attributes: [Option<usize>; Attribute::COUNT],
    service_applicable: Option<usize>,
    extras: [Option<usize>; Extra::ALL.len()],
    separator: char,
}

const NAME_PARTS: [Attribute; 3] = [Attribute::GivenName, Attribute::MiddleNames, Attribute::FamilyName];
const ADDRESS_PARTS: [Attribute; 3] = [Attribute::StreetName, Attribute::StreetNumber, Attribute::HouseNumberExtension];

/// Extract columns besides the CAMARA attributes that the sibling jobs read, held raw
/// (trimmed) in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// Whether the operator checked the subscriber's age data against an official document.
    VerifiedStatus,
    /// RFC 3339 time of the last MSISDN-IMEI change; empty: the SIM never connected.
    LatestDeviceChange,
    /// The operator's gaugeMetric score (300..850).
    GaugeMetric,
    /// The operator's veritasIndex score (0..19).
    VeritasIndex,
}

impl Extra {
    /// Every extra, in storage order.
    pub const ALL: [Extra; 4] =
        [Extra::VerifiedStatus, Extra::LatestDeviceChange, Extra::GaugeMetric, Extra::VeritasIndex];

    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            Extra::VerifiedStatus => "verifiedStatus",
            Extra::LatestDeviceChange => "latestDeviceChange",
            Extra::GaugeMetric => "gaugeMetric",
            Extra::VeritasIndex => "veritasIndex",
        }
    }
}

/// What a job reads from the extract: the attributes it may compare and the extras it
/// answers from. Only these are read, normalised and held in the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractNeeds {
    /// Attributes to index (besides the phone number, which always is).
    pub attributes: Vec<Attribute>,
    /// Extras to hold.
    pub extras: Vec<Extra>,
}

/// The extract's names besides the CAMARA attributes.
pub const EXTRACT_EXTRAS: &[&str] =
    &["serviceApplicable", "verifiedStatus", "latestDeviceChange", "gaugeMetric", "veritasIndex"];

impl ExtractColumns {
    /// Resolves the extract's columns; `phoneNumber` is required. `separator` splits
    /// multi-valued cells.
    pub fn new(selection: &Selection, path: &Path, separator: char) -> Result<ExtractColumns, Error> {
        selection.require(Attribute::PhoneNumber.name(), path)?;
        Ok(ExtractColumns {
            attributes: Attribute::ALL.map(|a| selection.get(a.name())),
            service_applicable: selection.get("serviceApplicable"),
            extras: Extra::ALL.map(|e| selection.get(e.name())),
            separator,
        })
    }

    /// The phone number column.
    pub fn phone(&self) -> Option<usize> {
        self.attributes[Attribute::PhoneNumber.index()]
    }

    /// The column of an extra, if the extract has it.
    pub fn extra(&self, extra: Extra) -> Option<usize> {
        self.extras[extra as usize]
    }

    /// The separator of multi-valued cells.
    pub fn separator(&self) -> char {
        self.separator
    }

    /// The optional `serviceApplicable` column.
    pub fn service_applicable(&self) -> Option<usize> {
        self.service_applicable
    }

    fn parts(attribute: Attribute) -> &'static [Attribute] {
        match attribute {
            Attribute::Name => &NAME_PARTS,
            Attribute::Address => &ADDRESS_PARTS,
            _ => &[],
        }
    }

    /// The extract columns that `needs` reads: the phone number, `serviceApplicable`, each
    /// attribute's column or, for a full name or address, its parts too, and the extras.
    pub fn read_for(&self, needs: &ExtractNeeds) -> Vec<usize> {
        let attributes = needs.attributes.iter().flat_map(|a| std::iter::once(a).chain(Self::parts(*a)));
        let mut columns: Vec<usize> = [self.phone(), self.service_applicable]
            .into_iter()
            .chain(attributes.map(|a| self.attributes[a.index()]))
            .chain(needs.extras.iter().map(|e| self.extra(*e)))
            .flatten()
            .collect();
        columns.sort_unstable();
        columns.dedup();
        columns
    }

    /// Whether the extract can give any value for `attribute`.
    pub fn can_supply(&self, attribute: Attribute) -> bool {
        self.attributes[attribute.index()].is_some()
            || Self::parts(attribute).iter().any(|p| self.attributes[p.index()].is_some())
    }

    /// The raw value of `attribute` in one row, read through `cell` (column -> trimmed text).
    /// A missing full name or address is composed from its parts in `scratch`; a multi-valued
    /// part contributes its first value.
    pub fn value<'a>(&self, attribute: Attribute, cell: impl Fn(usize) -> &'a str, scratch: &'a mut String) -> &'a str {
        let own = self.attributes[attribute.index()].map_or("", &cell);
        let parts = Self::parts(attribute);
        if !own.is_empty() || parts.is_empty() {
            return own;
        }
        scratch.clear();
        for part in parts {
            let value = self.attributes[part.index()].map_or("", &cell);
            let first = trim(value.split(self.separator).next().unwrap_or(""));
            if !first.is_empty() {
                if !scratch.is_empty() {
                    scratch.push(' ');
                }
                scratch.push_str(first);
            }
        }
        scratch
    }
}
