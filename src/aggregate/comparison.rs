//! The comparisons the linkage model reads: one per *concept*, not per column.
//!
//! Fellegi-Sunter multiplies the evidence of its comparisons as if they were independent
//! given who is asking. Columns that are parts of one fact break that badly: a request that
//! sends an address in seven fields (street, number, extension, postal code, locality,
//! region, and the whole address) would count one agreement seven times. So the full name
//! and its parts are one comparison ([`Comparison::Name`]), the full address and its parts
//! another ([`Comparison::Address`]), and a document's number, type and expiry date a third
//! ([`Comparison::IdDocument`]); each concept's levels say how much of it agrees. The
//! remaining comparisons are single attributes whose dependence given the class is weak;
//! the dependence they do have, through the household (a relative shares the home, the
//! family name and the country of the subscriber), is what the model's household class
//! describes (see [`super::fellegi_sunter`]).
//!
//! A row's evidence ([`RowEvidence`]) is gathered while it is answered: per attribute what
//! the CAMARA comparison found ([`Evidence`]), which of the subscriber's name and address
//! parts appear inside a full name or address the request sent ([`Found`]), and how common
//! the agreeing values are among subscribers ([`Frequencies`]).

use super::term_frequency::Term;
use crate::spec::{Attribute, Kind};

/// What one attribute comparison of one row says, before levels are assigned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evidence {
    /// Not requested, or the operator has no value: no evidence either way.
    #[default]
    Missing,
    /// Equal after normalisation.
    Equal,
    /// Different: the best similarity in percent (0..=100, uncapped; 0 for attributes that
    /// are not scored) and whether the values are [`near`].
    Differs {
        /// round(100 x Jaro-Winkler) of the closest pair of values.
        similarity: u8,
        /// A typo apart (see [`near`]); only for dates, documents, bank accounts and postal
        /// codes, whose similarity is not scored.
        near: bool,
    },
}

impl Evidence {
    /// The evidence of two normalised values of `attribute`.
    pub fn between(attribute: Attribute, a: &str, b: &str, similarity: impl Fn(&str, &str) -> f64) -> Evidence {
        if a == b {
            return Evidence::Equal;
        }
        let spec = attribute.spec();
        let similarity = if spec.scored { (similarity(a, b) * 100.0).round() as u8 } else { 0 };
        Evidence::Differs { similarity, near: has_near(spec.kind) && near(spec.kind, a, b) }
    }

    /// How far this evidence agrees, for a part of a concept.
    fn agreement(self) -> Option<Agreement> {
        match self {
            Evidence::Missing => None,
            Evidence::Equal => Some(Agreement::Exact),
            Evidence::Differs { similarity, near } if similarity >= CLOSE || near => Some(Agreement::Close),
            Evidence::Differs { similarity, .. } if similarity >= PARTIAL => Some(Agreement::Partial),
            Evidence::Differs { .. } => Some(Agreement::Differs),
        }
    }
}

/// Whether values of `kind` get the [`near`] test (they have no similarity score).
pub fn has_near(kind: Kind) -> bool {
    matches!(kind, Kind::Date | Kind::Document | Kind::BankAccount | Kind::PostalCode)
}

/// Whether two different normalised values are a typo apart: one substitution or one
/// adjacent transposition; for dates also the day and month swapped (`1985-03-04` and
/// `1985-04-03`).
pub fn near(kind: Kind, a: &str, b: &str) -> bool {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x.len() != y.len() {
        return false;
    }
    let mut differences = (0..x.len()).filter(|&i| x[i] != y[i]);
    let one_edit = match (differences.next(), differences.next(), differences.next()) {
        (Some(_), None, None) => true,
        (Some(i), Some(j), None) => j == i + 1 && x[i] == y[j] && x[j] == y[i],
        _ => false,
    };
    let swapped = kind == Kind::Date && x.len() == 10 && x[..5] == y[..5] && x[5..7] == y[8..10] && x[8..10] == y[5..7];
    one_edit || swapped
}

