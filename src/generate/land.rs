//! The countries: their lists (parsed once from `tables.rs`) and the shapes of their values:
//! mobile numbers, postal codes, streets and house numbers, written addresses, bank accounts.

use super::noise::fold_accents;
use super::rng::Rng;
use super::tables::{SOURCES, Source};
use std::fmt::Write;
use std::sync::LazyLock;

/// A country the subscribers live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Land {
    Es,
    Nl,
    Gb,
    De,
    Fr,
    It,
    Pt,
    Jp,
}

/// A given or family name with what is derived from it once.
pub(super) struct PersonName {
    /// As written (kanji in Japan).
    pub text: &'static str,
    /// The full-width katakana reading (Japan), else empty.
    pub kana: &'static str,
    /// The half-width katakana reading (Japan), else empty.
    pub kana_half: String,
    /// ASCII lower-case letters (romaji in Japan), for e-mail addresses and document codes.
    pub latin: String,
}

/// A locality with its region and the start of its postal codes.
pub(super) struct Place {
    /// The town or city.
    pub locality: &'static str,
    /// The province, state or prefecture.
    pub region: &'static str,
    /// The leading digits or letters of its postal codes (Japan: the whole code).
    pub postal: &'static str,
    /// Japan: the town (chō) that stands for the street; else empty.
    pub town: &'static str,
}

/// One country's parsed lists.
pub(super) struct Lists {
    pub male: Vec<PersonName>,
    pub female: Vec<PersonName>,
    pub family: Vec<PersonName>,
    /// Rare family names, each made of the front of one listed name and the back of another:
    /// the long tail of a real population, where agreeing on a family name is strong evidence.
    pub family_tail: Vec<PersonName>,
    /// Draws the listed given names (either list) and family names by rank.
    given_ranks: Ranks,
    family_ranks: Ranks,
    pub street_types: Vec<&'static str>,
    pub street_names: Vec<&'static str>,
    pub places: Vec<Place>,
    pub domains: Vec<&'static str>,
    pub work_domain: &'static str,
    pub nicknames: Vec<(&'static str, &'static str)>,
    pub abbreviations: Vec<(&'static str, &'static str)>,
    pub variants: Vec<(&'static str, &'static str)>,
    pub aliases: Vec<(&'static str, &'static str)>,
    pub foreign: Vec<(&'static str, &'static str)>,
    pub birth_cities: Vec<&'static str>,
}

static LISTS: LazyLock<Vec<Lists>> =
    LazyLock::new(|| SOURCES.iter().zip(Land::ALL).map(|(source, land)| Lists::parse(source, land)).collect());

fn entries(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(',').map(str::trim).filter(|entry| !entry.is_empty())
}

fn pairs(list: &'static str) -> Vec<(&'static str, &'static str)> {
    entries(list).map(|entry| entry.split_once(';').expect("pair entries are `from;to`")).collect()
}

impl Lists {
    fn parse(source: &Source, land: Land) -> Lists {
        let names = |list: &'static str| entries(list).map(|entry| PersonName::parse(entry, land)).collect();
        let places: Vec<Place> = entries(source.places)
            .map(|entry| {
                let mut fields = entry.split(';');
                let mut next = || fields.next().unwrap_or_default();
                Place { locality: next(), region: next(), postal: next(), town: next() }
            })
            .collect();
        let mut birth_cities: Vec<&'static str> = entries(source.birth_cities).collect();
        if birth_cities.is_empty() {
            birth_cities = places.iter().map(|p| p.locality).collect();
        }
        let (male, female, family): (Vec<PersonName>, Vec<PersonName>, Vec<PersonName>) =
            (names(source.male), names(source.female), names(source.family));
        Lists {
            family_tail: PersonName::tail(&family, land),
            given_ranks: Ranks::new(male.len().max(female.len()), GIVEN_RANK_OFFSET),
            family_ranks: Ranks::new(family.len(), land.family_rank_offset()),
            male,
            female,
            family,
            street_types: entries(source.street_types).collect(),
            street_names: entries(source.street_names).collect(),
            places,
            domains: entries(source.domains).collect(),
            work_domain: source.work_domain,
            nicknames: pairs(source.nicknames),
            abbreviations: pairs(source.abbreviations),
            variants: pairs(source.variants),
            aliases: pairs(source.aliases),
            foreign: pairs(source.foreign),
            birth_cities,
        }
    }
}

