//! The Customer Insights scoring scales and their rating bands (SPEC.md section 6).

use serde::Deserialize;
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// A CAMARA Customer Insights scoring scale (`scoringType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
pub enum ScoringType {
    /// 300..850; higher is lower risk.
    #[default]
    #[serde(rename = "gaugeMetric")]
    GaugeMetric,
    /// 0..19; lower is lower risk.
    #[serde(rename = "veritasIndex")]
    VeritasIndex,
}

/// One rating band of a scale: its name and the scores it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    /// The band's name, e.g. `Very Good` or `AA`.
    pub name: &'static str,
    /// The lowest score of the band (what a rough answer gives).
    pub lower: u16,
    /// The highest score of the band.
    pub upper: u16,
}

const fn band(name: &'static str, lower: u16, upper: u16) -> Band {
    Band { name, lower, upper }
}

/// gaugeMetric bands, from the top.
const GAUGE_METRIC_BANDS: [Band; 5] = [
    band("Exceptional", 800, 850),
    band("Very Good", 740, 799),
    band("Good", 670, 739),
    band("Fair", 580, 669),
    band("Poor", 300, 579),
];

/// veritasIndex bands: pairs of scores, from the lowest risk.
const VERITAS_INDEX_BANDS: [Band; 10] = [
    band("AAA", 0, 1),
    band("AA", 2, 3),
    band("A", 4, 5),
    band("BBB", 6, 7),
    band("BB", 8, 9),
    band("B", 10, 11),
    band("CCC", 12, 13),
    band("CC", 14, 15),
    band("C", 16, 17),
    band("DDD", 18, 19),
];

impl ScoringType {
    /// Every scale.
    pub const ALL: [ScoringType; 2] = [ScoringType::GaugeMetric, ScoringType::VeritasIndex];

    /// The CAMARA name (`gaugeMetric`, `veritasIndex`).
    pub fn name(self) -> &'static str {
        match self {
            ScoringType::GaugeMetric => "gaugeMetric",
            ScoringType::VeritasIndex => "veritasIndex",
        }
    }

    /// The valid scores.
    pub fn range(self) -> RangeInclusive<u16> {
        match self {
            ScoringType::GaugeMetric => 300..=850,
            ScoringType::VeritasIndex => 0..=19,
        }
    }

    /// The rating bands, which together cover [`ScoringType::range`] exactly once.
    pub fn bands(self) -> &'static [Band] {
        match self {
            ScoringType::GaugeMetric => &GAUGE_METRIC_BANDS,
            ScoringType::VeritasIndex => &VERITAS_INDEX_BANDS,
        }
    }

    /// The band of `score`, or `None` when the score is outside the scale.
    pub fn band(self, score: u16) -> Option<Band> {
        self.bands().iter().copied().find(|b| (b.lower..=b.upper).contains(&score))
    }
}

impl FromStr for ScoringType {
    type Err = String;

    /// The scale with this CAMARA name (exact, case-sensitive, as the API's enum).
    fn from_str(name: &str) -> Result<ScoringType, String> {
        ScoringType::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| format!("unknown scoring type {name:?} (gaugeMetric, veritasIndex)"))
    }
}

impl fmt::Display for ScoringType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_each_range_exactly_once() {
        for scale in ScoringType::ALL {
            for score in 0..=1000u16 {
                let covering = scale.bands().iter().filter(|b| (b.lower..=b.upper).contains(&score)).count();
                let expected = usize::from(scale.range().contains(&score));
                assert_eq!(covering, expected, "{scale} {score}");
            }
        }
    }

    #[test]
    fn band_edges_follow_the_spec() {
        let gauge = |s| ScoringType::GaugeMetric.band(s).map(|b| (b.name, b.lower));
        assert_eq!(gauge(850), Some(("Exceptional", 800)));
        assert_eq!(gauge(800), Some(("Exceptional", 800)));
        assert_eq!(gauge(799), Some(("Very Good", 740)));
        assert_eq!(gauge(740), Some(("Very Good", 740)));
        assert_eq!(gauge(739), Some(("Good", 670)));
        assert_eq!(gauge(669), Some(("Fair", 580)));
        assert_eq!(gauge(580), Some(("Fair", 580)));
        assert_eq!(gauge(579), Some(("Poor", 300)));
        assert_eq!(gauge(300), Some(("Poor", 300)));
        assert_eq!(gauge(299), None);
        assert_eq!(gauge(851), None);
        let veritas = |s| ScoringType::VeritasIndex.band(s).map(|b| (b.name, b.lower));
        assert_eq!(veritas(0), Some(("AAA", 0)));
        assert_eq!(veritas(1), Some(("AAA", 0)));
        assert_eq!(veritas(2), Some(("AA", 2)));
        assert_eq!(veritas(13), Some(("CCC", 12)));
        assert_eq!(veritas(19), Some(("DDD", 18)));
        assert_eq!(veritas(20), None);
    }

    #[test]
    fn names_are_the_camara_enum() {
        assert_eq!("gaugeMetric".parse(), Ok(ScoringType::GaugeMetric));
        assert_eq!("veritasIndex".parse(), Ok(ScoringType::VeritasIndex));
        assert!("GaugeMetric".parse::<ScoringType>().is_err());
        assert!("".parse::<ScoringType>().is_err());
    }
}
