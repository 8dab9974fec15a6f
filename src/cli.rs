//! The command line, in two stages (as ripgrep's LowArgs/HiArgs): clap structs hold the raw
//! values; [`JobArgs::options`] turns them into the library's validated [`RunOptions`].

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use kyclink::io::{DEFAULT_BATCH_SIZE, Format};
use kyclink::pipeline::RunOptions;
use kyclink::profile::Profile;
use std::io::IsTerminal;
use std::path::PathBuf;

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
    Match(JobArgs),
    /// Print the default operator profile, with comments.
    Profile,
}

/// Options shared by every batch job.
#[derive(Debug, Args)]
pub struct JobArgs {
    /// Candidate requests: CSV with a header row of CAMARA property names (or headers mapped
    /// by the profile), plus an optional requestId.
    #[arg(long, value_name = "FILE")]
    pub candidates: PathBuf,
    /// The operator's subscriber extract (CSV); needs a phoneNumber column.
    #[arg(long, value_name = "FILE")]
    pub extract: PathBuf,
    /// Where to write the results (CSV); `-` is standard output. Written to a temporary
    /// file and renamed when complete.
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub out: PathBuf,
    /// Output format (csv, parquet, ndjson) when not the one --out's extension implies;
    /// inputs follow their own extensions (.csv, .parquet, .ndjson/.jsonl, each maybe .gz).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Operator profile (TOML): column mapping, normalisation, scores. See `kyclink profile`.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Scoring threads; 0 means one per core. Results do not depend on it.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Also write the summary of row outcomes as JSON to this file.
    #[arg(long, value_name = "FILE.json")]
    pub summary: Option<PathBuf>,
    /// Candidate columns to pass through to the output, comma-separated.
    #[arg(long, value_name = "COL,...", value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Rows read, scored and written per batch (memory grows with it, not with the file).
    #[arg(long, value_name = "ROWS", default_value_t = DEFAULT_BATCH_SIZE, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch_size: u32,
}

impl JobArgs {
    /// The validated run options (reads the profile).
    pub fn options(&self) -> anyhow::Result<RunOptions> {
        let profile = match &self.profile {
            Some(path) => Profile::load(path).context("loading the operator profile")?,
            None => Profile::default(),
        };
        Ok(RunOptions {
            candidates: self.candidates.clone(),
            extract: self.extract.clone(),
            out: self.out.clone(),
            format: self.format,
            profile,
            threads: self.threads,
            keep: self.keep.clone(),
            batch_size: self.batch_size as usize,
            progress: std::io::stderr().is_terminal(),
        })
    }
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
        assert_eq!(args.keep, ["segment", "channel"]);
        assert_eq!(args.out, PathBuf::from("-"));
    }
}
