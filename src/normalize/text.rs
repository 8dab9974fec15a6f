//! Free-text profiles: Mobile Connect (the default), KPN's Dutch rules, and exact.

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use unicode_normalization::char::decompose_canonical;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// How free text (names, addresses, ...) is canonicalised before comparison (SPEC.md 7, 9.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextProfile {
    /// NFKC, lower case, accents folded, every non-alphanumeric removed (spaces too).
    #[default]
    MobileConnect,
    /// KPN: NFKC, lower case, ä/ö/ü to ae/oe/ue, accents folded, non-alphanumerics to single
    /// spaces, Dutch family-name prefixes removed.
    Nl,
    /// Trimmed only.
    Exact,
}

/// Dutch family-name prefixes ("van der", "vd", "v.d.", "de", ...), as tokens after folding.
const DUTCH_PREFIXES: &[&str] =
    &["van", "der", "den", "de", "het", "t", "ter", "ten", "te", "vd", "v", "d", "op", "in", "aan", "s"];

/// Appends the canonical form of the trimmed free-text `value` to `out`; `strip_prefixes`
/// removes Dutch prefixes under the `nl` profile.
pub(super) fn normalize(profile: TextProfile, value: &str, strip_prefixes: bool, out: &mut String) {
    match profile {
        TextProfile::Exact => out.push_str(value),
        // The common case, without allocation: ASCII needs neither NFKC nor folding.
        TextProfile::MobileConnect if super::ascii_lower_into(value, |b| b.is_ascii_alphanumeric(), out) => {}
        TextProfile::MobileConnect if fold_fast(value, false, out) => {}
        TextProfile::MobileConnect | TextProfile::Nl => {
            general(profile, value, strip_prefixes, false, out);
        }
    }
}

/// Appends the canonical form of the trimmed free-text `value` in the order given, then its
/// form with the parts sorted (full names and addresses, whose order varies by country), from
/// one fold; returns where the first ends. The exact profile has no parts: its one form, and
/// nothing after it.
pub(super) fn both_orders(profile: TextProfile, value: &str, strip_prefixes: bool, out: &mut String) -> usize {
    match profile {
        TextProfile::Exact => {
            out.push_str(value);
            out.len()
        }
        TextProfile::MobileConnect if let Some(split) = both_orders_fast(value, out) => split,
        TextProfile::MobileConnect | TextProfile::Nl => general(profile, value, strip_prefixes, true, out),
    }
}

/// The general path of [`normalize`] (and, with `sorted_too`, of [`both_orders`]):
/// NFKC, fold, split into parts; returns where the form in the given order ends.
fn general(profile: TextProfile, value: &str, strip_prefixes: bool, sorted_too: bool, out: &mut String) -> usize {
    let dutch = profile == TextProfile::Nl;
    let mut folded = String::with_capacity(value.len() + 4);
    fold_into(value, dutch, &mut folded);
    let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    if dutch && strip_prefixes && tokens.iter().any(|t| !DUTCH_PREFIXES.contains(t)) {
        tokens.retain(|t| !DUTCH_PREFIXES.contains(t));
    }
    let separator = if dutch { " " } else { "" };
    push_nfkc(&tokens.join(separator), out);
    let split = out.len();
    if sorted_too {
        tokens.sort_unstable();
        push_nfkc(&tokens.join(separator), out);
    }
    split
}

/// Appends `joined` as NFKC: removing separators can put combining marks side by side, which
/// NFKC would reorder on a second pass, and the canonical form must already be NFKC.
fn push_nfkc(joined: &str, out: &mut String) {
    if is_nfkc_quick(joined.chars()) == IsNormalized::Yes {
        out.push_str(joined);
    } else {
        out.extend(joined.nfkc());
    }
}

/// The first and last characters of the Latin-1 Supplement and Latin Extended-A, where most
/// European names live.
const LATIN_FIRST: char = '\u{a0}';
const LATIN_LAST: char = '\u{17f}';

