//! The command line, in two stages (as ripgrep's LowArgs/HiArgs): clap structs hold the raw
//! values; [`JobArgs::options`] turns them into the library's validated [`RunOptions`].

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use kyclink::io::{DEFAULT_BATCH_SIZE, Format, MAX_BATCH_SIZE};
use kyclink::jobs::device_swap::DEFAULT_MAX_AGE;
use kyclink::normalize::Date;
use kyclink::normalize::Timestamp;
use kyclink::pipeline::{EngineOptions, RunOptions};
use kyclink::profile::{Precision, Profile};
use kyclink::spec::ScoringType;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Offline, batch CAMARA identity checks for mobile operators.
#[derive(Debug, Parser)]
#[command(name = "kyclink", version, about, max_term_width = 100)]
pub struct Cli {
    /// What to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// KYC Match: compare each candidate identity with the subscriber behind its phone number.
    Match(MatchArgs),
    /// KYC Age Verification: is each subscriber at least ageThreshold years old?
    Age(AgeArgs),
    /// Device Swap: did the device behind each phone number change within maxAge hours?
    Swap(SwapArgs),
    /// Customer Insights: each subscriber's risk score on the requested scale.
    Insights(InsightsArgs),
    /// Calibrate score cut-offs from a results file (and labels): tables, charts, HTML report.
    Calibrate(CalibrateArgs),
    /// Match-rate statistics of a results file, per attribute and status, optionally grouped.
    Stats(StatsArgs),
    /// Has a batch moved since a baseline? Score distributions, answer shares, match rates.
    Drift(DriftArgs),
    /// Generate a deterministic synthetic workload: extract, candidates and labels.
    Generate(GenerateArgs),
    /// Print the default operator profile, with comments.
    Profile,
}

/// Options shared by every batch job.
#[derive(Debug, Args)]
pub struct JobArgs {
    /// Candidate requests (.csv, .parquet, .ndjson/.jsonl; CSV and NDJSON maybe .gz) with
    /// CAMARA property names (or headers mapped by the profile), plus an optional requestId.
    #[arg(long, value_name = "FILE")]
    pub candidates: PathBuf,
    /// The operator's subscriber extract (.csv, .parquet, ...); needs a phoneNumber column.
    #[arg(long, value_name = "FILE")]
    pub extract: PathBuf,
    /// Where to write the results, in the format its extension implies (CSV when none); `-`
    /// is standard output. Written to a temporary file and renamed when complete.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub out: PathBuf,
    /// Output format (csv, parquet, ndjson), overriding --out's extension; inputs follow
    /// their own extensions.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Operator profile (TOML): column mapping, normalisation, scores. See `kyclink profile`.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// The field delimiter of CSV inputs, e.g. ';' ('\t' or tab for tab-separated files);
    /// default the profile's delimiter, else ','.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<char>,
    /// Scoring threads; 0 means one per core. Results do not depend on it.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Also write the summary of row outcomes as JSON to this file.
    #[arg(long, value_name = "FILE.json")]
    pub summary: Option<PathBuf>,
    /// Candidate columns to pass through to the output, comma-separated.
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Rows read, scored and written per batch, 1..1000000 (memory grows with it, not with
    /// the file).
    #[arg(long, value_name = "ROWS", default_value_t = DEFAULT_BATCH_SIZE,
          value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_BATCH_SIZE)))]
    pub batch_size: u32,
}

/// `kyclink match`.
#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The options every job shares.
    #[command(flatten)]
    pub job: JobArgs,
    /// The Fellegi-Sunter model (JSON): reused when the file exists, so that successive
    /// batches are scored on one scale; else trained on this batch and saved there.
    #[arg(long, value_name = "FILE.json")]
    pub model: Option<PathBuf>,
    /// Also write each attribute's comparison level and weight (<attr>Level, <attr>Weight).
    #[arg(long)]
    pub explain: bool,
}

/// `kyclink age`.
#[derive(Debug, Args)]
pub struct AgeArgs {
    /// The options every job shares.
    #[command(flatten)]
    pub job: JobArgs,
    /// The threshold, in years (0..120), of rows without an ageThreshold column value.
    #[arg(long, value_name = "YEARS", value_parser = clap::value_parser!(u32).range(0..=120))]
    pub age_threshold: Option<u32>,
    /// The date ages are computed on, YYYY-MM-DD; default today (UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// `kyclink swap`.
#[derive(Debug, Args)]
pub struct SwapArgs {
    /// The options every job shares.
    #[command(flatten)]
    pub job: JobArgs,
    /// The maxAge, in hours (1..2400), of rows without a maxAge column value.
    #[arg(long, value_name = "HOURS", default_value_t = DEFAULT_MAX_AGE,
          value_parser = clap::value_parser!(u32).range(1..=2400))]
    pub max_age: u32,
    /// The reference time, RFC 3339 (e.g. 2025-06-30T12:00:00Z); default now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_timestamp)]
    pub as_of: Option<Timestamp>,
}

