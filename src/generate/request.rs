//! Candidates: KYC Match requests as they arrive, each with its truth. A candidate draws its
//! kind, then the subscriber whose line it names (re-derived from the seed, never stored),
//! then which attributes it carries, and fills them from the right identity: the subscriber's
//! as the extract holds it, the subscriber's true values with realistic noise, a relative's,
//! an impostor's, or values broken on purpose.

use super::Context;
use super::land::Land;
use super::noise::{abbreviate, drop_accents, fold_accents, recase, substitute, typo};
use super::person::{Cells, Person, Subscriber, address_parts, empty_cells, slot};
use super::rng::{NUMBER_SPACE, Rng, Stream};
use crate::normalize::Date;
use crate::spec::Attribute::{self, *};
use std::fmt::Write;

/// What a candidate is, for the labels file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CandidateKind {
    /// The subscriber, with values exactly as the extract holds them.
    OwnerExact,
    /// The subscriber, with the noise of real requests: typos, nicknames, abbreviations,
    /// another spelling, a missing attribute.
    OwnerNoisy,
    /// The subscriber, giving a home the extract does not hold (they moved; sometimes within
    /// the same town).
    OwnerMoved,
    /// The subscriber, giving only one to three attributes.
    OwnerFew,
    /// Someone of the subscriber's household using the line: a partner, child, parent or
    /// sibling, with the household's address, usually its family name, sometimes its e-mail
    /// address or bank account, and their own given name, birth date and documents.
    Relative,
    /// A household member giving only one to three attributes: sometimes only what the
    /// household shares (the family name, the home), which no model can tell from the owner's.
    RelativeFew,
    /// The subscriber's twin: the same birth date, family name and home; another given name.
    Twin,
    /// A different person of the same country claiming the line.
    Impostor,
    /// A different person of the same country, giving one to three attributes.
    ImpostorFew,
    /// A valid number that is not in the extract (404).
    UnknownNumber,
    /// The phone number alone (400).
    PhoneOnly,
    /// A value that breaks its format, or no phone number (400, 422).
    Malformed,
}

impl CandidateKind {
    /// Every kind, in label order.
    pub const ALL: [CandidateKind; 12] = [
        CandidateKind::OwnerExact,
        CandidateKind::OwnerNoisy,
        CandidateKind::OwnerMoved,
        CandidateKind::OwnerFew,
        CandidateKind::Relative,
        CandidateKind::RelativeFew,
        CandidateKind::Twin,
        CandidateKind::Impostor,
        CandidateKind::ImpostorFew,
        CandidateKind::UnknownNumber,
        CandidateKind::PhoneOnly,
        CandidateKind::Malformed,
    ];
    /// Each kind's share of the candidates, per mille, in `ALL` order: 15% of the requests
    /// come from the subscriber's household, 16% from strangers. Twins are 0.2%: some 3% of
    /// people are twins, a sibling is a fifth of the relatives who ask, so births give about
    /// 0.1%, doubled here to measure them.
    pub const WEIGHTS: [u32; 12] = [110, 340, 50, 60, 133, 15, 2, 130, 30, 50, 30, 50];

    /// The label written to `labels.csv`.
    pub fn label(self) -> &'static str {
        match self {
            CandidateKind::OwnerExact => "owner_exact",
            CandidateKind::OwnerNoisy => "owner_noisy",
            CandidateKind::OwnerMoved => "owner_moved",
            CandidateKind::OwnerFew => "owner_few",
            CandidateKind::Relative => "relative",
            CandidateKind::RelativeFew => "relative_few",
            CandidateKind::Twin => "twin",
            CandidateKind::Impostor => "impostor",
            CandidateKind::ImpostorFew => "impostor_few",
            CandidateKind::UnknownNumber => "unknown_number",
            CandidateKind::PhoneOnly => "phone_only",
            CandidateKind::Malformed => "malformed",
        }
    }

    /// Whether the requester is the line's subscriber.
    pub fn is_owner(self) -> bool {
        matches!(
            self,
            CandidateKind::OwnerExact | CandidateKind::OwnerNoisy | CandidateKind::OwnerMoved | CandidateKind::OwnerFew
        )
    }
}

/// Who of a household is asking on the subscriber's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Partner,
    Child,
    Parent,
    Sibling,
    Twin,
}

fn bit(attribute: Attribute) -> u32 {
    1 << attribute.index()
}

fn bits(attributes: &[Attribute]) -> u32 {
    attributes.iter().fold(0, |mask, &a| mask | bit(a))
}