/// How flat the given names' frequencies are: the name of rank r (from 0) is drawn in
/// proportion to 1 / (r + offset), so the commonest is about ten times as frequent as the
/// rarest listed one, as in national given-name statistics.
const GIVEN_RANK_OFFSET: f64 = 6.0;
/// How many rare family names each country's tail holds.
const FAMILY_TAIL: usize = 4000;

/// Zipf-like draws by rank: item r (from 0) in proportion to 1 / (r + offset); the lists are
/// written commonest first.
struct Ranks {
    cumulative: Vec<f64>,
}

impl Ranks {
    fn new(items: usize, offset: f64) -> Ranks {
        let mut total = 0.0;
        let cumulative = (0..items)
            .map(|rank| {
                total += 1.0 / (rank as f64 + offset);
                total
            })
            .collect::<Vec<f64>>();
        Ranks { cumulative: cumulative.iter().map(|c| c / total).collect() }
    }

    /// A rank below `items` (a shorter list than the one the ranks were made for is
    /// drawn from its own length).
    fn draw(&self, rng: &mut Rng, items: usize) -> usize {
        let limit = self.cumulative[items.min(self.cumulative.len()) - 1];
        let u = rng.unit() * limit;
        self.cumulative.partition_point(|&c| c <= u).min(items - 1)
    }
}

impl Lists {
    /// A given name, drawn by its frequency.
    pub fn given_name(&self, rng: &mut Rng, female: bool) -> &PersonName {
        let names = if female { &self.female } else { &self.male };
        &names[self.given_ranks.draw(rng, names.len())]
    }

    /// A family name, drawn by its frequency: a listed one by rank, or, for a country's
    /// share of people, one of the rare tail.
    pub fn family_name(&self, rng: &mut Rng, land: Land) -> &PersonName {
        if rng.chance(land.family_tail_share()) {
            rng.pick(&self.family_tail)
        } else {
            &self.family[self.family_ranks.draw(rng, self.family.len())]
        }
    }
}

impl PersonName {
    /// `count` rare names of a country, each the front half of one listed family name and
    /// the back half of another (by characters; kana and romaji alike), leaked once: the
    /// lists live as long as the process.
    fn tail(family: &[PersonName], land: Land) -> Vec<PersonName> {
        let front = |s: &str| -> String { s.chars().take(s.chars().count().div_ceil(2)).collect() };
        let back = |s: &str| -> String { s.chars().skip(s.chars().count() / 2).collect() };
        let n = family.len();
        (0..FAMILY_TAIL)
            .map(|k| {
                // Every (a, b) pair with a != b, walked with a stride coprime to n * n.
                let pair = k * 7919 % (n * n);
                let (a, b) = (&family[pair / n], &family[(pair % n + 1 + pair / n) % n]);
                let text: &'static str = Box::leak(format!("{}{}", front(a.text), back(b.text)).into_boxed_str());
                if a.kana.is_empty() {
                    let folded = fold_accents(text, land == Land::De);
                    let latin =
                        folded.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
                    PersonName { text, kana: "", kana_half: String::new(), latin }
                } else {
                    let kana: &'static str = Box::leak(format!("{}{}", front(a.kana), back(b.kana)).into_boxed_str());
                    let latin = format!("{}{}", front(&a.latin), back(&b.latin));
                    PersonName { text, kana, kana_half: half_width_kana(kana), latin }
                }
            })
            .collect()
    }

