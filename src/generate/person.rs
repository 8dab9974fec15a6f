//! People. A [`Person`] is a complete, true identity drawn for a country; a [`Subscriber`] is
//! the person behind line `j` as the operator's extract holds them: partly known, a few cells
//! with several `|`-separated values (two e-mail addresses, two documents, a former address),
//! plus the columns the sibling jobs read. Every buffer is reused from row to row.

use super::land::{AddressParts, Land, PersonName};
use super::rng::{Permutation, Rng, Stream};
use crate::normalize::Date;
use crate::spec::Attribute::{self, *};
use std::fmt::Write;

/// One string per attribute, indexed by `Attribute::index`.
pub(super) type Cells = [String; Attribute::COUNT];

/// Empty cells.
pub(super) fn empty_cells() -> Cells {
    std::array::from_fn(|_| String::new())
}

/// The cell of `attribute`, emptied for writing.
pub(super) fn slot(cells: &mut Cells, attribute: Attribute) -> &mut String {
    let cell = &mut cells[attribute.index()];
    cell.clear();
    cell
}

/// Copies every cell of `from` into `to`, reusing `to`'s buffers.
pub(super) fn copy_cells(from: &Cells, to: &mut Cells) {
    for (to, from) in to.iter_mut().zip(from) {
        to.clear();
        to.push_str(from);
    }
}

/// The address parts of a record.
pub(super) fn address_parts(cells: &Cells) -> AddressParts<'_> {
    let cell = |attribute: Attribute| cells[attribute.index()].as_str();
    AddressParts {
        street: cell(StreetName),
        number: cell(StreetNumber),
        extension: cell(HouseNumberExtension),
        postal: cell(PostalCode),
        locality: cell(Locality),
        region: cell(Region),
    }
}

/// The day that generated data is relative to: device changes lie in the two years before
/// it, documents expire around it (see `REFERENCE_TIME`).
pub(super) const REFERENCE_DAY: Date = Date { year: 2026, month: 11, day: 22 };

/// A complete identity: names, birth, origin, home, contact, document and bank account.
pub(super) struct Person {
    /// The country of residence.
    pub land: Land,
    /// Drawn from the female name list (and so on).
    pub female: bool,
    /// The given name.
    pub given: &'static PersonName,
    /// A middle name, where the country has them.
    pub middle: Option<&'static PersonName>,
    /// The (first) family name in use.
    pub family: &'static PersonName,
    /// The second family name, in Spain and Portugal.
    pub second_family: Option<&'static PersonName>,
    /// The family name at birth, when a spouse's is in use.
    pub birth_family: Option<&'static PersonName>,
    /// The date of birth.
    pub birth: Date,
    /// Every attribute's true, current value (`phoneNumber` is set by the caller).
    pub values: Cells,
}

impl Person {
    /// An empty person, to be filled by `draw`.
    pub fn new() -> Person {
        let name = &Land::Es.lists().male[0];
        Person {
            land: Land::Es,
            female: false,
            given: name,
            middle: None,
            family: name,
            second_family: None,
            birth_family: None,
            birth: REFERENCE_DAY,
            values: empty_cells(),
        }
    }

    /// Draws a complete random identity living in `land`.
    pub fn draw(&mut self, rng: &mut Rng, land: Land) {
        self.draw_identity(rng, land);
        self.draw_home(rng);
        self.derive(rng);
    }

