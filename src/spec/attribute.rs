//! The catalogue of KYC Match request attributes (SPEC.md section 1), in SPEC order.
//!
//! Everything else in kyclink (validation, normalisation, output columns, the summary) is
//! driven from this one table, so adding an attribute is one line here.

/// The syntactic rule a request value must obey, beyond its maxLength.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Any string (maxLength and the control-character rule still apply).
    Free,
    /// `^\+[1-9][0-9]{4,14}$`.
    E164,
    /// Strict `YYYY-MM-DD`, a real calendar date.
    Date,
    /// `^[A-Z]+:[A-Za-z0-9]+$`, e.g. `IBAN:NL59ABNA0123456789`.
    BankAccount,
    /// ISO 3166-1 alpha-2: `^[A-Za-z]{2}$`.
    CountryCode,
    /// `local-part@domain`: one `@`, both sides non-empty, no white space.
    Email,
    /// One of a fixed set of values.
    Enum {
        /// The allowed values.
        values: &'static [&'static str],
        /// Whether the comparison with `values` ignores case.
        case_insensitive: bool,
    },
}

/// How a value is canonicalised before two values are compared (SPEC.md sections 7 and 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The subscription key; never compared as an attribute.
    Phone,
    /// Free text under the profile's normalisation (Mobile Connect, KPN, exact).
    Text,
    /// A full name: free text whose parts may come in any order.
    FullName,
    /// A family name: free text from which the `nl` profile strips Dutch prefixes.
    FamilyName,
    /// A full address: free text whose parts may come in any order.
    FullAddress,
    /// Lower case, trimmed (SPEC.md 9: e-mails keep their punctuation).
    Email,
    /// Dates compare exactly (SPEC.md 9.6).
    Date,
    /// Case-insensitive codes: country codes, gender, document type.
    Code,
    /// Spaces and hyphens removed, case-insensitive (SPEC.md 9.7).
    PostalCode,
    /// Spaces removed, case-insensitive (SPEC.md 9.7).
    BankAccount,
    /// Only letters and digits kept, case-insensitive (SPEC.md 9.7).
    Document,
}

/// One request attribute of CAMARA KYC Match; each variant is the property of the same
/// name (see [`Attribute::name`]).
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Attribute {
    PhoneNumber,
    IdDocument,
    IdDocumentType,
    IdDocumentExpiryDate,
    BankAccountNumber,
    Name,
    GivenName,
    FamilyName,
    NameKanaHankaku,
    NameKanaZenkaku,
    MiddleNames,
    FamilyNameAtBirth,
    Address,
    StreetName,
    StreetNumber,
    PostalCode,
    Region,
    Locality,
    Country,
    HouseNumberExtension,
    Birthdate,
    Email,
    Gender,
    CityOfBirth,
    CountryOfBirth,
    Nationality,
}

/// The static facts of one attribute: one row of SPEC.md section 1.
#[derive(Debug)]
pub struct AttributeSpec {
    /// The CAMARA property name, e.g. `givenName`.
    pub name: &'static str,
    /// maxLength, in characters, of the raw value.
    pub max_length: usize,
    /// Whether a `false` result carries a 0..99 `<name>MatchScore`.
    pub scored: bool,
    /// The syntactic rule of a request value.
    pub format: Format,
    /// The canonicalisation used to compare values.
    pub kind: Kind,
    /// Whether an extract cell may hold several `|`-separated values (SPEC.md 9.5).
    pub multi_valued: bool,
    /// The `<name>Match` output column.
    pub match_column: &'static str,
    /// The `<name>MatchScore` output column, for scored attributes.
    pub score_column: Option<&'static str>,
}

const DOCUMENT_TYPES: &[&str] = &[
    "passport",
    "national_id_card",
    "residence_permit",
    "diplomatic_id",
    "driver_licence",
    "social_security_id",
    "other",
];
const GENDERS: &[&str] = &["MALE", "FEMALE", "OTHER"];

macro_rules! spec {
    ($name:literal, $max:literal, scored, $format:expr, $kind:expr, $multi:literal) => {
        AttributeSpec {
            name: $name,
            max_length: $max,
            scored: true,
            format: $format,
            kind: $kind,
            multi_valued: $multi,
            match_column: concat!($name, "Match"),
            score_column: Some(concat!($name, "MatchScore")),
        }
    };
    ($name:literal, $max:literal, unscored, $format:expr, $kind:expr, $multi:literal) => {
        AttributeSpec {
            name: $name,
            max_length: $max,
            scored: false,
            format: $format,
            kind: $kind,
            multi_valued: $multi,
            match_column: concat!($name, "Match"),
            score_column: None,
        }
    };
}

use Format::*;