    /// `kanji:katakana:romaji` (Japan) or the name itself.
    fn parse(entry: &'static str, land: Land) -> PersonName {
        let mut fields = entry.split(':');
        let text = fields.next().unwrap_or_default();
        match (fields.next(), fields.next()) {
            (Some(kana), Some(romaji)) => {
                PersonName { text, kana, kana_half: half_width_kana(kana), latin: romaji.to_string() }
            }
            _ => {
                let folded = fold_accents(text, land == Land::De);
                let latin =
                    folded.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
                PersonName { text, kana: "", kana_half: String::new(), latin }
            }
        }
    }
}

const KANA_FULL: &str =
    "ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー";
const KANA_HALF: &str = "ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ";

const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ";
const VOICED_BASE: &str = "カキクケコサシスセソタチツテトハヒフヘホウ";
const SEMI_VOICED: &str = "パピプペポ";
const SEMI_VOICED_BASE: &str = "ハヒフヘホ";

/// The character of `to` at the position of `c` in `from`.
fn lookup(c: char, from: &str, to: &str) -> Option<char> {
    from.chars().position(|k| k == c).and_then(|i| to.chars().nth(i))
}

/// Full-width katakana to half-width (a voiced sound becomes its base letter and a mark; the
/// ideographic space an ASCII space).
pub(super) fn half_width_kana(kana: &str) -> String {
    let mut out = String::with_capacity(kana.len());
    for c in kana.chars() {
        let (base, mark) = if let Some(base) = lookup(c, VOICED, VOICED_BASE) {
            (base, Some('ﾞ'))
        } else if let Some(base) = lookup(c, SEMI_VOICED, SEMI_VOICED_BASE) {
            (base, Some('ﾟ'))
        } else {
            (c, None)
        };
        out.push(if base == '　' { ' ' } else { lookup(base, KANA_FULL, KANA_HALF).unwrap_or(base) });
        out.extend(mark);
    }
    out
}

/// Letters that British postcodes use in their inward part.
const UK_POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
/// Letters of Dutch postcodes (a few pairs are not issued; close enough).
const NL_POSTCODE_LETTERS: &[u8] = b"ABCDEGHJKLMNPRTVWXZ";

impl Land {
    /// Every country, in the order of `tables::SOURCES`.
    pub const ALL: [Land; 8] = [Land::Es, Land::Nl, Land::Gb, Land::De, Land::Fr, Land::It, Land::Pt, Land::Jp];
    /// How often each country's subscribers appear, in `ALL` order.
    const WEIGHTS: [u32; 8] = [24, 14, 16, 14, 12, 9, 5, 6];

    /// A country drawn by weight.
    pub fn random(rng: &mut Rng) -> Land {
        Land::ALL[rng.weighted(&Land::WEIGHTS)]
    }

