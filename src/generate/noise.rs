//! Text-level noise: how people and agents mistype, re-case, shorten and re-spell what they
//! are asked for. Each function returns the changed value, or `None` when the change does
//! not apply to this value (so that the caller can try another).

use super::rng::Rng;

/// Accented Latin letters folded to ASCII, keeping case and everything else; `german`
/// writes ä ö ü as ae oe ue (the German convention), else as a o u.
pub(super) fn fold_accents(value: &str, german: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let folded = match c {
            'ä' if german => "ae",
            'ö' if german => "oe",
            'ü' if german => "ue",
            'Ä' if german => "Ae",
            'Ö' if german => "Oe",
            'Ü' if german => "Ue",
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => "a",
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => "A",
            'é' | 'è' | 'ê' | 'ë' | 'ę' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
            'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' => "I",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' => "O",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'Ú' | 'Ù' | 'Û' | 'Ü' => "U",
            'ñ' | 'ń' => "n",
            'Ñ' => "N",
            'ç' | 'č' => "c",
            'Ç' | 'Č' => "C",
            'ş' | 'š' | 'ș' => "s",
            'Ş' | 'Š' | 'Ș' => "S",
            'ţ' | 'ț' => "t",
            'ž' => "z",
            'ł' => "l",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'œ' => "oe",
            'æ' => "ae",
            'Œ' => "Oe",
            'Æ' => "Ae",
            'º' => "o",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(folded);
    }
    out
}

/// Keys next to each other on a QWERTY keyboard, for plausible substitutions.
fn neighbours(c: char) -> &'static str {
    match c {
        'a' => "qwsz",
        'b' => "vghn",
        'c' => "xdfv",
        'd' => "serfcx",
        'e' => "wsdr",
        'f' => "drtgvc",
        'g' => "ftyhbv",
        'h' => "gyujnb",
        'i' => "ujko",
        'j' => "huikmn",
        'k' => "jiolm",
        'l' => "kop",
        'm' => "njk",
        'n' => "bhjm",
        'o' => "iklp",
        'p' => "ol",
        'q' => "wa",
        'r' => "edft",
        's' => "awedxz",
        't' => "rfgy",
        'u' => "yhji",
        'v' => "cfgb",
        'w' => "qase",
        'x' => "zsdc",
        'y' => "tghu",
        'z' => "asx",
        '0' => "19",
        '1' => "02",
        '2' => "13",
        '3' => "24",
        '4' => "35",
        '5' => "46",
        '6' => "57",
        '7' => "68",
        '8' => "79",
        '9' => "80",
        _ => "aeiou",
    }
}

/// One typing mistake at a letter or digit: two neighbours transposed, one deleted, one
/// replaced by a key next to it (an accented letter by its plain one), or one doubled.
pub(super) fn typo(rng: &mut Rng, value: &str) -> Option<String> {
    let mut chars: Vec<char> = value.chars().collect();
    let positions: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_alphanumeric()).collect();
    if positions.len() < 2 {
        return None;
    }
    let i = rng.choose(&positions);
    match rng.below(4) {
        0 if i + 1 < chars.len() && chars[i + 1].is_alphanumeric() && chars[i] != chars[i + 1] => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        2 | 0 => {
            let original = chars[i];
            if original.is_ascii_alphanumeric() {
                let lower = original.to_ascii_lowercase();
                let options: Vec<char> = neighbours(lower).chars().filter(|&c| c != lower).collect();
                let replacement = rng.choose(&options);
                chars[i] = if original.is_ascii_uppercase() { replacement.to_ascii_uppercase() } else { replacement };
            } else {
                // An accented letter loses its accent; a kana or kanji is left out.
                match fold_accents(&original.to_string(), false).chars().next() {
                    Some(folded) if folded != original => chars[i] = folded,
                    _ => {
                        chars.remove(i);
                    }
                }
            }
        }
        _ => chars.insert(i, chars[i]),
    }
    Some(chars.into_iter().collect())
}

/// The value in upper case, lower case or with each word capitalised, whichever differs.
pub(super) fn recase(rng: &mut Rng, value: &str) -> Option<String> {
    let changed = match rng.below(3) {
        0 => value.to_uppercase(),
        1 => value.to_lowercase(),
        _ => title_case(value),
    };
    (changed != value).then_some(changed).or_else(|| {
        let upper = value.to_uppercase();
        (upper != value).then_some(upper)
    })
}

fn title_case(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut start = true;
    for c in value.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// The value with its accents folded, if it has any.
pub(super) fn drop_accents(value: &str) -> Option<String> {
    let folded = fold_accents(value, false);
    (folded != value).then_some(folded)
}

/// The value with the first `from` of `pairs` found in it replaced by its `to` (street
/// types by their abbreviations).
pub(super) fn abbreviate(value: &str, pairs: &[(&str, &str)]) -> Option<String> {
    pairs.iter().find(|(from, _)| value.contains(from)).map(|(from, to)| value.replacen(from, to, 1))
}

/// The `to` of the pair whose `from` is the whole value (another spelling, another name).
pub(super) fn substitute(rng: &mut Rng, value: &str, pairs: &[(&'static str, &'static str)]) -> Option<String> {
    let options: Vec<&str> = pairs.iter().filter(|(from, _)| *from == value).map(|(_, to)| *to).collect();
    (!options.is_empty()).then(|| rng.choose(&options).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::rng::Stream;

    #[test]
    fn folds_accents_the_usual_ways() {
        assert_eq!(fold_accents("Müller Straße", true), "Mueller Strasse");
        assert_eq!(fold_accents("Müller", false), "Muller");
        assert_eq!(fold_accents("Álvaro Núñez, 3º B", false), "Alvaro Nunez, 3o B");
    }

    #[test]
    fn typos_change_one_character() {
        let mut rng = Rng::new(3, Stream::Candidate, 0);
        for _ in 0..200 {
            let changed = typo(&mut rng, "García").unwrap();
            assert_ne!(changed, "García");
            assert!((5..=7).contains(&changed.chars().count()), "{changed}");
        }
        assert_eq!(typo(&mut rng, "A"), None);
    }

    #[test]
    fn typos_in_japanese_stay_japanese() {
        let mut rng = Rng::new(3, Stream::Candidate, 2);
        for _ in 0..100 {
            let changed = typo(&mut rng, "山本太郎").unwrap();
            assert!(!changed.chars().any(|c| c.is_ascii()), "{changed}");
        }
    }

    #[test]
    fn abbreviations_and_case() {
        assert_eq!(abbreviate("Calle Mayor", &[("Calle", "C/")]).as_deref(), Some("C/ Mayor"));
        assert_eq!(title_case("jean-pierre DUPONT"), "Jean-Pierre Dupont");
        let mut rng = Rng::new(3, Stream::Candidate, 1);
        assert!(recase(&mut rng, "Ana").is_some_and(|v| v != "Ana"));
    }
}
