//! Comparing one request value with a subscriber's values: the heart of KYC Match, shared by
//! every job that compares identity attributes (match, age verification, insights).
//!
//! One comparison yields both the CAMARA answer ([`Outcome`], SPEC.md 2 and 9) and the
//! evidence the Fellegi-Sunter model reads ([`Evidence`]: the uncapped similarity, and for
//! dates, documents, bank accounts and postal codes whether they are a typo apart); and,
//! for the model, which of the subscriber's name or address parts a full value contains.

use crate::aggregate::comparison::{Evidence, Found, has_near, near};
use crate::index::Subscriber;
use crate::normalize::Normalizer;
use crate::similarity::{Comparator, JaroWinkler, mismatch_score};
use crate::spec::{Attribute, Outcome};

/// Compares request values with subscribers' prenormalised values.
#[derive(Debug, Clone, Copy)]
pub struct Matcher {
    normalizer: Normalizer,
}

/// What one comparison found (by default: not requested).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Compared {
    /// The CAMARA answer; a `false` of a scored attribute always carries its score (the
    /// writer leaves it out when the profile switches scores off).
    pub outcome: Outcome,
    /// The same comparison as the linkage model sees it.
    pub evidence: Evidence,
}

/// Per-row buffers: the canonical forms of a request value, and letters-and-digits forms
/// for looking for parts inside a full value.
#[derive(Debug, Default)]
pub struct Scratch {
    forms: String,
    canonical_end: usize,
    compact: String,
    part: String,
}

impl Scratch {
    /// The canonical form (in the order given) of the value last compared.
    pub fn canonical(&self) -> &str {
        &self.forms[..self.canonical_end]
    }
}

impl Matcher {
    /// A matcher normalising request values with `normalizer` (the index's own).
    pub fn new(normalizer: Normalizer) -> Matcher {
        Matcher { normalizer }
    }

    /// `true` when `value` equals any of the operator's values after normalisation (in the
    /// order given or, for full names and addresses, reordered); else `false` with the best
    /// score over the values and forms; `not_available` when the operator has no value.
    pub fn compare(
        &self,
        attribute: Attribute,
        value: &str,
        subscriber: Subscriber<'_>,
        scratch: &mut Scratch,
    ) -> Compared {
        let spec = attribute.spec();
        scratch.forms.clear();
        let split = self.normalizer.forms_into(spec.kind, value, &mut scratch.forms);
        scratch.canonical_end = split;
        let (ordered, reordered) = scratch.forms.split_at(split);
        let both = [ordered, reordered];
        let forms = if reordered.is_empty() || reordered == ordered { &both[..1] } else { &both[..] };
        let mut best: Option<f64> = None;
        let mut is_near = false;
        for operator_value in subscriber.values(attribute) {
            if forms.contains(&operator_value) {
                return Compared { outcome: Outcome::True, evidence: Evidence::Equal };
            }
            let similarity = if spec.scored {
                forms.iter().map(|f| JaroWinkler.similarity(operator_value, f)).fold(0.0, f64::max)
            } else {
                0.0
            };
            is_near |= has_near(spec.kind) && near(spec.kind, operator_value, ordered);
            best = Some(best.map_or(similarity, |b| b.max(similarity)));
        }
        match best {
            None => Compared { outcome: Outcome::NotAvailable, evidence: Evidence::Missing },
            Some(similarity) => Compared {
                outcome: Outcome::False(spec.scored.then(|| mismatch_score(similarity))),
                evidence: Evidence::Differs { similarity: (similarity * 100.0).round() as u8, near: is_near },
            },
        }
    }

    /// Which of `parts` the subscriber has, and which of those appear inside `value`, a full
    /// name or address of `attribute` (bits in `parts` order). Both sides are compared with
    /// letters and digits only, so spacing and punctuation do not matter.
    pub fn find_parts(
        &self,
        attribute: Attribute,
        value: &str,
        parts: &[Attribute],
        subscriber: Subscriber<'_>,
        scratch: &mut Scratch,
    ) -> Found {
        scratch.forms.clear();
        self.normalizer.normalize_into(attribute.spec().kind, value, &mut scratch.forms);
        let Scratch { forms, compact, part, .. } = scratch;
        letters_and_digits(forms, compact);
        let mut found = Found::default();
        for (i, attribute) in parts.iter().enumerate() {
            for operator_value in subscriber.values(*attribute) {
                letters_and_digits(operator_value, part);
                if !part.is_empty() {
                    found.known |= 1 << i;
                    if compact.contains(part.as_str()) {
                        found.found |= 1 << i;
                    }
                }
            }
        }
        found
    }
}

/// `value`'s letters and digits, into `out`.
fn letters_and_digits(value: &str, out: &mut String) {
    out.clear();
    out.extend(value.chars().filter(|c| c.is_alphanumeric()));
}
