//! Whether an output would overwrite an input, or another output of the same run: files are
//! compared by identity (device and inode), not by spelling, so `x.csv`, `./d/../x.csv`, a
//! symbolic link to it and a hard link of it are one file. Checked before anything is written.
//!
//! Only regular files (and directories) count: writing to a device or FIFO (`/dev/null`,
//! `/dev/stdout`) replaces nothing, and a terminal may well be both `/dev/stdin` and
//! `/dev/stdout`.

use crate::error::Error;
use std::ffi::{OsStr, OsString};
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// A file's identity on this machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    device: u64,
    inode: u64,
}

#[cfg(unix)]
fn file_id(metadata: &Metadata, _path: &Path) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId { device: metadata.dev(), inode: metadata.ino() }
}

#[cfg(not(unix))]
fn file_id(_metadata: &Metadata, path: &Path) -> FileId {
    // Without inodes: the canonical path, hashed.
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf()).hash(&mut hasher);
    FileId { device: 0, inode: hasher.finish() }
}

/// Where writing a path puts its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// An existing regular file (or directory), symbolic links followed.
    Existing(FileId),
    /// A new file: its directory and name.
    New(FileId, OsString),
    /// Standard output, a device, a FIFO, or a directory that does not exist: nothing that a
    /// run could destroy.
    Elsewhere,
}

fn place(path: &Path) -> Place {
    if path.as_os_str() == "-" {
        return Place::Elsewhere;
    }
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() || metadata.is_dir() => Place::Existing(file_id(&metadata, path)),
        Ok(_) => Place::Elsewhere,
        Err(_) => {
            let directory = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            match (std::fs::metadata(directory), path.file_name()) {
                (Ok(metadata), Some(name)) => Place::New(file_id(&metadata, directory), name.to_os_string()),
                _ => Place::Elsewhere,
            }
        }
    }
}

/// The identity of an existing input file; `None` when it does not exist (opening it will
/// say so) or is not a regular file.
fn input_id(path: &Path) -> Option<FileId> {
    std::fs::metadata(path).ok().filter(Metadata::is_file).map(|metadata| file_id(&metadata, path))
}

fn same_file(output_role: &str, output: &Path, other_role: &str, other: &Path) -> Error {
    Error::SameFile {
        output_role: output_role.to_string(),
        output: output.to_path_buf(),
        other_role: other_role.to_string(),
        other: other.to_path_buf(),
    }
}

/// Refuses when an output (`(option, path)`) is the same file as an input or as another
/// output; the error names both paths.
pub fn refuse_overwrites(inputs: &[(&str, &Path)], outputs: &[(&str, &Path)]) -> Result<(), Error> {
    let inputs: Vec<(&str, &Path, FileId)> =
        inputs.iter().filter_map(|&(role, path)| input_id(path).map(|id| (role, path, id))).collect();
    let mut placed: Vec<(&str, &Path, Place)> = Vec::with_capacity(outputs.len());
    for &(role, path) in outputs {
        let here = place(path);
        if let Place::Existing(id) = &here
            && let Some((input_role, input, _)) = inputs.iter().find(|(_, _, input)| input == id)
        {
            return Err(same_file(role, path, input_role, input));
        }
        if here != Place::Elsewhere
            && let Some((other_role, other, _)) = placed.iter().find(|(_, _, other)| *other == here)
        {
            return Err(same_file(role, path, other_role, other));
        }
        placed.push((role, path, here));
    }
    Ok(())
}

/// Refuses when a file in `directory` that a run would write (a name `writes` accepts) is
/// one of `inputs`: for outputs named by the run, such as a report directory's files.
pub fn refuse_overwrites_in(
    role: &str,
    directory: &Path,
    writes: impl Fn(&OsStr) -> bool,
    inputs: &[(&str, &Path)],
) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(directory) else { return Ok(()) };
    let written: Vec<PathBuf> =
        entries.filter_map(Result::ok).filter(|e| writes(&e.file_name())).map(|e| e.path()).collect();
    let outputs: Vec<(&str, &Path)> = written.iter().map(|path| (role, path.as_path())).collect();
    refuse_overwrites(inputs, &outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_under_any_spelling_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        std::fs::write(&input, "x\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let inputs = [("--candidates", input.as_path())];
        let dotted = dir.path().join("sub/../in.csv");
        assert!(refuse_overwrites(&inputs, &[("--out", &input)]).is_err());
        assert!(refuse_overwrites(&inputs, &[("--out", &dotted)]).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            let hard = dir.path().join("hard.csv");
            std::fs::hard_link(&input, &hard).unwrap();
            let message = refuse_overwrites(&inputs, &[("--out", &link)]).unwrap_err().to_string();
            assert!(message.contains("link.csv") && message.contains("in.csv"), "{message}");
            assert!(refuse_overwrites(&inputs, &[("--out", &hard)]).is_err());
        }
        assert!(refuse_overwrites(&inputs, &[("--out", &dir.path().join("out.csv"))]).is_ok());
        assert!(refuse_overwrites(&inputs, &[("--out", Path::new("-"))]).is_ok());
    }

    #[test]
    fn two_outputs_of_one_run_may_not_be_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.json");
        let dotted = dir.path().join(".").join("new.json");
        let message = refuse_overwrites(&[], &[("--out", &new), ("--summary", &dotted)]).unwrap_err().to_string();
        assert!(message.starts_with("--summary"), "{message}");
        assert!(refuse_overwrites(&[], &[("--out", &new), ("--summary", &dir.path().join("s.json"))]).is_ok());
        #[cfg(unix)]
        assert!(
            refuse_overwrites(&[], &[("--out", Path::new("/dev/null")), ("--summary", Path::new("/dev/null"))]).is_ok(),
            "a device is written in place, not replaced"
        );
    }

    #[test]
    fn a_directory_of_outputs_may_not_hold_an_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("summary.json");
        std::fs::write(&input, "{}").unwrap();
        let writes = |name: &OsStr| name == "summary.json";
        let inputs = [("--results", input.as_path())];
        assert!(refuse_overwrites_in("--report", dir.path(), writes, &inputs).is_err());
        assert!(refuse_overwrites_in("--report", dir.path(), |_: &OsStr| false, &inputs).is_ok());
        assert!(refuse_overwrites_in("--report", &dir.path().join("none"), writes, &inputs).is_ok());
    }
}