    /// Draws gender, names, birth and origin (cells are filled by `derive`, except origin).
    pub fn draw_identity(&mut self, rng: &mut Rng, land: Land) {
        let lists = land.lists();
        self.land = land;
        self.female = rng.chance(0.5);
        self.given = lists.given_name(rng, self.female);
        self.middle = None;
        if rng.chance(land.middle_name_rate()) {
            let middle = lists.given_name(rng, self.female);
            self.middle = (middle.text != self.given.text).then_some(middle);
        }
        self.family = lists.family_name(rng, land);
        self.second_family = land.two_family_names().then(|| lists.family_name(rng, land));
        // Born 1940-2007, most often in the 1970s.
        let (first, last) = (Date { year: 1940, month: 1, day: 1 }.days_since_epoch(), 13_878);
        let spread = (rng.unit() + rng.unit()) / 2.0;
        self.birth = Date::from_days_since_epoch(first + (spread * (last - first) as f64) as i64);
        self.birth_family = None;
        if self.female && self.birth.year < 2002 && rng.chance(land.married_name_rate()) {
            self.birth_family = Some(self.family);
            self.family = lists.family_name(rng, land);
        }
        let values = &mut self.values;
        let gender = if rng.chance(0.003) {
            "OTHER"
        } else if self.female {
            "FEMALE"
        } else {
            "MALE"
        };
        slot(values, Gender).push_str(gender);
        if rng.chance(0.08) {
            let (country, city) = rng.choose(&lists.foreign);
            slot(values, CountryOfBirth).push_str(country);
            slot(values, CityOfBirth).push_str(city);
            slot(values, Nationality).push_str(if rng.chance(0.6) { country } else { land.code() });
        } else {
            slot(values, CountryOfBirth).push_str(land.code());
            slot(values, CityOfBirth).push_str(rng.choose(&lists.birth_cities));
            slot(values, Nationality).push_str(land.code());
        }
    }

    /// Draws a home address in the person's country, and writes it out in full.
    pub fn draw_home(&mut self, rng: &mut Rng) {
        let land = self.land;
        let place = rng.pick(&land.lists().places);
        let values = &mut self.values;
        land.push_street(rng, place, slot(values, StreetName));
        land.push_street_number(rng, slot(values, StreetNumber));
        land.push_extension(rng, slot(values, HouseNumberExtension));
        land.push_postal(rng, place, slot(values, PostalCode));
        slot(values, Locality).push_str(place.locality);
        slot(values, Region).push_str(place.region);
        slot(values, Country).push_str(land.code());
        let mut address = std::mem::take(&mut values[Address.index()]);
        address.clear();
        land.push_address(&address_parts(values), &mut address);
        values[Address.index()] = address;
    }

    /// Writes the cells that follow from the identity: names, readings, birthdate, e-mail,
    /// identity document and bank account.
    pub fn derive(&mut self, rng: &mut Rng) {
        let land = self.land;
        let (given, family, second) = (self.given, self.family, self.second_family);
        let values = &mut self.values;
        slot(values, GivenName).push_str(given.text);
        slot(values, MiddleNames).push_str(self.middle.map_or("", |m| m.text));
        let family_name = slot(values, FamilyName);
        family_name.push_str(family.text);
        if let Some(second) = second {
            family_name.push(' ');
            family_name.push_str(second.text);
        }
        slot(values, FamilyNameAtBirth).push_str(self.birth_family.map_or("", |n| n.text));
        let mut name = std::mem::take(&mut values[Name.index()]);
        name.clear();
        if land.family_name_first() {
            let _ = write!(name, "{} {}", values[FamilyName.index()], given.text);
        } else {
            name.push_str(given.text);
            for part in [MiddleNames, FamilyName] {
                if !values[part.index()].is_empty() {
                    name.push(' ');
                    name.push_str(&values[part.index()]);
                }
            }
        }
        values[Name.index()] = name;
        let zenkaku = slot(values, NameKanaZenkaku);
        if !given.kana.is_empty() {
            let _ = write!(zenkaku, "{}　{}", family.kana, given.kana);
        }
        let hankaku = slot(values, NameKanaHankaku);
        if !given.kana.is_empty() {
            let _ = write!(hankaku, "{} {}", family.kana_half, given.kana_half);
        }
        let _ = write!(slot(values, Birthdate), "{}", self.birth);
        let mut email = std::mem::take(&mut values[Email.index()]);
        email.clear();
        let domain = rng.choose(&land.lists().domains);
        self.push_email(rng, domain, &mut email);
        self.values[Email.index()] = email;
        let mut number = std::mem::take(&mut self.values[IdDocument.index()]);
        number.clear();
        let kind = self.push_document(rng, &mut number);
        self.values[IdDocument.index()] = number;
        slot(&mut self.values, IdDocumentType).push_str(kind);
        let expiry = REFERENCE_DAY.days_since_epoch() - 365 + rng.below(11 * 365) as i64;
        let _ = write!(slot(&mut self.values, IdDocumentExpiryDate), "{}", Date::from_days_since_epoch(expiry));
        land.push_iban(rng, slot(&mut self.values, BankAccountNumber));
    }

