//! Properties of normalisation that must hold for any input, not just the examples.

use kyclink::normalize::{Normalizer, TextProfile};
use kyclink::spec::Attribute;
use proptest::prelude::*;

/// Realistic and hostile text: Latin with accents, kana of both widths, full-width Latin,
/// punctuation, Dutch prefixes, and arbitrary Unicode.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-zÀ-ÿßðøæœłÄÖÜ .,'-]{0,30}",
        "[ァ-ヶｦ-ﾟ　ー・ ]{0,20}",
        "[Ａ-Ｚａ-ｚ０-９ ]{0,20}",
        "(van |de |der |v.d. )?[A-Z][a-z]{1,10}",
        any::<String>(),
    ]
}

fn profiles() -> impl Strategy<Value = Normalizer> {
    (prop_oneof![Just(TextProfile::MobileConnect), Just(TextProfile::Nl), Just(TextProfile::Exact)], any::<bool>())
        .prop_map(|(profile, any_order)| Normalizer::new(profile, any_order))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Normalising a canonical form changes nothing: the index (normalised once) and the
    /// request (normalised per row) can never disagree about a value that is already canonical.
    #[test]
    fn normalisation_is_idempotent(value in text(), normalizer in profiles(), attribute in 1..Attribute::COUNT) {
        let kind = Attribute::ALL[attribute].spec().kind;
        let once = normalizer.normalize(kind, &value);
        let twice = normalizer.normalize(kind, &once);
        prop_assert_eq!(&once, &twice, "kind {:?}", kind);
    }

    /// Mobile Connect output is lower-case alphanumerics only, with no spaces. (Lower case
    /// as far as Unicode has one: "🅐" is an upper-case letter without a lower case.)
    #[test]
    fn mobile_connect_keeps_only_alphanumerics(value in text()) {
        let normalizer = Normalizer::new(TextProfile::MobileConnect, true);
        let canonical = normalizer.normalize(Attribute::GivenName.spec().kind, &value);
        prop_assert!(canonical.chars().all(char::is_alphanumeric), "{:?}", canonical);
        prop_assert_eq!(canonical.to_lowercase(), canonical.clone());
    }
}