/// The Mobile Connect fold of each character in `LATIN_FIRST..=LATIN_LAST`, computed once by
/// the general path (between two letters, so that a separator shows as a space), so the fast
/// paths are equal to it by construction.
static LATIN_FOLDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    (LATIN_FIRST..=LATIN_LAST)
        .map(|c| {
            let mut folded = String::new();
            fold_into(&format!("a{c}a"), false, &mut folded);
            folded[1..folded.len() - 1].to_string()
        })
        .collect()
});

/// Japanese characters that NFKC and lower-casing leave as they are and that compose with
/// nothing: hiragana, full-width katakana, the prolonged sound mark, the iteration mark (as
/// in 佐々木) and the CJK unified ideographs (half-width katakana and combining voicing marks
/// are not among them). Every one is alphanumeric (a test checks it), so the fast path need
/// not look each up.
fn is_stable_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{30fc}' | '\u{3005}' | '\u{4e00}'..='\u{9fff}')
}

/// Japanese marks that separate parts, as white space does: the ideographic space, comma and
/// full stop, the postal mark of addresses (〒) and the katakana middle dot. None is
/// alphanumeric, and NFKC leaves each as it is or makes it a space (a test checks both).
fn is_japanese_separator(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{3002}' | '\u{3012}' | '\u{30fb}')
}

/// Appends the lower-case, accent-folded form of `value` without NFKC when every character is
/// ASCII, a Latin character of the table, stable Japanese or a Japanese separator (NFKC
/// composes nothing there: no combining marks), with a space where the general path separates
/// parts when `spaced`, else with none; returns false, with `out` unchanged, otherwise.
fn fold_fast(value: &str, spaced: bool, out: &mut String) -> bool {
    let start = out.len();
    let mut rest = value;
    loop {
        // A run of ASCII letters and digits is copied whole, and lower-cased with the rest
        // at the end (the table's folds and Japanese have no ASCII capitals).
        let run = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
        out.push_str(&rest[..run]);
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if c.is_ascii() {
            if spaced {
                out.push(' ');
            }
        } else if (LATIN_FIRST..=LATIN_LAST).contains(&c) {
            let folded = &LATIN_FOLDS[c as usize - LATIN_FIRST as usize];
            if spaced {
                out.push_str(folded);
            } else {
                out.extend(folded.chars().filter(|c| *c != ' '));
            }
        } else if is_stable_japanese(c) {
            out.push(c);
        } else if is_japanese_separator(c) {
            if spaced {
                out.push(' ');
            }
        } else {
            out.truncate(start);
            return false;
        }
    }
    out[start..].make_ascii_lowercase();
    true
}

/// Parts a value may have on the fast path of [`both_orders_fast`]; more take the general path.
const MAX_SORTED_PARTS: usize = 16;

/// The fast path of [`both_orders`] under Mobile Connect, by [`fold_fast`]; `None`,
/// with `out` unchanged, when `value` is outside it. The spaced fold goes to a buffer of its
/// own, its parts from there to `out` in order and then sorted: one allocation costs fewer
/// instructions than copying each part within `out` and cutting the fold out after.
fn both_orders_fast(value: &str, out: &mut String) -> Option<usize> {
    let mut spaced = String::with_capacity(value.len() + value.len() / 2);
    if !fold_fast(value, true, &mut spaced) {
        return None;
    }
    let mut parts = [""; MAX_SORTED_PARTS];
    let mut count = 0;
    for part in spaced.split(' ').filter(|p| !p.is_empty()) {
        if count == MAX_SORTED_PARTS {
            return None;
        }
        parts[count] = part;
        count += 1;
    }
    let parts = &mut parts[..count];
    out.reserve(2 * spaced.len());
    parts.iter().for_each(|part| out.push_str(part));
    let split = out.len();
    parts.sort_unstable();
    parts.iter().for_each(|part| out.push_str(part));
    Some(split)
}