    /// An e-mail address made of the person's names, at `domain`.
    pub fn push_email(&self, rng: &mut Rng, domain: &str, out: &mut String) {
        let given = self.given.latin.as_str();
        let mut family = self.family.latin.clone();
        if let Some(second) = self.second_family.filter(|_| rng.chance(0.3)) {
            family.push_str(&second.latin);
        }
        let year = self.birth.year % 100;
        let initial = &given[..given.chars().next().map_or(0, char::len_utf8)];
        let _ = match rng.below(20) {
            0..=5 => write!(out, "{given}.{family}"),
            6..=7 => write!(out, "{given}{family}"),
            8..=9 => write!(out, "{given}_{family}"),
            10..=12 => write!(out, "{initial}{family}"),
            13..=14 => write!(out, "{given}.{family}{}", rng.range(1, 99)),
            15 => write!(out, "{family}.{given}"),
            16..=17 => write!(out, "{given}{year:02}"),
            _ => write!(out, "{given}.{family}{}", self.birth.year),
        };
        out.push('@');
        out.push_str(domain);
    }

    /// An identity document number in the country's shape; returns its type.
    pub fn push_document(&self, rng: &mut Rng, out: &mut String) -> &'static str {
        const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNPQRSTUVWXYZ0123456789";
        const UPPER: &[u8] = b"ABCDEFGHIJKLMNPRSTUVWXYZ";
        const GERMAN: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";
        let foreign = self.values[Nationality.index()] != self.land.code();
        let draw = rng.below(100);
        match self.land {
            Land::Es if foreign => {
                let prefix = rng.below(3);
                let digits = rng.below(10_000_000);
                let letter = spanish_letter(prefix * 10_000_000 + digits);
                let _ = write!(out, "{}{digits:07}{letter}", ["X", "Y", "Z"][prefix]);
                "residence_permit"
            }
            Land::Es if draw < 15 => {
                out.push_str("PA");
                rng.push_from(UPPER, 1, out);
                rng.push_digits(6, out);
                "passport"
            }
            Land::Es => {
                let digits = rng.below(100_000_000);
                let _ = write!(out, "{digits:08}{}", spanish_letter(digits));
                if draw < 22 { "driver_licence" } else { "national_id_card" }
            }
            Land::Nl if draw < 10 => {
                rng.push_digits(10, out);
                "driver_licence"
            }
            Land::Nl => {
                rng.push_from(UPPER, 2, out);
                rng.push_from(ALPHANUMERIC, 6, out);
                rng.push_digits(1, out);
                if foreign {
                    "residence_permit"
                } else if draw < 40 {
                    "passport"
                } else {
                    "national_id_card"
                }
            }
            Land::Gb if foreign => {
                out.push_str("ZU");
                rng.push_digits(7, out);
                "residence_permit"
            }
            Land::Gb if draw < 55 => {
                rng.push_digits(9, out);
                "passport"
            }
            Land::Gb => {
                self.push_uk_driver_licence(rng, out);
                "driver_licence"
            }
            Land::De => {
                let first: &[u8] = if draw < 25 { b"C" } else { b"LMNPRTVWXY" };
                rng.push_from(first, 1, out);
                rng.push_from(GERMAN, 8, out);
                match (foreign, draw) {
                    (true, _) => "residence_permit",
                    (_, 0..25) => "passport",
                    _ => "national_id_card",
                }
            }
            Land::Fr if draw < 30 => {
                rng.push_digits(2, out);
                rng.push_from(UPPER, 2, out);
                rng.push_digits(5, out);
                "passport"
            }
            Land::Fr => {
                if draw < 65 {
                    rng.push_digits(12, out);
                } else {
                    rng.push_from(ALPHANUMERIC, 9, out);
                }
                if foreign { "residence_permit" } else { "national_id_card" }
            }
            Land::It if draw < 20 => {
                self.push_codice_fiscale(rng, out);
                "social_security_id"
            }
            Land::It if draw < 40 => {
                out.push('Y');
                rng.push_from(UPPER, 1, out);
                rng.push_digits(7, out);
                "passport"
            }
            Land::It => {
                out.push('C');
                rng.push_from(UPPER, 1, out);
                rng.push_digits(5, out);
                rng.push_from(UPPER, 2, out);
                if foreign { "residence_permit" } else { "national_id_card" }
            }
            Land::Pt if draw < 20 => {
                rng.push_from(UPPER, 2, out);
                rng.push_digits(6, out);
                "passport"
            }
            Land::Pt => {
                rng.push_digits(9, out);
                rng.push_from(UPPER, 2, out);
                rng.push_digits(1, out);
                if foreign { "residence_permit" } else { "national_id_card" }
            }
            Land::Jp if foreign => {
                rng.push_from(UPPER, 2, out);
                rng.push_digits(8, out);
                rng.push_from(UPPER, 2, out);
                "residence_permit"
            }
            Land::Jp if draw < 40 => {
                out.push(char::from(rng.choose(b"TMR")));
                rng.push_from(UPPER, 1, out);
                rng.push_digits(7, out);
                "passport"
            }
            Land::Jp => {
                rng.push_digits(12, out);
                "driver_licence"
            }
        }
    }

    /// A DVLA driving licence number: surname, birth date (month + 50 for women), initials.
    fn push_uk_driver_licence(&self, rng: &mut Rng, out: &mut String) {
        let surname = self.family.latin.to_ascii_uppercase();
        let start = out.len();
        out.extend(surname.chars().chain(std::iter::repeat('9')).take(5));
        let Date { year, month, day } = self.birth;
        let month = u32::from(month) + if self.female { 50 } else { 0 };
        let _ = write!(out, "{}{month:02}{day:02}{}", year / 10 % 10, year % 10);
        for name in [Some(self.given), self.middle] {
            out.push(name.and_then(|n| n.latin.chars().next()).map_or('9', |c| c.to_ascii_uppercase()));
        }
        out.push('9');
        rng.push_from(b"ABCDEFGHJKLMNPRSTUVWXYZ", 2, out);
        debug_assert_eq!(out.len() - start, 16);
    }

    /// An Italian tax code: consonants of the names, birth date (day + 40 for women), a
    /// municipality code and a check letter (drawn, not computed).
    fn push_codice_fiscale(&self, rng: &mut Rng, out: &mut String) {
        let code = |latin: &str, given: bool| -> String {
            let upper = latin.to_ascii_uppercase();
            let consonants: Vec<char> = upper.chars().filter(|c| !"AEIOU".contains(*c)).collect();
            let vowels = upper.chars().filter(|c| "AEIOU".contains(*c));
            if given && consonants.len() > 3 {
                return [consonants[0], consonants[2], consonants[3]].iter().collect();
            }
            consonants.iter().copied().chain(vowels).chain(std::iter::repeat('X')).take(3).collect()
        };
        out.push_str(&code(&self.family.latin, false));
        out.push_str(&code(&self.given.latin, true));
        let Date { year, month, day } = self.birth;
        let month_letter = char::from(b"ABCDEHLMPRST"[usize::from(month) - 1]);
        let day = u32::from(day) + if self.female { 40 } else { 0 };
        let _ = write!(out, "{:02}{month_letter}{day:02}", year % 100);
        rng.push_from(b"ABCDEFGHILM", 1, out);
        rng.push_digits(3, out);
        rng.push_from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, out);
    }
}

