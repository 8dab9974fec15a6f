//! The library's typed errors. A bad row is never one of these: it is data with a status.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in an input file something was found (rust-csv's convention: lines count from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number.
    pub line: u64,
}

/// A problem that stops a run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input file could not be opened or read.
    #[error("cannot read {}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The header row is missing or unreadable.
    #[error("{}: line {line}{}: {message}", path.display(), column_suffix(*column))]
    Header {
        /// The file.
        path: PathBuf,
        /// The line of the header.
        line: u64,
        /// The 1-based column, when one is at fault.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A column the job needs is not in the header.
    #[error("{}: line 1: no column {column}{} in the header", path.display(), mapped_suffix(header.as_deref()))]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The kyclink (CAMARA) name of the column.
        column: String,
        /// The operator header the profile maps it to, if any.
        header: Option<String>,
    },
    /// A data record could not be read (I/O failure mid-file).
    #[error("{}: line {}: {message}", path.display(), position.line)]
    Read {
        /// The file.
        path: PathBuf,
        /// Where.
        position: Position,
        /// What happened.
        message: String,
    },
    /// The operator profile is invalid.
    #[error("{}: invalid profile: {message}", path.display())]
    Profile {
        /// The profile file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A saved linkage model (`--model`) cannot be used.
    #[error("{}: invalid model: {message}", path.display())]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An output file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file (`-` for standard output).
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An output would overwrite an input, or another output of the same run.
    #[error("{output_role} {} is the same file as {other_role} {}: refusing to overwrite it", output.display(), other.display())]
    SameFile {
        /// The option naming the output (`--out`).
        output_role: String,
        /// The output as given.
        output: PathBuf,
        /// The option naming the other file (`--candidates`).
        other_role: String,
        /// The other file as given.
        other: PathBuf,
    },
    /// The arguments do not fit together.
    #[error("{0}")]
    Usage(String),
    /// An internal Arrow failure (a bug, not bad input).
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

fn column_suffix(column: Option<usize>) -> String {
    column.map(|c| format!(", column {c}")).unwrap_or_default()
}

fn mapped_suffix(header: Option<&str>) -> String {
    header.map(|h| format!(" (mapped from header {h:?})")).unwrap_or_default()
}

impl Error {
    /// An input file that cannot be opened.
    pub fn open(path: &Path, source: std::io::Error) -> Error {
        Error::Open { path: path.to_path_buf(), source }
    }

    /// Whether this is the user's to fix in arguments or input files (exit code 2).
    pub fn is_input_error(&self) -> bool {
        matches!(
            self,
            Error::Open { .. }
                | Error::Header { .. }
                | Error::MissingColumn { .. }
                | Error::Read { .. }
                | Error::Profile { .. }
                | Error::Model { .. }
                | Error::SameFile { .. }
                | Error::Usage(_)
        )
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)
    }
}