/// Writes the lower-case, accent-folded alphanumeric runs of `value` to `out`, separated by
/// single spaces.
fn fold_into(value: &str, dutch: bool, out: &mut String) {
    let push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for c in value.nfkc().flat_map(char::to_lowercase) {
        if c.is_ascii() {
            push(c, out);
            continue;
        }
        let replacement = match c {
            'ä' | 'ö' | 'ü' if dutch => Some(match c {
                'ä' => "ae",
                'ö' => "oe",
                _ => "ue",
            }),
            'ß' => Some("ss"),
            'ð' | 'đ' => Some("d"),
            'ø' => Some("o"),
            'æ' => Some("ae"),
            'œ' => Some("oe"),
            'ł' => Some("l"),
            'þ' => Some("th"),
            'ı' => Some("i"),
            _ => None,
        };
        if let Some(replacement) = replacement {
            out.push_str(replacement);
        } else if is_latin(c) {
            // Fold accents: keep the base letter, drop the combining diacritical marks.
            decompose_canonical(c, |d| {
                if !('\u{300}'..='\u{36f}').contains(&d) {
                    push(d, out)
                }
            });
        } else {
            // Kana, CJK, Cyrillic...: kept as they are (NFKC already unified their widths).
            push(c, out);
        }
    }
}