/// The check letter of a Spanish DNI or NIE number.
fn spanish_letter(number: usize) -> char {
    char::from(b"TRWAGMYFPDXBNJZSQVHLCKE"[number % 23])
}

/// The extract's extra columns, in `index::EXTRACT_EXTRAS` order.
pub(super) const EXTRAS: usize = 5;

/// The subscriber behind one line, as the extract holds them.
pub(super) struct Subscriber {
    /// The true identity (`values[phoneNumber]` is the line's number).
    pub person: Person,
    /// The extract's cells.
    pub view: Cells,
    /// serviceApplicable, verifiedStatus, latestDeviceChange, gaugeMetric, veritasIndex.
    pub extras: [String; EXTRAS],
    /// Scratch for second values: a former home, another document.
    other: Person,
}

impl Subscriber {
    /// An empty subscriber, to be filled by `draw`.
    pub fn new() -> Subscriber {
        Subscriber {
            person: Person::new(),
            view: empty_cells(),
            extras: std::array::from_fn(|_| String::new()),
            other: Person::new(),
        }
    }

    /// Draws subscriber `j` of `seed`: a pure function of the two.
    pub fn draw(&mut self, seed: u64, numbers: &Permutation, j: usize) {
        let mut rng = Rng::new(seed, Stream::Subscriber, j as u64);
        let land = Land::random(&mut rng);
        self.person.draw(&mut rng, land);
        land.push_phone(&mut rng, numbers.apply(j as u64), slot(&mut self.person.values, PhoneNumber));
        self.draw_view(&mut rng);
        self.draw_extras(&mut rng);
    }