    /// The country's lists.
    pub fn lists(self) -> &'static Lists {
        &LISTS[self as usize]
    }

    /// ISO 3166-1 alpha-2.
    pub fn code(self) -> &'static str {
        ["ES", "NL", "GB", "DE", "FR", "IT", "PT", "JP"][self as usize]
    }

    /// ISO 3166-1 alpha-3 (what a malformed request sends instead of alpha-2).
    pub fn alpha3(self) -> &'static str {
        ["ESP", "NLD", "GBR", "DEU", "FRA", "ITA", "PRT", "JPN"][self as usize]
    }

    /// The international dialling code.
    pub fn dial(self) -> &'static str {
        ["34", "31", "44", "49", "33", "39", "351", "81"][self as usize]
    }

    /// Whether people carry two family names (father's and mother's), as in Spain.
    pub fn two_family_names(self) -> bool {
        matches!(self, Land::Es | Land::Pt)
    }

    /// The share of people with a middle name.
    pub fn middle_name_rate(self) -> f64 {
        [0.0, 0.5, 0.45, 0.2, 0.3, 0.06, 0.35, 0.0][self as usize]
    }

    /// The share of women who use a spouse's family name.
    pub fn married_name_rate(self) -> f64 {
        [0.0, 0.3, 0.45, 0.45, 0.4, 0.0, 0.0, 0.5][self as usize]
    }

    /// How concentrated the listed family names are (see [`Ranks`]): Portugal's Silva and
    /// Spain's García are far commoner than the Netherlands' de Jong or Italy's Rossi.
    fn family_rank_offset(self) -> f64 {
        [6.0, 20.0, 14.0, 14.0, 20.0, 24.0, 3.0, 10.0][self as usize]
    }

    /// The share of people whose family name is rare (the tail), by country.
    fn family_tail_share(self) -> f64 {
        [0.3, 0.55, 0.5, 0.5, 0.55, 0.6, 0.25, 0.45][self as usize]
    }

    /// Whether the written full name puts the family name first.
    pub fn family_name_first(self) -> bool {
        self == Land::Jp
    }

    /// A mobile number: `+`, the dialling code, a mobile prefix and the eight digits of
    /// `digits` (< `NUMBER_SPACE`).
    pub fn push_phone(self, rng: &mut Rng, digits: u64, out: &mut String) {
        out.push('+');
        out.push_str(self.dial());
        let prefix = match self {
            Land::Es => rng.choose(&["6", "6", "6", "6", "7"]),
            Land::Nl => "6",
            Land::Gb => rng.choose(&["74", "75", "77", "78", "79"]),
            Land::De => {
                rng.choose(&["151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177"])
            }
            Land::Fr => rng.choose(&["6", "6", "7"]),
            Land::It => rng.choose(&["32", "33", "34", "35", "36", "38", "39"]),
            Land::Pt => "9",
            Land::Jp => rng.choose(&["70", "80", "90"]),
        };
        out.push_str(prefix);
        let _ = write!(out, "{digits:08}");
    }

    /// A postal code of `place` in the country's shape.
    pub fn push_postal(self, rng: &mut Rng, place: &Place, out: &mut String) {
        let prefix = place.postal;
        match self {
            Land::Es => {
                let _ = write!(out, "{prefix}{:03}", rng.range(1, 80));
            }
            Land::De => {
                let _ = write!(out, "{prefix}{:03}", rng.range(1, 999));
            }
            Land::Fr => {
                let _ = write!(out, "{prefix}{:02}", rng.range(1, 20));
            }
            Land::It => {
                let _ = write!(out, "{prefix}{:02}", rng.range(0, 99));
            }
            Land::Nl => {
                let _ = write!(out, "{prefix}{:02} ", rng.range(10, 99));
                rng.push_from(NL_POSTCODE_LETTERS, 2, out);
            }
            Land::Gb => {
                let _ = write!(out, "{prefix}{} {}", rng.range(1, 20), rng.range(1, 9));
                rng.push_from(UK_POSTCODE_LETTERS, 2, out);
            }
            Land::Pt => {
                out.push_str(prefix);
                rng.push_digits(4 - prefix.len(), out);
                out.push('-');
                rng.push_digits(3, out);
            }
            Land::Jp => out.push_str(prefix),
        }
    }

    /// A street name, with its type, as written in the country.
    pub fn push_street(self, rng: &mut Rng, place: &Place, out: &mut String) {
        let lists = self.lists();
        if self == Land::Jp {
            out.push_str(place.town);
            return;
        }
        let (kind, name) = (rng.choose(&lists.street_types), rng.choose(&lists.street_names));
        match self {
            Land::Gb => {
                let _ = write!(out, "{name} {kind}");
            }
            Land::De | Land::Nl => {
                out.push_str(name);
                // "Friedrich-Ebert-" + "Straße"; "Bahnhof" + "straße".
                let mut letters = kind.chars();
                if name.ends_with('-') {
                    out.extend(letters.next().map(|c| c.to_uppercase()).into_iter().flatten());
                }
                out.push_str(letters.as_str());
            }
            _ => {
                let _ = write!(out, "{kind} {name}");
            }
        }
    }

    /// A house number (Japan: chōme-ban-gō).
    pub fn push_street_number(self, rng: &mut Rng, out: &mut String) {
        if self == Land::Jp {
            let _ = write!(out, "{}-{}-{}", rng.range(1, 5), rng.range(1, 30), rng.range(1, 20));
        } else {
            // Small numbers are more common than large ones.
            let u = rng.unit();
            let _ = write!(out, "{}", 1 + (u * u * 220.0) as u32);
        }
    }

    /// A house number extension (floor and door, flat, apartment), often none.
    pub fn push_extension(self, rng: &mut Rng, out: &mut String) {
        let doors = ["A", "B", "C", "D", "Izda.", "Dcha."];
        match self {
            Land::Es if rng.chance(0.55) => match rng.below(10) {
                0 => out.push_str("Bajo"),
                1 => out.push_str("Ático"),
                _ => {
                    let _ = write!(out, "{}º {}", rng.range(1, 8), rng.choose(&doors));
                }
            },
            Land::Nl if rng.chance(0.15) => {
                out.push_str(rng.choose(&["A", "B", "C", "bis", "hs", "-1", "-2", "I", "II", "-H"]));
            }
            Land::Gb if rng.chance(0.22) => {
                let _ = write!(out, "Flat {}", rng.range(1, 30));
                if rng.chance(0.2) {
                    out.push(char::from(rng.choose(b"ABCD")));
                }
            }
            Land::De if rng.chance(0.08) => out.push(char::from(rng.choose(b"abc"))),
            Land::Fr if rng.chance(0.25) => {
                if rng.chance(0.2) {
                    out.push_str(rng.choose(&["bis", "ter"]));
                } else {
                    let _ = write!(out, "Apt {}", rng.range(1, 60));
                }
            }
            Land::It if rng.chance(0.25) => {
                if rng.chance(0.7) {
                    let _ = write!(out, "int. {}", rng.range(1, 30));
                } else {
                    let _ = write!(out, "scala {}", char::from(rng.choose(b"ABCD")));
                }
            }
            Land::Pt if rng.chance(0.5) => {
                let side = rng.choose(&["Esq", "Dto", "Frente"]);
                if rng.chance(0.12) {
                    let _ = write!(out, "R/C {side}");
                } else {
                    let _ = write!(out, "{}º {side}", rng.range(1, 9));
                }
            }
            Land::Jp if rng.chance(0.5) => {
                let _ = write!(out, "{}{:02}号室", rng.range(1, 15), rng.range(1, 12));
            }
            _ => {}
        }
    }

    /// The address written out in the country's usual order.
    pub fn push_address(self, parts: &AddressParts, out: &mut String) {
        let AddressParts { street, number, extension, postal, locality, region } = *parts;
        let with =
            |separator: &str| if extension.is_empty() { String::new() } else { format!("{separator}{extension}") };
        let _ = match self {
            Land::Es | Land::It | Land::Pt => {
                write!(out, "{street} {number}{}, {postal} {locality}", with(", "))
            }
            Land::Nl => {
                let joined = extension.len() == 1 || extension.starts_with('-');
                write!(out, "{street} {number}{}, {postal} {locality}", with(if joined { "" } else { " " }))
            }
            Land::De => write!(out, "{street} {number}{extension}, {postal} {locality}"),
            Land::Gb => {
                if !extension.is_empty() {
                    let _ = write!(out, "{extension}, ");
                }
                write!(out, "{number} {street}, {locality} {postal}")
            }
            Land::Fr if extension == "bis" || extension == "ter" => {
                write!(out, "{number} {extension} {street}, {postal} {locality}")
            }
            Land::Fr => write!(out, "{number} {street}{}, {postal} {locality}", with(", ")),
            Land::Jp => write!(out, "〒{postal} {region}{locality}{street}{number}{}", with(" ")),
        };
    }

    /// A bank account in the `IBAN:` form of the spec, with valid check digits; Japan has
    /// no IBAN, so nothing is written and `false` returned.
    pub fn push_iban(self, rng: &mut Rng, out: &mut String) -> bool {
        let mut bban = String::with_capacity(30);
        match self {
            Land::Es => {
                bban.push_str(rng.choose(&["2100", "0049", "0182", "0081", "2038", "0075", "1465", "0128", "2080"]));
                rng.push_digits(16, &mut bban);
            }
            Land::Nl => {
                bban.push_str(rng.choose(&["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB"]));
                rng.push_digits(10, &mut bban);
            }
            Land::Gb => {
                bban.push_str(rng.choose(&["BARC", "HBUK", "MIDL", "NWBK", "LOYD", "NAIA"]));
                rng.push_digits(14, &mut bban);
            }
            Land::De => {
                let _ = write!(bban, "{}", rng.range(1, 8));
                rng.push_digits(17, &mut bban);
            }
            Land::Fr => {
                bban.push_str(rng.choose(&["30002", "30003", "30004", "20041", "10278", "11306", "30066", "17515"]));
                rng.push_digits(18, &mut bban);
            }
            Land::It => {
                bban.push(char::from(b'A' + rng.below(26) as u8));
                bban.push_str(rng.choose(&["03069", "02008", "05034", "01030", "03104", "05696"]));
                rng.push_digits(17, &mut bban);
            }
            Land::Pt => {
                bban.push_str(rng.choose(&["0035", "0033", "0010", "0007", "0018", "0036", "0045"]));
                rng.push_digits(17, &mut bban);
            }
            Land::Jp => return false,
        }
        let _ = write!(out, "IBAN:{}{:02}{bban}", self.code(), iban_check(self.code(), &bban));
        true
    }
}