/// Latin (and Greek) letters whose accents fold away; kana keep their voicing marks.
fn is_latin(c: char) -> bool {
    c < '\u{370}' || ('\u{1e00}'..='\u{1fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(profile: TextProfile, value: &str, strip: bool) -> String {
        let mut out = String::new();
        normalize(profile, value.trim(), strip, &mut out);
        out
    }

    /// Both forms of `value` under `profile`, from [`both_orders`].
    fn both(profile: TextProfile, value: &str, strip: bool) -> (String, String) {
        let mut out = String::from("kept");
        let split = both_orders(profile, value.trim(), strip, &mut out);
        assert!(out.starts_with("kept"), "what `out` held stays");
        (out[4..split].to_string(), out[split..].to_string())
    }

    fn mc(value: &str) -> String {
        run(TextProfile::MobileConnect, value, false)
    }

    #[test]
    fn mobile_connect_folds_the_listed_letters() {
        assert_eq!(mc("àèìòù äëïöü âêîôû áéíóú ðý ãñõ šžçåø"), "aeiouaeiouaeiouaeioudyanoszcao");
        assert_eq!(mc("Straße"), "strasse");
        assert_eq!(mc("Jean-Luc O'Neill"), "jeanluconeill");
        assert_eq!(mc("  María José  "), "mariajose");
        assert_eq!(mc("Łukasz Øster"), "lukaszoster");
    }

    #[test]
    fn nfkc_folds_full_width_latin_and_half_width_kana() {
        assert_eq!(mc("ＭＡＲＩＡ"), "maria");
        assert_eq!(mc("ﾔﾏﾀﾞ ﾀﾛｳ"), mc("ヤマダ　タロウ"));
        assert_eq!(mc("ヤマダ　タロウ"), "ヤマダタロウ");
        // Voicing marks are part of the reading, not an accent.
        assert_ne!(mc("ガ"), mc("カ"));
    }

    #[test]
    fn dutch_rules() {
        let nl = |v: &str| run(TextProfile::Nl, v, true);
        assert_eq!(nl("Müller-Lüdenscheidt"), "mueller luedenscheidt");
        assert_eq!(nl("van der Berg"), "berg");
        assert_eq!(nl("v.d. Berg"), "berg");
        assert_eq!(nl("de Vries"), "vries");
        assert_eq!(nl("Van"), "van", "a name that is only a prefix is kept");
        assert_eq!(run(TextProfile::Nl, "van der Berg", false), "van der berg");
        assert_eq!(both(TextProfile::Nl, "Berg van der, Jan", true), ("berg jan".into(), "berg jan".into()));
        assert_eq!(both(TextProfile::Nl, "Müller Ana", false), ("mueller ana".into(), "ana mueller".into()));
        assert_eq!(nl("Straße"), "strasse");
    }

    #[test]
    fn the_fast_paths_equal_the_general_path() {
        let general = |value: &str, sort: bool| {
            let mut folded = String::new();
            fold_into(value, false, &mut folded);
            let mut parts: Vec<&str> = folded.split(' ').filter(|p| !p.is_empty()).collect();
            if sort {
                parts.sort_unstable();
            }
            parts.concat()
        };
        for value in [
            "Ğüneş Çelik",
            "Łódź Œuvre ĳsbrand",
            "Þórður Ævarsson",
            "İstanbul ſ",
            "×÷ Ø ß",
            "Ŀlobregat×Zoë-Ŀa ŉ",
            "Rua 4º Dtº, 1ª ½ ¨µ\u{a0}²",
            "ヤマダ　タロウ",
            "岡本 悠斗 おかもと ゆうと ー",
            "〒160-0022 東京都新宿区、佐々木・ハナコ。",
        ] {
            let mut fast = String::new();
            assert!(fold_fast(value, false, &mut fast), "{value}");
            assert_eq!(fast, general(value, false), "{value}");
            let mut forms = String::from("kept");
            let split = both_orders_fast(value, &mut forms).expect(value);
            assert_eq!(&forms[..4], "kept");
            assert_eq!(forms[4..split], general(value, false), "{value}");
            assert_eq!(forms[split..], general(value, true), "{value}");
        }
        let mut out = String::from("kept");
        assert!(!fold_fast("Ana ﾔﾏﾀﾞ", false, &mut out), "half-width kana need NFKC");
        assert!(both_orders_fast("Ana カ\u{3099}", &mut out).is_none(), "a combining mark needs NFKC");
        let many_parts = (0..=MAX_SORTED_PARTS).map(|i| format!("Part{i}")).collect::<Vec<_>>().join(" ");
        assert!(both_orders_fast(&many_parts, &mut out).is_none(), "more parts than the fast path holds");
        assert_eq!(out, "kept");
        assert_eq!(
            both(TextProfile::MobileConnect, &many_parts, false),
            (general(&many_parts, false), general(&many_parts, true))
        );
    }

    #[test]
    fn stable_japanese_characters_are_all_alphanumeric() {
        let stable = ('\u{3000}'..='\u{a000}').filter(|c| is_stable_japanese(*c));
        assert_eq!(stable.clone().count(), 0x3096 - 0x3041 + 1 + 0x30fa - 0x30a1 + 1 + 2 + 0x9fff - 0x4e00 + 1);
        for c in stable {
            assert!(c.is_alphanumeric(), "U+{:04X}", c as u32);
            assert!(c.nfkc().eq([c]), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn japanese_separators_are_not_alphanumeric_and_stay_or_become_spaces_under_nfkc() {
        let separators: Vec<char> = ('\u{3000}'..='\u{a000}').filter(|c| is_japanese_separator(*c)).collect();
        assert_eq!(separators, ['\u{3000}', '、', '。', '〒', '・']);
        for c in separators {
            assert!(!c.is_alphanumeric(), "U+{:04X}", c as u32);
            let nfkc: String = c.nfkc().collect();
            assert!(nfkc == c.to_string() || nfkc == " ", "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn exact_only_trims() {
        assert_eq!(run(TextProfile::Exact, "  María ", false), "María");
        assert_eq!(both(TextProfile::Exact, "  María ", false), ("María".into(), String::new()));
    }

    #[test]
    fn sorting_makes_part_order_irrelevant() {
        let sorted = |v: &str| both(TextProfile::MobileConnect, v, false).1;
        assert_eq!(sorted("Garcia Lopez Maria"), sorted("Maria Garcia-Lopez"));
        assert_eq!(sorted("Calle Mayor 5"), "5callemayor");
    }
}