/// Jaro-Winkler similarity (percent) from which a part counts as agreeing, typos included.
const CLOSE: u8 = 92;
/// Jaro-Winkler similarity (percent) from which a given name partly agrees.
const PARTIAL: u8 = 80;

/// How far one part of a concept agrees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agreement {
    Exact,
    /// Jaro-Winkler at least 0.92, or a typo apart.
    Close,
    /// Jaro-Winkler at least 0.80.
    Partial,
    Differs,
}

/// Which of a concept's parts the subscriber has (`known`) and which of those appear inside
/// the full value the request sent (`found`), one bit per part in the concept's part order
/// ([`NAME_PARTS`], [`ADDRESS_PARTS`]). Empty when the request sent no full value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Found {
    /// Parts the subscriber has a value for.
    pub known: u8,
    /// Of those, parts found in the request's full value.
    pub found: u8,
}

/// The name parts looked for inside a full name.
pub const NAME_PARTS: [Attribute; 2] = [Attribute::GivenName, Attribute::FamilyName];
/// The address parts looked for inside a full address.
pub const ADDRESS_PARTS: [Attribute; 6] = [
    Attribute::StreetName,
    Attribute::StreetNumber,
    Attribute::HouseNumberExtension,
    Attribute::PostalCode,
    Attribute::Locality,
    Attribute::Region,
];

/// How common the subscriber's agreeing values are, as the factor by which an exact
/// agreement on them is likelier for a stranger than an average agreement is: the value's
/// share of subscribers over the chance that two random subscribers share a value
/// (`tf(v) / Σ tf²`, Splink's term-frequency adjustment). 1 where nothing agreed exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frequencies {
    /// The given name, when it agreed exactly.
    pub given_name: f32,
    /// The family name, when it agreed exactly.
    pub family_name: f32,
    /// The locality, when it agreed exactly within the address.
    pub locality: f32,
}

impl Frequencies {
    /// Sets the factor of `term`.
    pub fn set(&mut self, term: Term, ratio: f32) {
        match term {
            Term::GivenName => self.given_name = ratio,
            Term::FamilyName => self.family_name = ratio,
            Term::Locality => self.locality = ratio,
        }
    }
}

impl Default for Frequencies {
    fn default() -> Frequencies {
        Frequencies { given_name: 1.0, family_name: 1.0, locality: 1.0 }
    }
}

/// Everything the model reads of one answered row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RowEvidence {
    /// Per attribute (SPEC order), what the comparison found.
    pub attributes: [Evidence; Attribute::COUNT],
    /// The subscriber's given and family names inside the request's full name.
    pub in_name: Found,
    /// The subscriber's address parts inside the request's full address.
    pub in_address: Found,
    /// How common the values agreed on are.
    pub frequencies: Frequencies,
}

impl RowEvidence {
    fn of(&self, attribute: Attribute) -> Evidence {
        self.attributes[attribute.index()]
    }
}

/// One comparison of the model: a concept (a fact that may come in several columns) or a
/// single attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The person's name: given and family names, from their own columns or found inside a
    /// full name; a full name or kana reading alone where the parts cannot be told.
    Name,
    /// The home: how many of the address parts the request gives (in their own columns or
    /// inside a full address) agree.
    Address,
    /// The identity document: its number, else its expiry date, else its type.
    IdDocument,
    /// A single attribute.
    Single(Attribute),
}

/// A level's readable label and the starting points of EM: how far it agrees for the
/// owner, and for a member of the subscriber's household (0: not at all, 1: fully).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevelSpec {
    /// The label of `--explain` and the model file.
    pub label: &'static str,
    /// How far the level agrees, for the owner's starting m.
    pub agreement: f64,
    /// How far a household member is expected to agree, for the household's starting m
    /// (where a comparison is shared by a household).
    pub household: f64,
}

