//! `identityMatchScore` (0..100): how well a request's identity attributes match the
//! subscriber, by KPN's proposal to the CAMARA KYC Age Verification working group, the only
//! written algorithm (SPEC.md section 4). CAMARA defines the field, not the computation.
//!
//! How each attribute enters:
//!
//! - **Names** (`name`, `givenName`, `familyName`, `middleNames`, `familyNameAtBirth`: the
//!   [`NAME_ATTRIBUTES`]): each compared name gives a similarity in 0..=1, `true` being 1.0
//!   and `false` its Jaro-Winkler similarity on the normalised values, as KYC Match computes
//!   it. The name score is `x = 100 x` the product of the similarities. A name the request
//!   does not carry, or the operator has no value for (`not_available`), does not enter.
//! - **idDocument** and **email**: matched (100) or not (0); not carried or `not_available`:
//!   does not enter.
//! - **birthdate**: a gate, not a term. When the request's birthdate does not match the
//!   operator's, there is no score at all (KYC Age Verification then answers `ageCheck`
//!   `not_available`). A matching or absent birthdate changes nothing.
//!
//! The rule, with `d` / `e` the idDocument / email results that entered:
//!
//! | entered | score |
//! |---|---|
//! | nothing | none (or the operator's configured base rate) |
//! | names only | `x` |
//! | idDocument only / email only | 100 when it matches, else 0 |
//! | idDocument and email, no names | 100 when either matches, else 0 |
//! | names and idDocument and/or email | the mean of `x` and a 100 for each matching one of them; `x` when none matches |
//!
//! So names + idDocument is `mean(100, x)` when the document matches and `x` otherwise; all
//! three with both matching is `mean(x, 100, 100)`. The result is rounded to the nearest
//! integer (halves up).

use crate::spec::{Attribute, Outcome};

/// The name attributes whose similarities multiply into the name score.
pub const NAME_ATTRIBUTES: [Attribute; 5] = [
    Attribute::Name,
    Attribute::GivenName,
    Attribute::FamilyName,
    Attribute::MiddleNames,
    Attribute::FamilyNameAtBirth,
];

/// What one request showed about the identity: the inputs of [`identity_match_score`].
/// Build it from per-attribute results with the methods (each says how its input enters), or
/// all at once from a row's outcomes with [`IdentityEvidence::from_outcomes`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct IdentityEvidence {
    /// The product of the name similarities entered so far; `None`: no name entered.
    names: Option<f64>,
    id_document: Option<bool>,
    email: Option<bool>,
    birthdate: Option<bool>,
}

impl IdentityEvidence {
    /// No evidence at all.
    pub fn new() -> IdentityEvidence {
        IdentityEvidence::default()
    }

    /// Enters one compared name field: its similarity in 0..=1 (1.0 for `true`), clamped.
    pub fn name(mut self, similarity: f64) -> IdentityEvidence {
        let similarity = similarity.clamp(0.0, 1.0);
        self.names = Some(self.names.unwrap_or(1.0) * similarity);
        self
    }

    /// Enters the idDocument result: matched or not.
    pub fn id_document(mut self, matched: bool) -> IdentityEvidence {
        self.id_document = Some(matched);
        self
    }

    /// Enters the email result: matched or not.
    pub fn email(mut self, matched: bool) -> IdentityEvidence {
        self.email = Some(matched);
        self
    }

    /// Enters the birthdate result: matched or not (a mismatch means no score).
    pub fn birthdate(mut self, matched: bool) -> IdentityEvidence {
        self.birthdate = Some(matched);
        self
    }

