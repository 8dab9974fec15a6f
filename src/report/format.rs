//! Numbers as the report, the console and the tables show them: no float noise
//! (`0.30000000000000004` is 0.3), no "-0".

/// A score, cut-off or share: at most four decimals, no trailing zeros; six for a value
/// between 0 and 1 that four would round to 1 (a probability cut-off such as 0.999902).
pub fn number(value: f64) -> String {
    let decimals = if value > 0.9999 && value < 1.0 { 6 } else { 4 };
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// A rate as a percentage with one decimal ("98.7%"); two below 1% and above 99%, where
/// operators read precision ("99.94%").
pub fn percent(value: f64) -> String {
    let decimals = if !(0.01..=0.99).contains(&value) && value != 0.0 && value != 1.0 { 2 } else { 1 };
    let text = format!("{:.decimals$}%", value * 100.0);
    match text.strip_prefix('-') {
        Some(rest) if rest.trim_end_matches('%').parse::<f64>() == Ok(0.0) => rest.to_string(),
        _ => text,
    }
}

/// An optional share in a sentence: its [`number`], or "unknown".
pub fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "unknown".to_string(), number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_rates_read_well() {
        assert_eq!(number(0.30000000000000004), "0.3");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(number(88.0), "88");
        assert_eq!(number(0.999902), "0.999902");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(-12.34567), "-12.3457");
        assert_eq!(percent(0.987), "98.7%");
        assert_eq!(percent(0.9994), "99.94%");
        assert_eq!(percent(0.0031), "0.31%");
        assert_eq!(percent(-0.0000001), "0.00%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(share(None), "unknown");
    }
}