/// `kyclink insights`.
#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// The options every job shares.
    #[command(flatten)]
    pub job: JobArgs,
    /// The scale (gaugeMetric, veritasIndex) of rows without a scoringType column value;
    /// default the profile's insights_default_scoring_type.
    #[arg(long, value_name = "TYPE")]
    pub scoring_type: Option<ScoringType>,
    /// detailed: the operator's score; rough: the lower bound of its band. Default the
    /// profile's score_precision.
    #[arg(long, value_name = "PRECISION")]
    pub precision: Option<Precision>,
}

fn parse_delimiter(value: &str) -> Result<char, String> {
    let delimiter = match value {
        "\\t" | "tab" => '\t',
        _ => {
            let mut chars = value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => return Err("expected one character, or '\\t' for tab".into()),
            }
        }
    };
    kyclink::profile::check_delimiter(delimiter)?;
    Ok(delimiter)
}

fn parse_date(value: &str) -> Result<Date, String> {
    Date::parse(value).ok_or_else(|| "expected a date YYYY-MM-DD".into())
}

fn parse_timestamp(value: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(value).ok_or_else(|| "expected an RFC 3339 date-time, e.g. 2025-06-30T12:00:00Z".into())
}

impl JobArgs {
    /// Refuses, before anything is read or written, an output (`--out`, `--summary`, a
    /// `--model` to be saved) that is an input (`--candidates`, `--extract`, `--profile`, a
    /// `--model` to be reused) or another output, whatever the spelling.
    pub fn refuse_overwrites(&self, model: Option<&Path>) -> Result<(), kyclink::Error> {
        let mut inputs = vec![("--candidates", self.candidates.as_path()), ("--extract", self.extract.as_path())];
        inputs.extend(self.profile.as_deref().map(|p| ("--profile", p)));
        let mut outputs = vec![("--out", self.out.as_path())];
        outputs.extend(self.summary.as_deref().map(|s| ("--summary", s)));
        match model {
            Some(model) if model.exists() => inputs.push(("--model", model)),
            Some(model) => outputs.push(("--model", model)),
            None => {}
        }
        kyclink::io::refuse_overwrites(&inputs, &outputs)
    }

    /// The validated run options (reads the profile).
    pub fn options(&self) -> anyhow::Result<RunOptions> {
        let mut profile = match &self.profile {
            Some(path) => Profile::load(path).context("loading the operator profile")?,
            None => Profile::default(),
        };
        if let Some(delimiter) = self.delimiter {
            profile.delimiter = delimiter;
        }
        Ok(RunOptions {
            candidates: self.candidates.clone(),
            extract: self.extract.clone(),
            out: self.out.clone(),
            format: self.format,
            engine: EngineOptions {
                profile,
                threads: self.threads,
                keep: self.keep.clone(),
                batch_size: self.batch_size as usize,
            },
            progress: std::io::stderr().is_terminal(),
        })
    }
}

/// `kyclink calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Results of `kyclink match` (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,
    /// Labels, CSV or Parquet: requestId, isOwner (true/false, 1/0 or yes/no, as `generate`
    /// writes them) and optionally kind (owner, relative, ...); results rows without a label
    /// are left out. Labels in the results' order are read beside them.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,
    /// Only this score column (default: identityMatchScore, matchWeight, matchProbability and
    /// every <attr>MatchScore present).
    #[arg(long, value_name = "COL")]
    pub score: Option<String>,
    /// With labels: report the lowest cut-off whose precision reaches this (0 < P <= 1).
    #[arg(long, value_name = "P", default_value_t = 0.99, value_parser = parse_share)]
    pub target_precision: f64,
    /// Match rates per value of this column (a segment kept with `match --keep`, such as
    /// channel or country) at each aggregate score's suggested cut-off.
    #[arg(long, value_name = "COL")]
    pub by: Option<String>,
    /// The report directory: thresholds.csv, summary.json, SVG charts, report.html.
    #[arg(long, value_name = "DIR")]
    pub report: PathBuf,
}

impl CalibrateArgs {
    /// The library's options.
    pub fn options(&self) -> kyclink::report::CalibrateOptions {
        kyclink::report::CalibrateOptions {
            results: self.results.clone(),
            labels: self.labels.clone(),
            score: self.score.clone(),
            target_precision: self.target_precision,
            by: self.by.clone(),
            report: self.report.clone(),
        }
    }
}

fn parse_share(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err("expected a number above 0 and at most 1".into()),
    }
}

/// `kyclink generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Subscribers in the extract.
    #[arg(long, value_name = "N")]
    pub subscribers: usize,
    /// Candidate requests.
    #[arg(long, value_name = "M")]
    pub candidates: usize,
    /// The seed: the same seed gives the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Directory for extract.*, candidates.* and labels.csv (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Format of the extract and the candidates: csv or parquet (labels are always CSV).
    #[arg(long, value_name = "FORMAT", default_value = "csv")]
    pub format: Format,
}