const fn level(label: &'static str, agreement: f64, household: f64) -> LevelSpec {
    LevelSpec { label, agreement, household }
}

/// The name levels: given x family agreement (exact; close, Jaro-Winkler >= 0.92; for the
/// given name partial, >= 0.80, as a first name of two or some nicknames are; differs; not
/// given), then a full name (or kana) compared whole. A household member usually shares the
/// family name and never the given name.
const NAME_LEVELS: [LevelSpec; 22] = [
    level("given exact, family exact", 1.0, 0.6),
    level("given exact, family close", 0.95, 0.54),
    level("given exact, family differs", 0.5, 0.12),
    level("given exact, family not given", 0.9, 0.36),
    level("given close, family exact", 0.95, 0.62),
    level("given close, family close", 0.9, 0.56),
    level("given close, family differs", 0.45, 0.14),
    level("given close, family not given", 0.81, 0.38),
    level("given partial, family exact", 0.75, 0.68),
    level("given partial, family close", 0.7, 0.62),
    level("given partial, family differs", 0.25, 0.2),
    level("given partial, family not given", 0.45, 0.44),
    level("given differs, family exact", 0.5, 1.0),
    level("given differs, family close", 0.45, 0.94),
    level("given differs, family differs", 0.0, 0.52),
    level("given differs, family not given", 0.0, 0.76),
    level("given not given, family exact", 0.9, 0.84),
    level("given not given, family close", 0.81, 0.78),
    level("given not given, family differs", 0.0, 0.36),
    level("full name exact", 1.0, 0.3),
    level("full name close", 0.8, 0.5),
    level("full name differs", 0.0, 0.4),
];

/// The address levels: all parts agree (at least three given, or only one or two), most
/// (at least half), some, none; a full address compared whole where no part can be told.
const ADDRESS_LEVELS: [LevelSpec; 8] = [
    level("all of 3+ parts agree", 1.0, 1.0),
    level("all of 1-2 parts agree", 0.8, 0.8),
    level("most parts agree", 0.6, 0.6),
    level("some parts agree", 0.3, 0.3),
    level("no part agrees", 0.0, 0.0),
    level("full address exact", 1.0, 1.0),
    level("full address close", 0.7, 0.7),
    level("full address differs", 0.0, 0.0),
];

const DOCUMENT_LEVELS: [LevelSpec; 7] = [
    level("number exact", 1.0, 0.0),
    level("number a typo apart", 0.8, 0.0),
    level("number differs", 0.0, 0.0),
    level("expiry date exact", 0.9, 0.0),
    level("expiry date differs", 0.0, 0.0),
    level("type exact", 0.6, 0.5),
    level("type differs", 0.0, 0.0),
];

const SCORED_LEVELS: [LevelSpec; 4] = [
    level("exact", 1.0, 0.0),
    level("jaro_winkler>=0.92", 0.8, 0.0),
    level("jaro_winkler>=0.80", 0.5, 0.0),
    level("else", 0.0, 0.0),
];
const NEAR_LEVELS: [LevelSpec; 3] =
    [level("exact", 1.0, 0.0), level("a typo apart", 0.8, 0.0), level("else", 0.0, 0.0)];
const EXACT_LEVELS: [LevelSpec; 2] = [level("exact", 1.0, 0.0), level("else", 0.0, 0.0)];

impl Comparison {
    /// The model's comparisons, in the order of its patterns and of `--explain` columns.
    pub const ALL: [Comparison; 13] = [
        Comparison::Name,
        Comparison::Single(Attribute::MiddleNames),
        Comparison::Single(Attribute::FamilyNameAtBirth),
        Comparison::Single(Attribute::Birthdate),
        Comparison::Address,
        Comparison::Single(Attribute::Country),
        Comparison::Single(Attribute::Email),
        Comparison::IdDocument,
        Comparison::Single(Attribute::BankAccountNumber),
        Comparison::Single(Attribute::Gender),
        Comparison::Single(Attribute::CityOfBirth),
        Comparison::Single(Attribute::CountryOfBirth),
        Comparison::Single(Attribute::Nationality),
    ];