/// The pieces of an address, borrowed from a record's cells.
#[derive(Clone, Copy)]
pub(super) struct AddressParts<'a> {
    pub street: &'a str,
    pub number: &'a str,
    pub extension: &'a str,
    pub postal: &'a str,
    pub locality: &'a str,
    pub region: &'a str,
}

/// ISO 13616 check digits: 98 - (BBAN, country, "00" read as a number) mod 97.
fn iban_check(country: &str, bban: &str) -> u32 {
    let remainder = bban.bytes().chain(country.bytes()).chain(*b"00").fold(0u32, |r, b| match b {
        b'0'..=b'9' => (r * 10 + u32::from(b - b'0')) % 97,
        _ => (r * 100 + u32::from(b.to_ascii_uppercase() - b'A') + 10) % 97,
    });
    98 - remainder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iban_check_digits_are_valid() {
        // Published examples.
        assert_eq!(iban_check("NL", "ABNA0417164300"), 91);
        assert_eq!(iban_check("DE", "370400440532013000"), 89);
    }

    #[test]
    fn kana_becomes_half_width() {
        assert_eq!(half_width_kana("ヤマモト　タロウ"), "ﾔﾏﾓﾄ ﾀﾛｳ");
        assert_eq!(half_width_kana("ワタナベ"), "ﾜﾀﾅﾍﾞ");
        assert_eq!(half_width_kana("ゴトウ"), "ｺﾞﾄｳ");
        assert_eq!(half_width_kana("ジュンコ"), "ｼﾞｭﾝｺ");
        assert_eq!(half_width_kana("パン"), "ﾊﾟﾝ");
    }

    #[test]
    fn lists_parse() {
        for land in Land::ALL {
            let lists = land.lists();
            assert!(lists.male.len() >= 30 && lists.female.len() >= 30 && lists.family.len() >= 45, "{land:?}");
            assert!(lists.places.iter().all(|p| !p.locality.is_empty() && !p.postal.is_empty()), "{land:?}");
            assert!(lists.family.iter().all(|n| !n.latin.is_empty()), "{land:?}");
        }
        assert_eq!(Land::De.lists().family[0].latin, "mueller");
        assert_eq!(Land::Jp.lists().family[0].kana_half, "ｻﾄｳ");
    }
}