/// SPEC.md section 1, in order; indexed by `Attribute as usize`.
static SPECS: [AttributeSpec; 26] = [
    spec!("phoneNumber", 16, unscored, E164, Kind::Phone, false),
    spec!("idDocument", 50, unscored, Free, Kind::Document, true),
    spec!("idDocumentType", 50, unscored, Enum { values: DOCUMENT_TYPES, case_insensitive: false }, Kind::Code, false),
    spec!("idDocumentExpiryDate", 10, unscored, Date, Kind::Date, false),
    spec!("bankAccountNumber", 50, unscored, BankAccount, Kind::BankAccount, false),
    spec!("name", 256, scored, Free, Kind::FullName, false),
    spec!("givenName", 100, scored, Free, Kind::Text, false),
    spec!("familyName", 150, scored, Free, Kind::FamilyName, true),
    spec!("nameKanaHankaku", 256, scored, Free, Kind::FullName, false),
    spec!("nameKanaZenkaku", 256, scored, Free, Kind::FullName, false),
    spec!("middleNames", 100, scored, Free, Kind::Text, false),
    spec!("familyNameAtBirth", 150, scored, Free, Kind::FamilyName, false),
    spec!("address", 256, scored, Free, Kind::FullAddress, true),
    spec!("streetName", 150, scored, Free, Kind::Text, true),
    spec!("streetNumber", 20, scored, Free, Kind::Text, false),
    spec!("postalCode", 20, unscored, Free, Kind::PostalCode, false),
    spec!("region", 100, scored, Free, Kind::Text, false),
    spec!("locality", 100, scored, Free, Kind::Text, false),
    spec!("country", 2, unscored, CountryCode, Kind::Code, false),
    spec!("houseNumberExtension", 20, unscored, Free, Kind::Text, false),
    spec!("birthdate", 10, unscored, Date, Kind::Date, false),
    spec!("email", 254, scored, Email, Kind::Email, true),
    spec!("gender", 6, unscored, Enum { values: GENDERS, case_insensitive: true }, Kind::Code, false),
    spec!("cityOfBirth", 100, scored, Free, Kind::Text, false),
    spec!("countryOfBirth", 2, unscored, CountryCode, Kind::Code, false),
    spec!("nationality", 2, unscored, CountryCode, Kind::Code, false),
];

impl Attribute {
    /// Every attribute, in SPEC order (the order of output columns).
    pub const ALL: [Attribute; 26] = [
        Attribute::PhoneNumber,
        Attribute::IdDocument,
        Attribute::IdDocumentType,
        Attribute::IdDocumentExpiryDate,
        Attribute::BankAccountNumber,
        Attribute::Name,
        Attribute::GivenName,
        Attribute::FamilyName,
        Attribute::NameKanaHankaku,
        Attribute::NameKanaZenkaku,
        Attribute::MiddleNames,
        Attribute::FamilyNameAtBirth,
        Attribute::Address,
        Attribute::StreetName,
        Attribute::StreetNumber,
        Attribute::PostalCode,
        Attribute::Region,
        Attribute::Locality,
        Attribute::Country,
        Attribute::HouseNumberExtension,
        Attribute::Birthdate,
        Attribute::Email,
        Attribute::Gender,
        Attribute::CityOfBirth,
        Attribute::CountryOfBirth,
        Attribute::Nationality,
    ];

    /// The attributes that are compared (all but the `phoneNumber` key), in SPEC order.
    pub fn compared() -> &'static [Attribute] {
        &Self::ALL[1..]
    }

    /// The number of attributes, the size of per-attribute arrays.
    pub const COUNT: usize = 26;

    /// The static facts of this attribute.
    pub fn spec(self) -> &'static AttributeSpec {
        &SPECS[self as usize]
    }

    /// The CAMARA property name.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Position in SPEC order, for per-attribute arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The attribute with this CAMARA property name (exact, case-sensitive).
    pub fn from_name(name: &str) -> Option<Attribute> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_spec_order_and_indexed_by_discriminant() {
        for (i, attribute) in Attribute::ALL.iter().enumerate() {
            assert_eq!(attribute.index(), i);
            assert_eq!(Attribute::from_name(attribute.name()), Some(*attribute));
        }
        assert_eq!(Attribute::ALL[0].name(), "phoneNumber");
        assert_eq!(Attribute::ALL[25].name(), "nationality");
    }

    #[test]
    fn fourteen_attributes_are_scored() {
        let scored: Vec<_> = Attribute::ALL.iter().filter(|a| a.spec().scored).map(|a| a.name()).collect();
        assert_eq!(
            scored,
            [
                "name",
                "givenName",
                "familyName",
                "nameKanaHankaku",
                "nameKanaZenkaku",
                "middleNames",
                "familyNameAtBirth",
                "address",
                "streetName",
                "streetNumber",
                "region",
                "locality",
                "email",
                "cityOfBirth"
            ]
        );
        assert_eq!(Attribute::Email.spec().score_column, Some("emailMatchScore"));
        assert_eq!(Attribute::MiddleNames.spec().score_column, Some("middleNamesMatchScore"));
        assert_eq!(Attribute::Gender.spec().score_column, None);
    }

    #[test]
    fn max_lengths_follow_the_spec_table() {
        assert_eq!(Attribute::PhoneNumber.spec().max_length, 16);
        assert_eq!(Attribute::Address.spec().max_length, 256);
        assert_eq!(Attribute::Email.spec().max_length, 254);
        assert_eq!(Attribute::Gender.spec().max_length, 6);
        assert_eq!(Attribute::Country.spec().max_length, 2);
    }
}