    /// What the operator knows, and how it is stored.
    fn draw_view(&mut self, rng: &mut Rng) {
        copy_cells(&self.person.values, &mut self.view);
        let view = &mut self.view;
        let mut forget = |view: &mut Cells, attribute: Attribute, p: f64| {
            if rng.chance(p) {
                view[attribute.index()].clear();
            }
        };
        forget(view, Name, 0.65);
        forget(view, Address, 0.65);
        forget(view, BankAccountNumber, 0.35);
        forget(view, Email, 0.3);
        forget(view, IdDocumentExpiryDate, 0.15);
        forget(view, MiddleNames, 0.15);
        forget(view, FamilyNameAtBirth, 0.3);
        forget(view, CityOfBirth, 0.45);
        forget(view, CountryOfBirth, 0.2);
        forget(view, Nationality, 0.1);
        forget(view, Region, if self.person.land == Land::Gb { 0.4 } else { 0.15 });
        forget(view, Gender, 0.05);
        forget(view, Birthdate, 0.04);
        forget(view, Country, 0.03);
        for attribute in [GivenName, FamilyName, StreetName, StreetNumber, PostalCode, Locality] {
            forget(view, attribute, 0.01);
        }
        for attribute in [NameKanaHankaku, NameKanaZenkaku] {
            forget(view, attribute, 0.05);
        }
        if rng.chance(0.12) {
            for attribute in [IdDocument, IdDocumentType, IdDocumentExpiryDate] {
                view[attribute.index()].clear();
            }
        }
        // A few cells hold two values (SPEC.md 9.5).
        let multi = rng.below(100);
        let (person, other) = (&self.person, &mut self.other);
        let second = |view: &mut Cells, attribute: Attribute, value: &str| {
            let cell = &mut view[attribute.index()];
            if !cell.is_empty() && !value.is_empty() {
                cell.push('|');
                cell.push_str(value);
            }
        };
        match multi {
            0 => {
                let mut work = String::new();
                person.push_email(rng, person.land.lists().work_domain, &mut work);
                second(view, Email, &work);
            }
            1 => {
                let mut document = String::new();
                person.push_document(rng, &mut document);
                second(view, IdDocument, &document);
            }
            2 => {
                other.land = person.land;
                other.draw_home(rng);
                second(view, Address, &other.values[Address.index()]);
            }
            3 if person.birth_family.is_some() => {
                second(view, FamilyName, person.birth_family.map_or("", |n| n.text));
            }
            _ => {}
        }
    }