/// Each attribute of `options` with its probability.
fn maybe(rng: &mut Rng, options: &[(Attribute, f64)]) -> u32 {
    options.iter().filter(|(_, p)| rng.chance(*p)).fold(0, |mask, &(a, _)| mask | bit(a))
}

const ADDRESS: [Attribute; 7] = [Address, StreetName, StreetNumber, HouseNumberExtension, PostalCode, Locality, Region];

/// How a form asks for the home: the whole address in one field, its parts, or both.
fn address_form(rng: &mut Rng) -> u32 {
    let parts = || bits(&[StreetName, StreetNumber, PostalCode, Locality]);
    match rng.weighted(&[25, 40, 35]) {
        0 => bit(Address) | maybe(rng, &[(Country, 0.3)]),
        1 => parts() | maybe(rng, &[(HouseNumberExtension, 0.5), (Region, 0.5), (Country, 0.6)]),
        _ => bit(Address) | parts() | maybe(rng, &[(HouseNumberExtension, 0.8), (Region, 0.8), (Country, 0.8)]),
    }
}

/// Which attributes a request carries: the forms that callers fill in, most often an
/// onboarding form (names, birth date, the home as a whole, in parts or both, often
/// nationality, e-mail or a document), else names and a birth date, a full name, or a
/// document with names.
fn choose_mask(rng: &mut Rng, land: Land) -> u32 {
    let core = bits(&[GivenName, FamilyName, Birthdate]);
    let mut mask = match rng.weighted(&[15, 15, 35, 10, 15, 10]) {
        0 => core,
        1 => {
            let extras = [Email, PostalCode, IdDocument, StreetName, Locality, Gender, MiddleNames, Nationality];
            (0..rng.range(1, 3)).fold(core, |mask, _| mask | bit(rng.choose(&extras)))
        }
        2 => {
            core | address_form(rng)
                | maybe(
                    rng,
                    &[
                        (MiddleNames, 0.5),
                        (Email, 0.5),
                        (IdDocument, 0.4),
                        (Gender, 0.5),
                        (Nationality, 0.5),
                        (BankAccountNumber, 0.15),
                        (CityOfBirth, 0.1),
                        (CountryOfBirth, 0.3),
                        (FamilyNameAtBirth, 0.05),
                        (IdDocumentExpiryDate, 0.05),
                    ],
                )
        }
        3 => {
            let home = if rng.chance(0.4) { address_form(rng) } else { 0 };
            bit(Name) | home | maybe(rng, &[(Birthdate, 0.7), (Email, 0.2)])
        }
        4 => bits(&[GivenName, FamilyName]) | address_form(rng),
        _ => {
            bits(&[IdDocument, GivenName, FamilyName])
                | maybe(
                    rng,
                    &[(IdDocumentType, 0.7), (IdDocumentExpiryDate, 0.3), (Birthdate, 0.8), (Nationality, 0.3)],
                )
        }
    };
    if mask & bit(IdDocument) != 0 && rng.chance(0.5) {
        mask |= bit(IdDocumentType);
    }
    if land == Land::Jp {
        mask |=
            [bit(NameKanaZenkaku), bit(NameKanaHankaku), bits(&[NameKanaZenkaku, NameKanaHankaku]), 0][rng.below(4)];
    }
    mask
}

/// One to three attributes, as a short form asks for them.
fn few_mask(rng: &mut Rng, known: &Cells) -> u32 {
    const POOL: [Attribute; 8] = [GivenName, FamilyName, Birthdate, Email, PostalCode, IdDocument, Name, Address];
    let mut mask = 0;
    for _ in 0..rng.weighted(&[0, 45, 35, 20]) {
        for _ in 0..10 {
            let attribute = rng.choose(&POOL);
            if !known[attribute.index()].is_empty() && mask & bit(attribute) == 0 {
                mask |= bit(attribute);
                break;
            }
        }
    }
    mask
}

/// One of the `|`-separated values of a cell.
fn one_value<'a>(rng: &mut Rng, cell: &'a str) -> &'a str {
    if !cell.contains('|') {
        return cell;
    }
    let values: Vec<&str> = cell.split('|').collect();
    rng.choose(&values)
}

/// Draws candidates one by one, reusing its buffers.
pub(super) struct CandidateMaker<'a> {
    context: &'a Context,
    subscriber: Subscriber,
    other: Person,
    /// The request being drawn: one cell per attribute, empty when not carried.
    pub request: Cells,
}

