//! String similarity: pure functions, no I/O (SPEC.md 9.2).
//!
//! Jaro-Winkler is the measure CAMARA names. The engine uses the `rapidfuzz` crate, which
//! `benches/similarity.rs` measured faster than `strsim` on realistic names (BENCHMARKS.md);
//! `strsim` stays as a dev-dependency oracle in `tests/similarity_oracle.rs`.

/// A similarity measure on canonical (normalised) strings, in 0.0..=1.0.
pub trait Comparator: Sync {
    /// 1.0 for equal strings, 0.0 for strings with nothing in common.
    fn similarity(&self, a: &str, b: &str) -> f64;
}

/// Standard Jaro-Winkler: prefix scale 0.1, common prefix up to 4, boost above 0.7.
#[derive(Debug, Clone, Copy, Default)]
pub struct JaroWinkler;

impl Comparator for JaroWinkler {
    fn similarity(&self, a: &str, b: &str) -> f64 {
        use rapidfuzz::distance::jaro_winkler::similarity;
        if a.is_ascii() && b.is_ascii() {
            // Bytes are characters here, and cheaper to walk than UTF-8.
            similarity(a.bytes(), b.bytes())
        } else {
            similarity(a.chars(), b.chars())
        }
    }
}

/// The CAMARA `<attr>MatchScore` of two values that are not equal: round(100 x similarity),
/// capped at 99 because a score of 100 means `true` (SPEC.md 9.2).
pub fn mismatch_score(similarity: f64) -> u8 {
    ((similarity * 100.0).round() as u8).min(99)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_jaro_winkler_values() {
        let jw = JaroWinkler;
        assert_eq!(mismatch_score(jw.similarity("clara", "carla")), 88, "the working group's example");
        assert!((jw.similarity("martha", "marhta") - 0.9611).abs() < 1e-4);
        assert!((jw.similarity("dixon", "dicksonx") - 0.8133).abs() < 1e-4);
        assert_eq!(jw.similarity("abc", "abc"), 1.0);
        assert_eq!(jw.similarity("abc", "xyz"), 0.0);
        assert_eq!(jw.similarity("", "abc"), 0.0);
        assert!((jw.similarity("müller", "muller") - jw.similarity("mxller", "muller")).abs() < 1e-12);
    }

    #[test]
    fn a_mismatch_never_scores_100() {
        assert_eq!(mismatch_score(0.999), 99);
        assert_eq!(mismatch_score(0.994), 99);
        assert_eq!(mismatch_score(0.0), 0);
        assert_eq!(mismatch_score(0.875), 88);
    }
}
