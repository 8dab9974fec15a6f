//! The `kyclink` binary: parse the arguments, call the library, map errors to exit codes
//! (0: the job ran, whatever its rows said; 2: usage or input-file errors; 1: anything else;
//! 3: `drift --fail-on-drift` flagged drift).

mod cli;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, JobArgs};
use kyclink::jobs::{JobFactory, age_verification, device_swap, insights, kyc_match};
use kyclink::normalize::Timestamp;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    remove_partial_files_on_signals();
    match run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kyclink: {error:#}");
            let input_error =
                error.chain().any(|e| e.downcast_ref::<kyclink::Error>().is_some_and(kyclink::Error::is_input_error));
            ExitCode::from(if input_error { 2 } else { 1 })
        }
    }
}

/// Runs the command; its exit code when it ran: 0, or 3 for drift flagged with
/// `--fail-on-drift`.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Match(args) => {
            // --model: the model to reuse when the file exists, else where to save the one the
            // run trains, so that successive batches are scored on one scale.
            let path = args.model.as_deref();
            args.job.refuse_overwrites(path)?;
            let saved = path.filter(|p| p.exists()).map(read_model).transpose()?;
            let factory = kyc_match::Factory { model: saved, explain: args.explain, term_counts: None };
            let run = run_job(&args.job, path, &factory)?;
            if let (Some(path), Some(model)) = (path, &run.model) {
                kyclink::io::write_file(path, model.to_json().as_bytes())
                    .with_context(|| format!("saving the model to {}", path.display()))?;
            }
        }
        Command::Age(args) => {
            let as_of = args.as_of.unwrap_or_else(|| Timestamp::now().utc_date());
            run_job(&args.job, None, &age_verification::Factory { age_threshold: args.age_threshold, as_of })?;
        }
        Command::Swap(args) => {
            let as_of = args.as_of.unwrap_or_else(Timestamp::now);
            run_job(&args.job, None, &device_swap::Factory { max_age: args.max_age, as_of })?;
        }
        Command::Insights(args) => {
            let factory = insights::Factory { scoring_type: args.scoring_type, precision: args.precision };
            run_job(&args.job, None, &factory)?;
        }
        Command::Calibrate(args) => {
            let summary = kyclink::report::calibrate(&args.options())?;
            for warning in &summary.warnings {
                eprintln!("kyclink: warning: {warning}");
            }
            eprint!("{summary}");
            eprintln!("report: {}", args.report.join("report.html").display());
        }
        Command::Stats(args) => {
            if let Some(out) = args.out.as_deref().filter(|out| out.as_os_str() != "-") {
                let (status, scores) = (
                    kyclink::report::stats::companion_path(out, "status"),
                    kyclink::report::stats::companion_path(out, "scores"),
                );
                let inputs = [("--results", args.results.as_path())];
                let outputs = [("--out", out), ("--out (status table)", &status), ("--out (scores table)", &scores)];
                kyclink::io::refuse_overwrites(&inputs, &outputs)?;
            }
            let stats = kyclink::report::stats(&args.results, &args.by, &args.cutoff)?;
            match &args.out {
                Some(path) if path.as_os_str() != "-" => stats.write(path)?,
                _ => write!(std::io::stdout().lock(), "{stats}")?,
            }
        }
        Command::Drift(args) => {
            let options = kyclink::report::drift::DriftOptions {
                baseline: args.baseline,
                current: args.current,
                by: args.by,
                cutoffs: args.cutoff,
                report: args.report,
            };
            let summary = kyclink::report::drift::drift(&options)?;
            eprint!("{summary}");
            if summary.flagged && args.fail_on_drift {
                return Ok(ExitCode::from(3));
            }
        }
        Command::Generate(args) => {
            let options = kyclink::generate::GenerateOptions {
                subscribers: args.subscribers,
                candidates: args.candidates,
                seed: args.seed,
                out_dir: args.out,
                format: args.format,
            };
            let report = kyclink::generate::generate(&options)?;
            let kinds: Vec<String> = report.kinds.iter().map(|(kind, rows)| format!("{kind} {rows}")).collect();
            eprintln!(
                "generated {} subscribers and {} candidates ({})",
                report.subscribers,
                report.candidates,
                kinds.join(", ")
            );
            for file in &report.files {
                eprintln!("  {}", file.display());
            }
        }
        Command::Profile => print!("{}", kyclink::profile::DEFAULT_PROFILE),
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a job from its files (`model`: a `--model` path, reused or to be saved, which no
/// other output may be), prints its summary and writes `--summary`.
fn run_job(args: &JobArgs, model: Option<&Path>, factory: &dyn JobFactory) -> anyhow::Result<kyclink::pipeline::Run> {
    args.refuse_overwrites(model)?;
    let options = args.options()?;
    let run = kyclink::pipeline::run(&options, factory)?;
    let summary = &run.summary;
    for warning in &summary.warnings {
        eprintln!("kyclink: warning: {warning}");
    }
    eprint!("{summary}");
    if let Some(path) = &args.summary {
        kyclink::io::write_file(path, summary.to_json().as_bytes())
            .with_context(|| format!("writing the summary to {}", path.display()))?;
    }
    Ok(run)
}

/// A model saved by an earlier `match --model`.
fn read_model(path: &Path) -> Result<kyclink::aggregate::fellegi_sunter::Model, kyclink::Error> {
    let error = |message: String| kyclink::Error::Model { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    kyclink::aggregate::fellegi_sunter::Model::from_json(&text).map_err(error)
}

/// On SIGINT, SIGTERM and SIGHUP, removes the temporary files of unfinished outputs, then
/// ends as the signal would have (a shell sees 130 for Ctrl-C). Without the handler the
/// signal ends the process at once and leaves them behind (their names never collide with
/// a later run's, so a leftover is only litter).
fn remove_partial_files_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    let watcher = std::thread::Builder::new().name("kyclink-signals".into()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            kyclink::io::remove_partial_files();
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
    // Without the thread the signals still end the run, only without the clean-up.
    drop(watcher);
}

/// A closed pipe (`kyclink match ... | head`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
