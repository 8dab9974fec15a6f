//! Phone numbers: E.164 with a leading `+` (SPEC.md 9.8), no guessing of country codes.

/// The digits of an E.164 number (`^\+[1-9][0-9]{4,14}$`) as an integer key, or `None`.
///
/// E.164 numbers have no leading zero after the `+`, so the integer is a lossless key, and
/// a `u64` (16 bytes less than a `String` per subscriber) is what the index hashes.
pub fn parse_e164(value: &str) -> Option<u64> {
    let digits = value.strip_prefix('+')?.as_bytes();
    if !(5..=15).contains(&digits.len()) || digits[0] == b'0' {
        return None;
    }
    digits.iter().try_fold(0u64, |key, &b| b.is_ascii_digit().then(|| key * 10 + u64::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::parse_e164;

    #[test]
    fn accepts_only_e164_with_plus() {
        assert_eq!(parse_e164("+34600123456"), Some(34600123456));
        assert_eq!(parse_e164("+12345"), Some(12345));
        assert_eq!(parse_e164("+123456789012345"), Some(123456789012345));
        assert_eq!(parse_e164("+1234"), None, "too short");
        assert_eq!(parse_e164("+1234567890123456"), None, "too long");
        assert_eq!(parse_e164("34600123456"), None, "no plus");
        assert_eq!(parse_e164("+034600123456"), None, "leading zero");
        assert_eq!(parse_e164("+34 600 123 456"), None, "spaces");
        assert_eq!(parse_e164("+3460012345a"), None);
        assert_eq!(parse_e164(""), None);
    }
}