    /// The comparison's name: its concept's, or its attribute's (CAMARA's spelling), as in
    /// the `--explain` columns `<name>Level` and `<name>Weight`.
    pub fn name(self) -> &'static str {
        match self {
            Comparison::Name => "name",
            Comparison::Address => "address",
            Comparison::IdDocument => "idDocument",
            Comparison::Single(attribute) => attribute.name(),
        }
    }

    /// The request attributes it reads.
    pub fn attributes(self) -> &'static [Attribute] {
        use Attribute::*;
        match self {
            Comparison::Name => &[Name, GivenName, FamilyName, NameKanaHankaku, NameKanaZenkaku],
            Comparison::Address => {
                &[Address, StreetName, StreetNumber, HouseNumberExtension, PostalCode, Locality, Region]
            }
            Comparison::IdDocument => &[IdDocument, IdDocumentExpiryDate, IdDocumentType],
            Comparison::Single(attribute) => std::slice::from_ref(&Attribute::ALL[attribute.index()]),
        }
    }

    /// Its levels, most agreeing first within each group.
    pub fn levels(self) -> &'static [LevelSpec] {
        match self {
            Comparison::Name => &NAME_LEVELS,
            Comparison::Address => &ADDRESS_LEVELS,
            Comparison::IdDocument => &DOCUMENT_LEVELS,
            Comparison::Single(attribute) if attribute.spec().scored => &SCORED_LEVELS,
            Comparison::Single(attribute) if has_near(attribute.spec().kind) => &NEAR_LEVELS,
            Comparison::Single(_) => &EXACT_LEVELS,
        }
    }

    /// Whether a member of the subscriber's household usually shares it (the home, the
    /// country, the family name), so that the household class starts from the levels'
    /// `household` agreement rather than from the stranger's u.
    pub fn shared_by_household(self) -> bool {
        matches!(
            self,
            Comparison::Name
                | Comparison::Address
                | Comparison::Single(Attribute::Country | Attribute::Nationality | Attribute::CountryOfBirth)
        )
    }

    /// The level of a row's evidence, or `None` when the row gives none for this
    /// comparison (its null level, which carries no evidence).
    pub fn level(self, row: &RowEvidence) -> Option<u8> {
        match self {
            Comparison::Name => name_level(row),
            Comparison::Address => address_level(row),
            Comparison::IdDocument => document_level(row),
            Comparison::Single(attribute) => {
                let spec = attribute.spec();
                Some(match row.of(attribute) {
                    Evidence::Missing => return None,
                    Evidence::Equal => 0,
                    Evidence::Differs { similarity, .. } if spec.scored => match similarity {
                        CLOSE.. => 1,
                        80.. => 2,
                        _ => 3,
                    },
                    Evidence::Differs { near, .. } if has_near(spec.kind) => 2 - u8::from(near),
                    Evidence::Differs { .. } => 1,
                })
            }
        }
    }
}

/// Given and family agreement from their own columns, else from inside the full name (a
/// part found is exact; one not found is close when the full name as a whole is close,
/// else differs); the full name or kana whole when no part can be told.
fn name_level(row: &RowEvidence) -> Option<u8> {
    let full = row.of(Attribute::Name);
    let from_full = |part: usize| -> Option<Agreement> {
        let bit = 1 << part;
        if row.in_name.known & bit == 0 {
            return None;
        }
        Some(if row.in_name.found & bit != 0 {
            Agreement::Exact
        } else if full.agreement() == Some(Agreement::Close) {
            Agreement::Close
        } else {
            Agreement::Differs
        })
    };
    let given = row.of(Attribute::GivenName).agreement().or_else(|| from_full(0));
    let family = row.of(Attribute::FamilyName).agreement().or_else(|| from_full(1));
    if given.is_some() || family.is_some() {
        let given = given.map_or(4, |a| a as u8);
        let family = match family {
            Some(Agreement::Exact) => 0,
            Some(Agreement::Close) => 1,
            Some(Agreement::Partial | Agreement::Differs) => 2,
            None => 3,
        };
        return Some(given * 4 + family);
    }
    // Neither part can be told: the full name whole, else the closest kana reading.
    let whole = [full, row.of(Attribute::NameKanaZenkaku), row.of(Attribute::NameKanaHankaku)]
        .into_iter()
        .filter_map(Evidence::agreement)
        .min_by_key(|a| *a as u8)?;
    Some(
        19 + match whole {
            Agreement::Exact => 0,
            Agreement::Close => 1,
            Agreement::Partial | Agreement::Differs => 2,
        },
    )
}

