//! The engine's Jaro-Winkler (rapidfuzz) against `strsim`, the named crate, as an oracle:
//! both implement standard Winkler (prefix scale 0.1, prefix up to 4, boost above 0.7).

use kyclink::similarity::{Comparator, JaroWinkler, mismatch_score};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn engine_agrees_with_strsim(a in "[a-eé]{0,12}|[a-z]{0,30}|\\PC{0,15}", b in "[a-eé]{0,12}|[a-z]{0,30}|\\PC{0,15}") {
        let engine = JaroWinkler.similarity(&a, &b);
        let oracle = strsim::jaro_winkler(&a, &b);
        // strsim answers 1.0 for two empty strings, CAMARA has nothing to score there; the
        // engine never compares two empty values (an empty side is not_available / not requested).
        prop_assume!(!(a.is_empty() && b.is_empty()));
        prop_assert!((engine - oracle).abs() < 1e-9, "{a:?} {b:?}: engine {engine}, strsim {oracle}");
        prop_assert_eq!(mismatch_score(engine), mismatch_score(oracle));
    }
}