/// `kyclink stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Results of `kyclink match` (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,
    /// Group by these columns, comma-separated (e.g. country,channel kept with --keep).
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    pub by: Vec<String>,
    /// The match rate at this cut-off of an aggregate score, per group: SCORE=VALUE (e.g.
    /// matchWeight=1.2), comma-separated or repeated, one per score.
    #[arg(long, value_name = "SCORE=VALUE", value_delimiter = ',', value_parser = parse_cutoff)]
    pub cutoff: Vec<(String, f64)>,
    /// Write the attribute table here (CSV or Parquet by extension), the status table beside
    /// it as <stem>.status.<ext> and the aggregate scores' as <stem>.scores.<ext>; default: all
    /// as Markdown on standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `kyclink drift`.
#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The reference results (CSV or Parquet) of `kyclink match`.
    #[arg(long, value_name = "RESULTS")]
    pub baseline: PathBuf,
    /// The results to compare with it.
    #[arg(long, value_name = "RESULTS")]
    pub current: PathBuf,
    /// Also compare the scores per value of this column (a segment kept with --keep).
    #[arg(long, value_name = "COL")]
    pub by: Option<String>,
    /// The match rates' cut-offs: SCORE=VALUE, comma-separated or repeated (default: the
    /// baseline's own suggestion without labels).
    #[arg(long, value_name = "SCORE=VALUE", value_delimiter = ',', value_parser = parse_cutoff)]
    pub cutoff: Vec<(String, f64)>,
    /// Write drift.json, drift.html and a chart per score here.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Exit with 3 when anything is flagged (for scheduled jobs); else 0 either way.
    #[arg(long)]
    pub fail_on_drift: bool,
}

fn parse_cutoff(value: &str) -> Result<(String, f64), String> {
    let (score, cutoff) = value.split_once('=').ok_or("expected SCORE=VALUE, e.g. matchWeight=1.2")?;
    let cutoff: f64 = cutoff.trim().parse().map_err(|_| format!("{cutoff:?} is not a number"))?;
    if !cutoff.is_finite() {
        return Err("the cut-off must be a finite number".into());
    }
    Ok((score.trim().to_string(), cutoff))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn keep_takes_a_comma_separated_list() {
        let cli = Cli::parse_from([
            "kyclink",
            "match",
            "--candidates",
            "c.csv",
            "--extract",
            "e.csv",
            "--keep",
            "segment,channel",
        ]);
        let Command::Match(args) = cli.command else { panic!("not match") };
        assert_eq!(args.job.keep, ["segment", "channel"]);
        assert_eq!(args.job.out, PathBuf::from("-"));
        assert!(!args.explain);
    }

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        let common = ["kyclink", args[0], "--candidates", "c.csv", "--extract", "e.csv"];
        Cli::try_parse_from(common.iter().chain(&args[1..]))
    }

    #[test]
    fn the_sibling_jobs_share_the_job_options_and_check_their_own() {
        let Command::Age(age) =
            parse(&["age", "--age-threshold", "18", "--as-of", "2024-02-29", "--threads", "2"]).unwrap().command
        else {
            panic!("not age")
        };
        assert_eq!((age.age_threshold, age.as_of), (Some(18), Date::parse("2024-02-29")));
        assert_eq!(age.job.threads, 2);
        assert!(parse(&["age", "--age-threshold", "121"]).is_err());
        assert!(parse(&["age", "--as-of", "2023-02-29"]).is_err());

        let Command::Swap(swap) = parse(&["swap"]).unwrap().command else { panic!("not swap") };
        assert_eq!((swap.max_age, swap.as_of), (240, None));
        assert!(parse(&["swap", "--max-age", "0"]).is_err());
        assert!(parse(&["swap", "--max-age", "2401"]).is_err());
        assert!(parse(&["swap", "--as-of", "2025-06-30T12:00:00+02:00"]).is_ok());
        assert!(parse(&["swap", "--as-of", "2025-06-30"]).is_err());

        let insights = parse(&["insights", "--scoring-type", "veritasIndex", "--precision", "rough"]).unwrap();
        let Command::Insights(insights) = insights.command else { panic!("not insights") };
        assert_eq!(
            (insights.scoring_type, insights.precision),
            (Some(ScoringType::VeritasIndex), Some(Precision::Rough))
        );
        assert!(parse(&["insights", "--scoring-type", "fico"]).is_err());
        assert!(parse(&["insights", "--precision", "exact"]).is_err());
    }

    #[test]
    fn the_delimiter_is_one_character() {
        let delimiter = |value: &str| match parse(&["match", "--delimiter", value]).map(|cli| cli.command) {
            Ok(Command::Match(args)) => Ok(args.job.delimiter),
            Ok(_) => panic!("not match"),
            Err(_) => Err(()),
        };
        assert_eq!(delimiter(";"), Ok(Some(';')));
        assert_eq!(delimiter("\\t"), Ok(Some('\t')));
        assert_eq!(delimiter("tab"), Ok(Some('\t')));
        assert_eq!(delimiter("\t"), Ok(Some('\t')));
        for bad in [";;", "a", "\"", ""] {
            assert_eq!(delimiter(bad), Err(()), "{bad:?}");
        }
    }
}