/// How many of the address parts the request gives (each in its own column, else found
/// inside the full address) agree with the subscriber's; the full address whole when no part
/// can be told.
fn address_level(row: &RowEvidence) -> Option<u8> {
    let (mut known, mut agree) = (0u32, 0u32);
    for (i, part) in ADDRESS_PARTS.iter().enumerate() {
        let agreement = match row.of(*part).agreement() {
            Some(agreement) => Some(matches!(agreement, Agreement::Exact | Agreement::Close)),
            None if row.in_address.known & (1 << i) != 0 => Some(row.in_address.found & (1 << i) != 0),
            None => None,
        };
        if let Some(agrees) = agreement {
            known += 1;
            agree += u32::from(agrees);
        }
    }
    if known == 0 {
        return Some(match row.of(Attribute::Address).agreement()? {
            Agreement::Exact => 5,
            Agreement::Close => 6,
            Agreement::Partial | Agreement::Differs => 7,
        });
    }
    Some(match agree {
        _ if agree == known && known >= 3 => 0,
        _ if agree == known => 1,
        _ if 2 * agree >= known => 2,
        0 => 4,
        _ => 3,
    })
}

/// The document number, else its expiry date, else its type.
fn document_level(row: &RowEvidence) -> Option<u8> {
    if let Some(agreement) = row.of(Attribute::IdDocument).agreement() {
        // Documents have no similarity: exact, a typo apart, or differs.
        return Some((agreement as u8).min(2));
    }
    if let Some(agreement) = row.of(Attribute::IdDocumentExpiryDate).agreement() {
        return Some(if agreement == Agreement::Exact { 3 } else { 4 });
    }
    row.of(Attribute::IdDocumentType).agreement().map(|a| if a == Agreement::Exact { 5 } else { 6 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(evidence: &[(Attribute, Evidence)]) -> RowEvidence {
        let mut row = RowEvidence::default();
        for (attribute, e) in evidence {
            row.attributes[attribute.index()] = *e;
        }
        row
    }

    const DIFFERS: Evidence = Evidence::Differs { similarity: 40, near: false };
    const CLOSE_TYPO: Evidence = Evidence::Differs { similarity: 95, near: false };

    fn label(comparison: Comparison, row: &RowEvidence) -> Option<&'static str> {
        comparison.level(row).map(|l| comparison.levels()[l as usize].label)
    }

    #[test]
    fn a_full_name_beside_its_parts_is_one_comparison() {
        use Attribute::*;
        let relative = row(&[(GivenName, DIFFERS), (FamilyName, Evidence::Equal), (Name, DIFFERS)]);
        assert_eq!(label(Comparison::Name, &relative), Some("given differs, family exact"));
        let typo = row(&[(GivenName, CLOSE_TYPO), (FamilyName, Evidence::Equal)]);
        assert_eq!(label(Comparison::Name, &typo), Some("given close, family exact"));
        // A full name alone: its parts are looked for inside it.
        let mut full = row(&[(Name, DIFFERS)]);
        full.in_name = Found { known: 0b11, found: 0b10 };
        assert_eq!(label(Comparison::Name, &full), Some("given differs, family exact"));
        full.in_name = Found::default();
        assert_eq!(label(Comparison::Name, &full), Some("full name differs"));
        let kana = row(&[(NameKanaZenkaku, Evidence::Equal), (NameKanaHankaku, DIFFERS)]);
        assert_eq!(label(Comparison::Name, &kana), Some("full name exact"));
        assert_eq!(Comparison::Name.level(&row(&[(Email, DIFFERS)])), None);
    }

    #[test]
    fn an_address_in_parts_is_one_comparison() {
        use Attribute::*;
        let parts = [StreetName, StreetNumber, PostalCode, Locality, Region, HouseNumberExtension];
        let all: Vec<(Attribute, Evidence)> = parts.iter().map(|p| (*p, Evidence::Equal)).collect();
        let mut everything = row(&all);
        everything.attributes[Address.index()] = Evidence::Equal;
        assert_eq!(label(Comparison::Address, &everything), Some("all of 3+ parts agree"));
        let moved_in_town = row(&[(StreetName, DIFFERS), (StreetNumber, DIFFERS), (Locality, Evidence::Equal)]);
        assert_eq!(label(Comparison::Address, &moved_in_town), Some("some parts agree"));
        let town = row(&[(PostalCode, Evidence::Equal), (Locality, Evidence::Equal)]);
        assert_eq!(label(Comparison::Address, &town), Some("all of 1-2 parts agree"));
        // A full address alone: the subscriber's parts inside it.
        let mut full = row(&[(Address, DIFFERS)]);
        full.in_address = Found { known: 0b11_1011, found: 0b01_1010 };
        assert_eq!(label(Comparison::Address, &full), Some("most parts agree"));
        full.in_address = Found::default();
        assert_eq!(label(Comparison::Address, &full), Some("full address differs"));
    }

    #[test]
    fn documents_and_single_attributes() {
        use Attribute::*;
        let typo = row(&[(IdDocument, Evidence::Differs { similarity: 0, near: true }), (IdDocumentType, DIFFERS)]);
        assert_eq!(label(Comparison::IdDocument, &typo), Some("number a typo apart"));
        assert_eq!(label(Comparison::IdDocument, &row(&[(IdDocumentType, Evidence::Equal)])), Some("type exact"));
        let email = Comparison::Single(Email);
        assert_eq!(label(email, &row(&[(Email, CLOSE_TYPO)])), Some("jaro_winkler>=0.92"));
        let birthdate = Comparison::Single(Birthdate);
        assert_eq!(
            label(birthdate, &row(&[(Birthdate, Evidence::Differs { similarity: 0, near: true })])),
            Some("a typo apart")
        );
        assert_eq!(label(Comparison::Single(Gender), &row(&[(Gender, DIFFERS)])), Some("else"));
    }

    #[test]
    fn near_means_one_typo_or_day_and_month_swapped() {
        assert!(near(Kind::Date, "1985-03-14", "1985-03-15"));
        assert!(near(Kind::Date, "1985-03-14", "1985-03-41"));
        assert!(near(Kind::Date, "1985-03-04", "1985-04-03"));
        assert!(!near(Kind::Date, "1985-03-14", "1985-04-15"));
        assert!(!near(Kind::Date, "1985-03-14", "1985-03-14x"));
        assert!(!near(Kind::Document, "ab1234", "ab1234"));
        assert!(!near(Kind::Document, "1985-03-04", "1985-04-03"));
    }

    #[test]
    fn every_attribute_compared_feeds_exactly_one_comparison() {
        let mut fed = std::collections::HashMap::new();
        for comparison in Comparison::ALL {
            for attribute in comparison.attributes() {
                *fed.entry(*attribute).or_insert(0) += 1;
            }
        }
        for attribute in Attribute::compared() {
            assert_eq!(fed.get(attribute), Some(&1), "{attribute:?}");
        }
    }
}