impl<'a> CandidateMaker<'a> {
    /// A maker for the candidates of `context`.
    pub fn new(context: &'a Context) -> CandidateMaker<'a> {
        CandidateMaker { context, subscriber: Subscriber::new(), other: Person::new(), request: empty_cells() }
    }

    /// Draws candidate `i` into `request`; returns its kind. A pure function of the seed and
    /// `i`.
    pub fn draw(&mut self, i: usize) -> CandidateKind {
        let context = self.context;
        let mut rng = Rng::new(context.seed, Stream::Candidate, i as u64);
        let rng = &mut rng;
        let kind = CandidateKind::ALL[rng.weighted(&CandidateKind::WEIGHTS)];
        self.request.iter_mut().for_each(String::clear);
        if kind == CandidateKind::UnknownNumber {
            let land = Land::random(rng);
            self.other.draw(rng, land);
            let unused = context.subscribers as u64 + i as u64 % (NUMBER_SPACE - context.subscribers as u64);
            land.push_phone(rng, context.numbers.apply(unused), &mut self.request[PhoneNumber.index()]);
            let mask = choose_mask(rng, land);
            self.carry(rng, mask, Source::Other);
            return kind;
        }
        self.subscriber.draw(context.seed, &context.numbers, rng.below(context.subscribers));
        let land = self.subscriber.person.land;
        self.request[PhoneNumber.index()].push_str(&self.subscriber.person.values[PhoneNumber.index()]);
        match kind {
            CandidateKind::OwnerExact => {
                let mask = choose_mask(rng, land);
                self.owner_exact(rng, mask);
            }
            CandidateKind::OwnerNoisy => {
                let mask = choose_mask(rng, land);
                self.carry(rng, mask, Source::Truth);
                self.add_noise(rng, mask, Source::Truth, true);
            }
            CandidateKind::OwnerMoved => {
                let mask = choose_mask(rng, land) | address_form(rng);
                self.carry(rng, mask, Source::Truth);
                self.move_home(rng, mask);
                if rng.chance(0.5) {
                    self.add_noise(rng, mask & !bits(&ADDRESS), Source::Truth, false);
                }
            }
            CandidateKind::OwnerFew => {
                // Like anyone, the owner does not know which attributes the operator holds.
                let mask = few_mask(rng, &self.subscriber.person.values);
                self.carry(rng, mask, Source::Truth);
                self.add_noise(rng, mask, Source::Truth, false);
            }
            CandidateKind::Relative | CandidateKind::RelativeFew | CandidateKind::Twin => {
                let role = if kind == CandidateKind::Twin {
                    Role::Twin
                } else {
                    [Role::Partner, Role::Child, Role::Parent, Role::Sibling][rng.weighted(&[35, 30, 15, 20])]
                };
                self.draw_relative(rng, role);
                let mask = if kind == CandidateKind::RelativeFew {
                    few_mask(rng, &self.other.values)
                } else {
                    choose_mask(rng, land)
                };
                self.carry(rng, mask, Source::Other);
                if rng.chance(0.6) {
                    self.add_noise(rng, mask, Source::Other, false);
                }
            }
            CandidateKind::Impostor => {
                self.other.draw(rng, land);
                let mask = choose_mask(rng, land);
                self.carry(rng, mask, Source::Other);
            }
            CandidateKind::ImpostorFew => {
                self.other.draw(rng, land);
                let mask = few_mask(rng, &self.other.values);
                self.carry(rng, mask, Source::Other);
            }
            CandidateKind::PhoneOnly => {}
            CandidateKind::Malformed => {
                let mask = choose_mask(rng, land);
                self.carry(rng, mask, Source::Truth);
                self.break_one(rng);
            }
            CandidateKind::UnknownNumber => unreachable!("handled above"),
        }
        kind
    }

    /// The person whose values `source` carries.
    fn person(&self, source: Source) -> &Person {
        match source {
            Source::Truth | Source::View => &self.subscriber.person,
            Source::Other => &self.other,
        }
    }

    /// Copies the attributes of `mask` (but the phone number) from `source`.
    fn carry(&mut self, rng: &mut Rng, mask: u32, source: Source) {
        for attribute in Attribute::compared() {
            if mask & bit(*attribute) == 0 {
                continue;
            }
            let i = attribute.index();
            let view = &self.subscriber.view[i];
            let value = match source {
                // Where the extract has several values, the requester may give any of them.
                Source::Truth if view.contains('|') => one_value(rng, view),
                Source::Truth => &self.subscriber.person.values[i],
                Source::View => one_value(rng, view),
                Source::Other => &self.other.values[i],
            };
            self.request[i].clear();
            self.request[i].push_str(value);
        }
    }

    /// The subscriber's values exactly as the extract holds them (one of several), only for
    /// attributes the extract has; a full name the extract lacks is composed from its parts
    /// as kyclink composes it, and a missing full address is asked for by its parts.
    fn owner_exact(&mut self, rng: &mut Rng, mut mask: u32) {
        let view = &self.subscriber.view;
        if view[Address.index()].is_empty() && mask & bit(Address) != 0 {
            mask = (mask & !bit(Address)) | bits(&[StreetName, StreetNumber, HouseNumberExtension]);
        }
        let known = Attribute::ALL.iter().filter(|a| !view[a.index()].is_empty()).fold(bit(Name), |m, &a| m | bit(a));
        mask &= known;
        if mask == 0 {
            mask = bits(&[GivenName, FamilyName]) & known;
        }
        self.carry(rng, mask, Source::View);
        let view = &self.subscriber.view;
        if mask & bit(Name) != 0 && view[Name.index()].is_empty() {
            let name = &mut self.request[Name.index()];
            for part in [GivenName, MiddleNames, FamilyName] {
                let value = view[part.index()].split('|').next().unwrap_or("");
                if !value.is_empty() {
                    if !name.is_empty() {
                        name.push(' ');
                    }
                    name.push_str(value);
                }
            }
        }
    }

    /// The subscriber's request with a home the extract does not hold: every address part
    /// the request carries is the new home's; a move within the town keeps its locality,
    /// region and postal district.
    fn move_home(&mut self, rng: &mut Rng, mask: u32) {
        let land = self.subscriber.person.land;
        self.other.land = land;
        self.other.draw_home(rng);
        if rng.chance(0.35) {
            let old = &self.subscriber.person.values;
            for attribute in [Locality, Region] {
                copy_one(old, &mut self.other.values, attribute);
            }
            let postal = &old[PostalCode.index()];
            let district = postal.chars().count().div_ceil(2);
            let new: String = postal
                .chars()
                .take(district)
                .chain(self.other.values[PostalCode.index()].chars().skip(district))
                .collect();
            self.other.values[PostalCode.index()] = new;
            let mut address = String::new();
            land.push_address(&address_parts(&self.other.values), &mut address);
            self.other.values[Address.index()] = address;
        }
        for attribute in ADDRESS {
            if mask & bit(attribute) != 0 {
                copy_one(&self.other.values, &mut self.request, attribute);
            }
        }
    }

    /// Someone of the subscriber's household in `role`: the household's home, country and
    /// usually its family name (by role and country), sometimes its e-mail address or bank
    /// account; their own given name, birth date and documents. A twin is a sibling born on
    /// the same day.
    fn draw_relative(&mut self, rng: &mut Rng, role: Role) {
        let (subscriber, relative) = (&self.subscriber.person, &mut self.other);
        let land = subscriber.land;
        relative.draw_identity(rng, land);
        if role == Role::Partner && relative.female == subscriber.female && rng.chance(0.9) {
            relative.female = !subscriber.female;
        }
        let lists = land.lists();
        for _ in 0..8 {
            if relative.given.text != subscriber.given.text {
                break;
            }
            relative.given = lists.given_name(rng, relative.female);
        }
        if relative.middle.is_some_and(|m| m.text == relative.given.text) {
            relative.middle = None;
        }
        // The name the subscriber was born with passes to their siblings and parents.
        let born = subscriber.birth_family.unwrap_or(subscriber.family);
        relative.birth_family = None;
        match role {
            Role::Twin | Role::Sibling => {
                relative.family = born;
                relative.second_family = subscriber.second_family;
            }
            // Spain and Portugal: the first name from this parent, the second from the other.
            Role::Child if rng.chance(0.85) => relative.family = subscriber.family,
            Role::Parent if rng.chance(0.75) => relative.family = born,
            Role::Partner if rng.chance(land.married_name_rate() * 1.5) => {
                relative.family = subscriber.family;
                relative.second_family = subscriber.second_family;
            }
            // Their own family name: a partner who kept theirs, a child or parent of another.
            _ => {}
        }
        relative.birth = match role {
            Role::Twin => subscriber.birth,
            _ => {
                let years: i64 = match role {
                    Role::Child => rng.range(20, 38).into(),
                    Role::Parent => -i64::from(rng.range(20, 38)),
                    Role::Sibling => i64::from(rng.range(1, 10)) * if rng.chance(0.5) { 1 } else { -1 },
                    _ => i64::from(rng.range(0, 6)) * if rng.chance(0.5) { 1 } else { -1 },
                };
                let days = subscriber.birth.days_since_epoch() + years * 365 + rng.range(30, 330) as i64;
                let (earliest, latest) = (Date { year: 1925, month: 1, day: 1 }.days_since_epoch(), 15_705);
                Date::from_days_since_epoch(days.clamp(earliest, latest))
            }
        };
        for attribute in ADDRESS.into_iter().chain([Country, Nationality, CountryOfBirth]) {
            copy_one(&subscriber.values, &mut relative.values, attribute);
        }
        relative.derive(rng);
        // A household e-mail address; a joint account.
        if rng.chance(0.12) {
            copy_one(&subscriber.values, &mut relative.values, Email);
        }
        if role == Role::Partner && rng.chance(0.3) {
            copy_one(&subscriber.values, &mut relative.values, BankAccountNumber);
        }
    }

    /// The noise of real requests on the values of `source` in `mask`; with `at_least_one`,
    /// at least one attribute changes.
    fn add_noise(&mut self, rng: &mut Rng, mask: u32, source: Source, at_least_one: bool) {
        let carried: Vec<Attribute> = Attribute::compared().iter().copied().filter(|&a| mask & bit(a) != 0).collect();
        if carried.is_empty() {
            return;
        }
        let mut changed = false;
        for &attribute in &carried {
            if carried.len() > 1 && rng.chance(0.05) {
                // Left out of the request.
                self.request[attribute.index()].clear();
                changed = true;
            } else if rng.chance(noise_rate(attribute)) {
                changed |= self.perturb(rng, attribute, source);
            }
        }
        // Nothing changed by chance: change what is most often changed.
        let weights: Vec<u32> = carried.iter().map(|&a| (noise_rate(a) * 100.0) as u32).collect();
        for _ in 0..8 {
            if changed || !at_least_one {
                break;
            }
            let attribute = carried[rng.weighted(&weights)];
            changed = self.perturb(rng, attribute, source);
        }
    }

    /// Replaces the request's value of `attribute` by a noisy one; false if none applies.
    fn perturb(&mut self, rng: &mut Rng, attribute: Attribute, source: Source) -> bool {
        let value = &self.request[attribute.index()];
        if value.is_empty() {
            return false;
        }
        for _ in 0..4 {
            if let Some(noisy) = noisy(rng, attribute, value, self.person(source)).filter(|noisy| noisy != value) {
                self.request[attribute.index()] = noisy;
                return true;
            }
        }
        false
    }

    /// Breaks one value so that the row is answered with an error.
    fn break_one(&mut self, rng: &mut Rng) {
        let person = &self.subscriber.person;
        let request = &mut self.request;
        let mut set = |attribute: Attribute, value: &str| {
            let cell = slot(request, attribute);
            cell.push_str(value);
        };
        // Not zero-padded, or day first.
        let Date { year, month, day } = person.birth;
        let broken_birthdate = if month < 10 || day < 10 {
            format!("{year}-{month}-{day}")
        } else {
            format!("{day:02}/{month:02}/{year}")
        };
        match rng.below(11) {
            0 => set(Birthdate, &broken_birthdate),
            1 => {
                let phone = person.values[PhoneNumber.index()].clone();
                let digits = &phone[1..];
                let broken = match rng.below(3) {
                    0 => digits.to_string(),
                    1 => format!("00{digits}"),
                    _ => {
                        format!("{} {}", &phone[..1 + person.land.dial().len()], &phone[1 + person.land.dial().len()..])
                    }
                };
                set(PhoneNumber, &broken);
            }
            2 => set(Country, person.land.alpha3()),
            3 => set(Gender, &person.values[Gender.index()][..1]),
            4 => {
                let mut long = String::new();
                while long.chars().count() <= GivenName.spec().max_length {
                    if !long.is_empty() {
                        long.push(' ');
                    }
                    long.push_str(person.given.text);
                }
                set(GivenName, &long);
            }
            5 => request[PhoneNumber.index()].clear(),
            6 => set(Email, &person.values[Email.index()].replace('@', " at ")),
            7 => set(IdDocumentType, rng.choose(&["dni", "ID card", "Passport", "id"])),
            8 if !person.values[BankAccountNumber.index()].is_empty() => {
                let iban = &person.values[BankAccountNumber.index()]["IBAN:".len()..];
                let mut spaced = String::new();
                for (k, c) in iban.chars().enumerate() {
                    if k > 0 && k % 4 == 0 {
                        spaced.push(' ');
                    }
                    spaced.push(c);
                }
                set(BankAccountNumber, &spaced);
            }
            9 => {
                let year = person.values[IdDocumentExpiryDate.index()][..4].to_string();
                set(
                    IdDocumentExpiryDate,
                    &format!("{year}-{}", rng.choose(&["02-30", "02-31", "04-31", "13-01", "00-10"])),
                );
            }
            10 => request.iter_mut().for_each(String::clear),
            // No bank account to break (Japan).
            _ => set(Birthdate, &broken_birthdate),
        }
    }
}

/// Where carried values come from.
#[derive(Clone, Copy)]
enum Source {
    /// The subscriber's true values (a multi-valued extract cell: any of its values).
    Truth,
    /// The extract's cells (one of several values).
    View,
    /// `CandidateMaker::other`: a relative, an impostor, an unknown line's holder.
    Other,
}

fn copy_one(from: &Cells, to: &mut Cells, attribute: Attribute) {
    let i = attribute.index();
    to[i].clear();
    to[i].push_str(&from[i]);
}

/// One kind of noise that fits `attribute` of `person`, if it applies to `value`.
fn noisy(rng: &mut Rng, attribute: Attribute, value: &str, person: &Person) -> Option<String> {
    let land = person.land;
    let lists = land.lists();
    match attribute {
        GivenName => match rng.below(5) {
            0 | 1 => substitute(rng, value, &lists.nicknames),
            2 => typo(rng, value),
            3 => value.split([' ', '-']).next().filter(|first| *first != value).map(str::to_string),
            _ => drop_accents(value).or_else(|| recase(rng, value)),
        },
        FamilyName => match rng.below(6) {
            0 => typo(rng, value),
            1 => drop_accents(value).or_else(|| recase(rng, value)),
            2 => substitute(rng, value, &lists.variants),
            3 if land == Land::De => Some(fold_accents(value, true)),
            3 | 4 => shorter_family_name(rng, land, value),
            _ => recase(rng, value),
        },
        Name => noisy_name(rng, value, person),
        NameKanaHankaku => match rng.below(2) {
            0 => Some(person.values[NameKanaZenkaku.index()].clone()),
            _ => Some(value.replace(' ', "")),
        },
        NameKanaZenkaku => match rng.below(3) {
            0 => Some(person.values[NameKanaHankaku.index()].clone()),
            1 => Some(value.replace('　', " ")),
            _ => Some(value.replace('　', "")),
        },
        StreetName | Address => match rng.below(4) {
            0 | 1 => abbreviate(value, &lists.abbreviations),
            2 => typo(rng, value),
            _ => drop_accents(value).or_else(|| recase(rng, value)),
        },
        PostalCode => match rng.below(3) {
            0 => Some(value.replace([' ', '-'], "")),
            1 => recase(rng, value),
            _ => typo(rng, value),
        },
        Locality | Region => match rng.below(3) {
            0 => substitute(rng, value, &lists.aliases),
            1 => drop_accents(value).or_else(|| recase(rng, value)),
            _ => typo(rng, value),
        },
        Birthdate => noisy_date(rng, value),
        Email => match rng.below(3) {
            0 => recase(rng, value),
            1 => {
                let (local, _) = value.split_once('@')?;
                Some(format!("{local}@{}", rng.choose(&lists.domains)))
            }
            _ => {
                let (local, domain) = value.split_once('@')?;
                Some(format!("{}@{domain}", typo(rng, local)?))
            }
        },
        IdDocument => match rng.below(3) {
            0 => Some(value.to_lowercase()),
            1 if value.len() > 4 => Some(format!("{}-{}", &value[..value.len() - 1], &value[value.len() - 1..])),
            _ => typo(rng, value),
        },
        Gender => Some(value.to_lowercase()),
        Country | CountryOfBirth | Nationality => Some(value.to_lowercase()),
        IdDocumentExpiryDate => noisy_date(rng, value),
        HouseNumberExtension if value.contains(' ') => Some(value.replace(' ', "")),
        HouseNumberExtension => recase(rng, value),
        BankAccountNumber => {
            // The scheme stays as the format wants it (^[A-Z]+:).
            let (scheme, number) = value.split_once(':')?;
            let number = if rng.chance(0.5) { number.to_lowercase() } else { typo(rng, number)? };
            Some(format!("{scheme}:{number}"))
        }
        StreetNumber | MiddleNames | FamilyNameAtBirth | CityOfBirth => {
            if rng.chance(0.5) {
                drop_accents(value).or_else(|| recase(rng, value))
            } else {
                typo(rng, value)
            }
        }
        // The enum is case-sensitive: any change would be a malformed request.
        PhoneNumber | IdDocumentType => None,
    }
}

/// A full name of `person` written another way: family name first, without the middle
/// name, with a nickname, mistyped, without accents.
fn noisy_name(rng: &mut Rng, value: &str, person: &Person) -> Option<String> {
    let (given, family) = (person.given.text, &person.values[FamilyName.index()]);
    match rng.below(6) {
        0 if person.land.family_name_first() => Some(format!("{given} {family}")),
        0 => Some(format!("{family}, {given}")),
        1 if person.land.family_name_first() => Some(value.replace(' ', "")),
        1 => Some(format!("{given} {family}")),
        2 => {
            let nickname = substitute(rng, given, &person.land.lists().nicknames)?;
            Some(value.replacen(given, &nickname, 1))
        }
        3 => typo(rng, value),
        4 => drop_accents(value).or_else(|| recase(rng, value)),
        _ => recase(rng, value),
    }
}

/// How often each carried attribute of an owner's request is disturbed.
fn noise_rate(attribute: Attribute) -> f64 {
    match attribute {
        Name => 0.5,
        NameKanaHankaku | NameKanaZenkaku => 0.4,
        GivenName | FamilyName | Email | StreetName | Address | PostalCode | Locality | Region => 0.22,
        IdDocument => 0.2,
        Birthdate | Gender | Country | Nationality | CountryOfBirth => 0.08,
        _ => 0.12,
    }
}

/// A family name shortened as people do: Spanish and Portuguese give one of two names,
/// Dutch drop or abbreviate the prefix.
fn shorter_family_name(rng: &mut Rng, land: Land, value: &str) -> Option<String> {
    match land {
        Land::Es | Land::Pt => value.split_once(' ').map(|(first, second)| {
            if land == Land::Es || rng.chance(0.3) { first.to_string() } else { second.to_string() }
        }),
        Land::Nl => {
            let (prefix, stem) = ["van der ", "van den ", "van de ", "van 't ", "van ", "de ", "ter "]
                .iter()
                .find_map(|prefix| value.strip_prefix(prefix).map(|stem| (prefix.trim_end(), stem)))?;
            Some(match rng.below(3) {
                0 => stem.to_string(),
                1 => format!("{stem}, {prefix}"),
                _ => {
                    let short: String = prefix.split(' ').map(|w| w.chars().next().unwrap_or(' ')).collect();
                    format!("{}. {stem}", short.chars().map(String::from).collect::<Vec<_>>().join("."))
                }
            })
        }
        _ => None,
    }
}

/// A date mistaken as people do: day and month swapped, a day off, a year mistyped.
fn noisy_date(rng: &mut Rng, value: &str) -> Option<String> {
    let date = Date::parse(value)?;
    let changed = match rng.below(3) {
        0 if date.day <= 12 && date.day != date.month => Date { month: date.day, day: date.month, ..date },
        1 | 0 => Date::from_days_since_epoch(date.days_since_epoch() + if rng.chance(0.5) { 1 } else { -1 }),
        _ => {
            let year = date.year.saturating_add_signed(rng.choose(&[-10, -1, 1, 10]));
            Date { year, day: date.day.min(28), ..date }
        }
    };
    let mut out = String::with_capacity(10);
    let _ = write!(out, "{changed}");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Permutation;
    use crate::jobs::check_value;
    use crate::normalize::parse_e164;
    use std::collections::HashSet;

    #[test]
    fn candidates_are_what_their_kind_says() {
        let context = Context { seed: 5, subscribers: 300, numbers: Permutation::new(5) };
        let mut subscriber = Subscriber::new();
        let phones: HashSet<String> = (0..context.subscribers)
            .map(|j| {
                subscriber.draw(context.seed, &context.numbers, j);
                subscriber.person.values[PhoneNumber.index()].clone()
            })
            .collect();
        let mut maker = CandidateMaker::new(&context);
        let mut seen = HashSet::new();
        for i in 0..5000 {
            let kind = maker.draw(i);
            let owner = kind.is_owner();
            seen.insert(kind);
            let (request, subscriber, other) = (&maker.request, &maker.subscriber, &maker.other);
            let (view, truth) = (&subscriber.view, &subscriber.person.values);
            let carried: Vec<Attribute> =
                Attribute::compared().iter().copied().filter(|a| !request[a.index()].is_empty()).collect();
            let value = |a: Attribute| request[a.index()].as_str();
            let same_line = value(PhoneNumber) == truth[PhoneNumber.index()];
            let context = format!("{i} {kind:?} {request:?}");
            // A row without a phone number is answered with an error too (422 or 400).
            let valid =
                !value(PhoneNumber).is_empty() && Attribute::ALL.iter().all(|&a| check_value(a, value(a)).is_ok());
            assert_eq!(valid, kind != CandidateKind::Malformed, "{context}");
            let household = |other: &Cells| {
                ADDRESS.iter().all(|a| other[a.index()] == truth[a.index()])
                    && other[GivenName.index()] != truth[GivenName.index()]
            };
            match kind {
                CandidateKind::OwnerExact => {
                    assert!(owner && same_line && !carried.is_empty(), "{context}");
                    for a in carried {
                        let composed = a == Name && view[a.index()].is_empty();
                        assert!(composed || view[a.index()].split('|').any(|v| v == value(a)), "{a:?} {context}");
                    }
                }
                CandidateKind::OwnerNoisy => assert!(owner && same_line && !carried.is_empty(), "{context}"),
                CandidateKind::OwnerMoved => {
                    assert!(owner && same_line, "{context}");
                    let street =
                        |cells: &Cells| (cells[StreetName.index()].clone(), cells[StreetNumber.index()].clone());
                    assert!(ADDRESS.iter().any(|a| !value(*a).is_empty()), "{context}");
                    assert_ne!(street(&other.values), street(truth), "{context}");
                }
                CandidateKind::OwnerFew => assert!(owner && same_line && carried.len() <= 3, "{context}"),
                CandidateKind::Relative | CandidateKind::RelativeFew => {
                    assert!(!owner && same_line && household(&other.values), "{context}");
                    assert_ne!(other.values[Birthdate.index()], truth[Birthdate.index()], "{context}");
                    assert!(kind == CandidateKind::Relative || carried.len() <= 3, "{context}");
                }
                CandidateKind::Twin => {
                    assert!(!owner && same_line && household(&other.values), "{context}");
                    assert_eq!(other.values[Birthdate.index()], truth[Birthdate.index()], "{context}");
                }
                CandidateKind::Impostor => assert!(!owner && same_line && !carried.is_empty(), "{context}"),
                CandidateKind::ImpostorFew => assert!(!owner && same_line && carried.len() <= 3, "{context}"),
                CandidateKind::UnknownNumber => {
                    assert!(!owner && parse_e164(value(PhoneNumber)).is_some(), "{context}");
                    assert!(!phones.contains(value(PhoneNumber)), "{context}");
                }
                CandidateKind::PhoneOnly => assert!(same_line && carried.is_empty(), "{context}"),
                CandidateKind::Malformed => assert!(!owner, "{context}"),
            }
        }
        assert_eq!(seen.len(), CandidateKind::ALL.len());
    }

    #[test]
    fn family_names_shorten() {
        let mut rng = Rng::new(1, Stream::Candidate, 0);
        assert_eq!(shorter_family_name(&mut rng, Land::Es, "García López").as_deref(), Some("García"));
        let dutch: Vec<String> =
            (0..30).filter_map(|_| shorter_family_name(&mut rng, Land::Nl, "van der Heijden")).collect();
        assert!(dutch.iter().any(|d| d == "Heijden"));
        assert!(dutch.iter().any(|d| d == "Heijden, van der"));
        assert!(dutch.iter().any(|d| d == "v.d. Heijden"), "{dutch:?}");
        assert_eq!(shorter_family_name(&mut rng, Land::Nl, "Visser"), None);
    }

    #[test]
    fn noisy_dates_stay_valid() {
        let mut rng = Rng::new(1, Stream::Candidate, 1);
        for _ in 0..200 {
            let noisy = noisy_date(&mut rng, "1985-03-14").unwrap();
            assert!(Date::parse(&noisy).is_some(), "{noisy}");
            assert_ne!(noisy, "1985-03-14");
        }
    }
}