    /// The columns the sibling jobs read (SPEC.md 4-6).
    fn draw_extras(&mut self, rng: &mut Rng) {
        let [applicable, verified, device_change, gauge, veritas] = &mut self.extras;
        applicable.clear();
        applicable.push_str(if rng.chance(0.005) { "false" } else { "true" });
        verified.clear();
        let documented = !self.view[IdDocument.index()].is_empty();
        verified.push_str(if rng.chance(if documented { 0.85 } else { 0.25 }) { "true" } else { "false" });
        device_change.clear();
        if !rng.chance(0.01) {
            // Seconds before the reference day: a few very recent swaps, the rest within two years.
            let span = if rng.chance(0.05) { 10 * 86_400 } else { 730 * 86_400 };
            let instant = REFERENCE_DAY.days_since_epoch() * 86_400 - 1 - rng.below(span) as i64;
            let (day, second) = (instant.div_euclid(86_400), instant.rem_euclid(86_400));
            let _ = write!(
                device_change,
                "{}T{:02}:{:02}:{:02}Z",
                Date::from_days_since_epoch(day),
                second / 3600,
                second / 60 % 60,
                second % 60
            );
        }
        let spread = (rng.unit() + rng.unit() + rng.unit()) / 3.0;
        let score = 300 + (550.0 * spread.powf(0.7)).round() as i64;
        gauge.clear();
        let _ = write!(gauge, "{score}");
        let index = ((850 - score) * 19 / 550 + rng.range(0, 4) as i64 - 2).clamp(0, 19);
        veritas.clear();
        let _ = write!(veritas, "{index}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscribers_are_pure_functions_of_seed_and_row() {
        let numbers = Permutation::new(9);
        let (mut a, mut b) = (Subscriber::new(), Subscriber::new());
        a.draw(9, &numbers, 12);
        b.draw(9, &numbers, 11);
        b.draw(9, &numbers, 12);
        assert_eq!(a.view, b.view);
        assert_eq!(a.person.values, b.person.values);
        assert_eq!(a.extras, b.extras);
    }

    #[test]
    fn documents_have_their_country_shape() {
        let numbers = Permutation::new(1);
        let mut subscriber = Subscriber::new();
        for j in 0..3000 {
            subscriber.draw(1, &numbers, j);
            let values = &subscriber.person.values;
            let (document, kind) = (&values[IdDocument.index()], values[IdDocumentType.index()].as_str());
            assert!(document.len() >= 8 && document.chars().all(|c| c.is_ascii_alphanumeric()), "{document}");
            match (subscriber.person.land, kind) {
                (Land::Es, "national_id_card") => {
                    let digits: usize = document[..8].parse().unwrap();
                    assert_eq!(document.chars().nth(8), Some(spanish_letter(digits)));
                }
                (Land::Gb, "driver_licence") => assert_eq!(document.len(), 16, "{document}"),
                (Land::It, "social_security_id") => assert_eq!(document.len(), 16, "{document}"),
                _ => {}
            }
            assert!(Date::parse(&values[Birthdate.index()]).is_some());
            assert!(Date::parse(&values[IdDocumentExpiryDate.index()]).is_some());
        }
    }
}