    /// The evidence in one row's KYC Match outcomes (indexed by [`Attribute::index`]): the
    /// [`NAME_ATTRIBUTES`] by [`name_similarity`], idDocument, email and birthdate by
    /// [`matched`]; every other attribute is ignored.
    pub fn from_outcomes(outcomes: &[Outcome; Attribute::COUNT]) -> IdentityEvidence {
        let mut evidence = IdentityEvidence::new();
        for attribute in NAME_ATTRIBUTES {
            if let Some(similarity) = name_similarity(outcomes[attribute.index()]) {
                evidence = evidence.name(similarity);
            }
        }
        evidence.id_document = matched(outcomes[Attribute::IdDocument.index()]);
        evidence.email = matched(outcomes[Attribute::Email.index()]);
        evidence.birthdate = matched(outcomes[Attribute::Birthdate.index()]);
        evidence
    }

    /// Whether a birthdate was entered and did not match.
    pub fn birthdate_mismatch(&self) -> bool {
        self.birthdate == Some(false)
    }
}

/// The similarity a name's KYC Match outcome enters with: `true` 1.0; `false` its
/// `<attr>MatchScore` / 100 (a `false` without a score, scoring being switched off, 0.0);
/// `None` for `not_available` and not requested, which do not enter.
///
/// Taking the published 0..99 score rather than the raw similarity makes identityMatchScore
/// a function of the answers a KYC Match row shows, so a reader can recompute it.
pub fn name_similarity(outcome: Outcome) -> Option<f64> {
    match outcome {
        Outcome::True => Some(1.0),
        Outcome::False(score) => Some(score.map_or(0.0, |s| f64::from(s) / 100.0)),
        Outcome::NotAvailable | Outcome::NotRequested => None,
    }
}

/// Whether an outcome matched: `true`/`false`; `None` (does not enter) for `not_available`
/// and not requested.
pub fn matched(outcome: Outcome) -> Option<bool> {
    match outcome {
        Outcome::True => Some(true),
        Outcome::False(_) => Some(false),
        Outcome::NotAvailable | Outcome::NotRequested => None,
    }
}

