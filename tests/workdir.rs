//! A scratch directory to run the `kyclink` binary in, the way a user would (after xsv's
//! `tests/workdir.rs`): write input files, build a command, run it, read what it wrote.
//!
//! ```ignore
//! let wd = Workdir::new();
//! wd.write("candidates.csv", "phoneNumber,givenName\n+34600000001,Ana\n");
//! let mut cmd = wd.command("match");
//! cmd.args(["--candidates", "candidates.csv", "--extract", "extract.csv"]);
//! let table = Table::parse(&wd.stdout(&mut cmd));
//! eqnice!(vec!["200"], table.column("status"));
//! ```

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

/// Asserts that two values are equal; on failure prints both, one above the other, in
/// `{:#?}` form (as ripgrep's `eqnice!`), so long rows and tables read easily. An optional
/// third part is a `format!` context.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $got:expr $(,)?) => {
        $crate::eqnice!($expected, $got, "")
    };
    ($expected:expr, $got:expr, $($context:tt)+) => {
        // A match, as `assert_eq!` does, keeps the temporaries alive until the end.
        match (&$expected, &$got) {
            (expected, got) => {
                if expected != got {
                    panic!(
                        "\n\n{}\n\n=== expected ===\n{:#?}\n\n=== got ===\n{:#?}\n\n",
                        format!($($context)+),
                        expected,
                        got
                    );
                }
            }
        }
    };
}

/// A temporary directory, removed when dropped; commands run with it as their current directory.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new, empty directory.
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::Builder::new().prefix("kyclink-test-").tempdir().expect("a temporary directory") }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a text file.
    pub fn write(&self, name: &str, contents: &str) {
        self.write_bytes(name, contents.as_bytes());
    }

    /// Writes a file of raw bytes (for invalid UTF-8).
    pub fn write_bytes(&self, name: &str, contents: &[u8]) {
        std::fs::write(self.path().join(name), contents).unwrap_or_else(|e| panic!("writing {name}: {e}"));
    }

    /// Reads a text file the binary wrote.
    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path().join(name)).unwrap_or_else(|e| panic!("reading {name}: {e}"))
    }

    /// The names of every file in the directory, hidden ones included, sorted.
    pub fn files(&self) -> BTreeSet<String> {
        std::fs::read_dir(self.path())
            .expect("the work directory is readable")
            .map(|entry| entry.expect("a directory entry").file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// `kyclink <subcommand>`, to run in this directory.
    pub fn command(&self, subcommand: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kyclink"));
        cmd.current_dir(self.path()).arg(subcommand);
        cmd
    }

    /// Runs `cmd` to completion, whatever its exit code.
    pub fn run(&self, cmd: &mut Command) -> Output {
        cmd.output().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"))
    }

    /// Runs `cmd`, asserts it exits 0, and returns its standard output.
    #[track_caller]
    pub fn stdout(&self, cmd: &mut Command) -> String {
        let output = self.run(cmd);
        assert!(output.status.success(), "{cmd:?} failed ({}):\n{}", output.status, stderr(&output));
        String::from_utf8(output.stdout).expect("standard output is UTF-8")
    }

    /// Runs `cmd`, asserts it exits with `code`, and returns its standard error.
    #[track_caller]
    pub fn fails(&self, cmd: &mut Command, code: i32) -> String {
        let output = self.run(cmd);
        assert_eq!(output.status.code(), Some(code), "{cmd:?}: unexpected exit status; stderr:\n{}", stderr(&output));
        stderr(&output)
    }

    /// Reads a CSV file the binary wrote.
    pub fn read_csv(&self, name: &str) -> Table {
        Table::parse(&self.read(name))
    }
}

/// A command's standard error, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A CSV file with a header row, every cell a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header row.
    pub headers: Vec<String>,
    /// The data rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Parses CSV text (strictly: every row as wide as the header).
    pub fn parse(text: &str) -> Table {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("a header row").iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|record| record.expect("a well-formed CSV record").iter().map(String::from).collect())
            .collect();
        Table { headers, rows }
    }

    /// The position of `column` in the header; panics when absent.
    #[track_caller]
    pub fn index(&self, column: &str) -> usize {
        self.headers
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column} in {:?}", self.headers))
    }

    /// One cell.
    #[track_caller]
    pub fn cell(&self, row: usize, column: &str) -> &str {
        &self.rows[row][self.index(column)]
    }

    /// Every cell of one column, top to bottom.
    #[track_caller]
    pub fn column(&self, column: &str) -> Vec<&str> {
        let i = self.index(column);
        self.rows.iter().map(|row| row[i].as_str()).collect()
    }

    /// The non-empty cells of one row as `(column, value)`, in column order: the whole
    /// answer of a row, with every other cell known to be empty.
    pub fn filled(&self, row: usize) -> Vec<(&str, &str)> {
        self.filled_except(row, &[])
    }

    /// [`Table::filled`] without kyclink's aggregate columns (`identityMatchScore`,
    /// `matchWeight`, `matchProbability`): the per-attribute answers alone. The aggregates
    /// have their own tests.
    pub fn answers(&self, row: usize) -> Vec<(&str, &str)> {
        self.filled_except(row, &["identityMatchScore", "matchWeight", "matchProbability"])
    }

    fn filled_except(&self, row: usize, except: &[&str]) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .zip(&self.rows[row])
            .filter(|(header, value)| !value.is_empty() && !except.contains(&header.as_str()))
            .map(|(header, value)| (header.as_str(), value.as_str()))
            .collect()
    }
}