/// identityMatchScore by the rule in the module docs; `base_rate` is the answer when nothing
/// entered (`None`: no score). `None` too when the birthdate did not match.
pub fn identity_match_score(evidence: IdentityEvidence, base_rate: Option<u8>) -> Option<u8> {
    if evidence.birthdate_mismatch() {
        return None;
    }
    let hundred_if = |matched: bool| if matched { 100.0 } else { 0.0 };
    let score = match (evidence.names, evidence.id_document, evidence.email) {
        (None, None, None) => return base_rate.map(|rate| rate.min(100)),
        (None, Some(document), None) => hundred_if(document),
        (None, None, Some(email)) => hundred_if(email),
        (None, Some(document), Some(email)) => hundred_if(document || email),
        (Some(product), document, email) => {
            let matching = [document, email].into_iter().filter(|m| *m == Some(true)).count();
            (product * 100.0 + 100.0 * matching as f64) / (1 + matching) as f64
        }
    };
    Some(score.round().clamp(0.0, 100.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(evidence: IdentityEvidence) -> Option<u8> {
        identity_match_score(evidence, None)
    }

    fn names(similarities: &[f64]) -> IdentityEvidence {
        similarities.iter().fold(IdentityEvidence::new(), |e, s| e.name(*s))
    }

    #[test]
    fn only_names_is_the_product_of_their_similarities() {
        assert_eq!(score(names(&[1.0])), Some(100));
        assert_eq!(score(names(&[0.88])), Some(88));
        assert_eq!(score(names(&[0.9, 0.8])), Some(72));
        assert_eq!(score(names(&[1.0, 1.0, 0.5])), Some(50));
        assert_eq!(score(names(&[0.0, 1.0])), Some(0));
    }

    #[test]
    fn only_id_document_or_only_email_is_all_or_nothing() {
        assert_eq!(score(IdentityEvidence::new().id_document(true)), Some(100));
        assert_eq!(score(IdentityEvidence::new().id_document(false)), Some(0));
        assert_eq!(score(IdentityEvidence::new().email(true)), Some(100));
        assert_eq!(score(IdentityEvidence::new().email(false)), Some(0));
    }

    #[test]
    fn names_and_a_matching_document_average_with_100() {
        assert_eq!(score(names(&[0.6]).id_document(true)), Some(80));
        assert_eq!(score(names(&[0.9, 0.9]).id_document(true)), Some(91), "mean(100, 81) = 90.5 rounds up");
    }

    #[test]
    fn names_and_a_document_that_does_not_match_is_the_name_score() {
        assert_eq!(score(names(&[0.6]).id_document(false)), Some(60));
    }

    #[test]
    fn names_and_email_work_as_names_and_document() {
        assert_eq!(score(names(&[0.5]).email(true)), Some(75));
        assert_eq!(score(names(&[0.5]).email(false)), Some(50));
    }

    #[test]
    fn document_and_email_without_names_is_100_when_either_matches() {
        assert_eq!(score(IdentityEvidence::new().id_document(true).email(false)), Some(100));
        assert_eq!(score(IdentityEvidence::new().id_document(false).email(true)), Some(100));
        assert_eq!(score(IdentityEvidence::new().id_document(true).email(true)), Some(100));
        assert_eq!(score(IdentityEvidence::new().id_document(false).email(false)), Some(0));
    }

    #[test]
    fn all_three_average_the_name_score_with_each_match() {
        assert_eq!(score(names(&[0.4]).id_document(true).email(true)), Some(80), "mean(40, 100, 100)");
        assert_eq!(score(names(&[0.4]).id_document(true).email(false)), Some(70), "mean(40, 100)");
        assert_eq!(score(names(&[0.4]).id_document(false).email(true)), Some(70), "mean(40, 100)");
        assert_eq!(score(names(&[0.4]).id_document(false).email(false)), Some(40), "neither: x");
    }

    #[test]
    fn a_birthdate_mismatch_means_no_score() {
        assert_eq!(score(names(&[1.0]).id_document(true).birthdate(false)), None);
        assert_eq!(identity_match_score(IdentityEvidence::new().birthdate(false), Some(50)), None);
        assert_eq!(score(names(&[0.7]).birthdate(true)), Some(70), "a matching birthdate changes nothing");
    }

    #[test]
    fn nothing_entered_is_no_score_or_the_base_rate() {
        assert_eq!(score(IdentityEvidence::new()), None);
        assert_eq!(score(IdentityEvidence::new().birthdate(true)), None);
        assert_eq!(identity_match_score(IdentityEvidence::new(), Some(50)), Some(50));
        assert_eq!(identity_match_score(names(&[0.7]), Some(50)), Some(70), "the base rate is only for nothing");
    }

    #[test]
    fn outcomes_enter_as_documented() {
        let mut outcomes = [Outcome::NotRequested; Attribute::COUNT];
        outcomes[Attribute::GivenName.index()] = Outcome::True;
        outcomes[Attribute::FamilyName.index()] = Outcome::False(Some(80));
        outcomes[Attribute::MiddleNames.index()] = Outcome::NotAvailable;
        outcomes[Attribute::IdDocument.index()] = Outcome::False(None);
        outcomes[Attribute::Email.index()] = Outcome::NotAvailable;
        outcomes[Attribute::Birthdate.index()] = Outcome::True;
        outcomes[Attribute::Address.index()] = Outcome::False(Some(10));
        let evidence = IdentityEvidence::from_outcomes(&outcomes);
        assert_eq!(evidence, names(&[1.0, 0.8]).id_document(false).birthdate(true));
        assert_eq!(identity_match_score(evidence, None), Some(80));

        outcomes[Attribute::Birthdate.index()] = Outcome::False(None);
        assert_eq!(identity_match_score(IdentityEvidence::from_outcomes(&outcomes), None), None);

        assert_eq!(name_similarity(Outcome::False(None)), Some(0.0));
        assert_eq!(name_similarity(Outcome::NotAvailable), None);
        assert_eq!(matched(Outcome::NotRequested), None);
    }
}
