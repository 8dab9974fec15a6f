//! Output files that appear only when complete: written under a temporary name of their own in
//! the target's directory and renamed on success, so a failed run never leaves a half file
//! that looks whole, and two runs to one target never write into one file.
//!
//! The temporary file is created exclusively (`O_CREAT | O_EXCL`) with an unpredictable name
//! (`.<target>.<random>.kyclink-partial`, by the `tempfile` crate): a file or symbolic link
//! already at some name, planted or left by a killed run, is never opened, only avoided. It is
//! synced before the rename and the directory after it, so that a crash just after a run that
//! reported success does not lose the output. Until then it is listed in a registry that
//! [`remove_partial_files`] empties, which the binary calls on SIGINT, SIGTERM and SIGHUP.

use crate::error::Error;
use flate2::Compression;
use flate2::write::GzEncoder;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// The temporary files of outputs not yet committed, for [`remove_partial_files`].
static PARTIAL_FILES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The registry, whether or not a thread panicked while holding it (a list of paths cannot be
/// left half updated).
fn partial_files() -> MutexGuard<'static, Vec<PathBuf>> {
    PARTIAL_FILES.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes the temporary file of every output not yet committed, and keeps any other from
/// being created or committed until the process ends: for a signal handler that is about to
/// end the process. Never returns the registry, so call it only on the way out.
pub fn remove_partial_files() {
    let files = partial_files();
    for file in files.iter() {
        let _ = std::fs::remove_file(file);
    }
    // Held until the process ends: an output created or committed from now on would survive it.
    std::mem::forget(files);
}

/// Where the bytes go.
enum Target {
    Stdout(io::Stdout),
    File(File),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(out) => out.write(buf),
            Target::File(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(out) => out.flush(),
            Target::File(file) => file.flush(),
        }
    }
}

/// The buffered writer, gzip-compressed for a `.gz` target.
enum Sink {
    Plain(BufWriter<Target>),
    Gzip(GzEncoder<BufWriter<Target>>),
}

impl Sink {
    /// Flushes every buffer (and ends the gzip stream) and returns the target.
    fn finish(self) -> io::Result<Target> {
        let buffered = match self {
            Sink::Plain(buffered) => buffered,
            Sink::Gzip(encoder) => encoder.finish()?,
        };
        buffered.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

/// The temporary file of an output written to a file, and the name it takes on commit.
struct Partial {
    temporary: PathBuf,
    target: PathBuf,
}

/// A buffered output: standard output, a device or FIFO written in place, or a file renamed
/// into place by [`OutputFile::commit`]; gzip-compressed when asked to.
pub struct OutputFile {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    /// `None` when written in place, or once committed.
    partial: Option<Partial>,
    /// `None` only once committed.
    sink: Option<Sink>,
}

impl OutputFile {
    /// Opens `path` for writing (`-` means standard output), gzip-compressing what is written
    /// when `gzip`.
    ///
    /// A path that already names something other than a regular file (`/dev/null`, a FIFO) is
    /// written in place: renaming over it would replace the device with a plain file, which
    /// as root breaks every program on the machine that writes to `/dev/null`. A symbolic
    /// link to a file is followed, so the link stays and the file it names is replaced.
    pub fn create(path: &Path, gzip: bool) -> Result<OutputFile, Error> {
        let error = |source| Error::Write { path: path.to_path_buf(), source };
        let existing = (path.as_os_str() != "-").then(|| std::fs::metadata(path));
        let (partial, target) = match existing {
            None => (None, Target::Stdout(io::stdout())),
            Some(Ok(metadata)) if !metadata.is_file() => {
                (None, Target::File(OpenOptions::new().write(true).open(path).map_err(error)?))
            }
            Some(metadata) => {
                let target = if metadata.is_ok() { path.canonicalize().map_err(error)? } else { path.to_path_buf() };
                let name =
                    target.file_name().ok_or_else(|| Error::Usage(format!("{}: not a file name", path.display())))?;
                let directory = match target.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                let prefix = format!(".{}.", name.to_string_lossy());
                // Registered under the lock, so that a signal cannot end the run between the
                // two and leave the file behind.
                let mut partials = partial_files();
                let created = tempfile::Builder::new()
                    .prefix(&prefix)
                    .suffix(".kyclink-partial")
                    .permissions(default_permissions())
                    .tempfile_in(directory)
                    .and_then(|file| file.keep().map_err(|e| e.error))
                    .map_err(error)?;
                let (file, temporary) = created;
                partials.push(temporary.clone());
                (Some(Partial { temporary, target }), Target::File(file))
            }
        };
        let buffered = BufWriter::with_capacity(1 << 16, target);
        let sink =
            if gzip { Sink::Gzip(GzEncoder::new(buffered, Compression::default())) } else { Sink::Plain(buffered) };
        Ok(OutputFile { path: path.to_path_buf(), partial, sink: Some(sink) })
    }

    /// The name to use in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs the file to disk and moves it to its final name, then syncs the
    /// directory, so that the name survives a crash too.
    pub fn commit(mut self) -> Result<(), Error> {
        let error = |source| Error::Write { path: self.path.clone(), source };
        let sink = self.sink.take().expect("an output is committed once");
        let target = sink.finish().map_err(error)?;
        let Some(partial) = &self.partial else { return Ok(()) };
        if let Target::File(file) = &target {
            file.sync_all().map_err(error)?;
        }
        drop(target);
        {
            let mut partials = partial_files();
            std::fs::rename(&partial.temporary, &partial.target).map_err(error)?;
            partials.retain(|p| *p != partial.temporary);
        }
        let directory = match partial.target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        File::open(directory).and_then(|d| d.sync_all()).map_err(error)?;
        self.partial = None;
        Ok(())
    }
}

/// What a new output file gets before the umask: what `File::create` gives (0666), as an
/// output had before temporary files were created exclusively (the `tempfile` default is 0600).
fn default_permissions() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o666)
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(".").map(|m| m.permissions()).expect("the current directory has permissions")
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.sink.as_mut() {
            Some(Sink::Plain(out)) => out.write(buf),
            Some(Sink::Gzip(out)) => out.write(buf),
            None => Err(io::Error::other("the output is already committed")),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(Sink::Plain(out)) => out.write_all(buf),
            Some(Sink::Gzip(out)) => out.write_all(buf),
            None => Err(io::Error::other("the output is already committed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.sink.as_mut() {
            Some(Sink::Plain(out)) => out.flush(),
            Some(Sink::Gzip(out)) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        // Not committed: the run failed, so the partial file goes.
        if let Some(partial) = self.partial.take() {
            let mut partials = partial_files();
            let _ = std::fs::remove_file(&partial.temporary);
            partials.retain(|p| *p != partial.temporary);
        }
    }
}

/// Writes `bytes` to `path` as [`OutputFile`] does (`-`: standard output; gzip for `.gz`): for
/// small outputs written whole, such as a summary or a model.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let mut output = OutputFile::create(path, super::is_gzip(path))?;
    output.write_all(bytes).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
    output.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn an_output_appears_only_when_committed_and_goes_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut output = OutputFile::create(&path, false).unwrap();
        output.write_all(b"a,b\n").unwrap();
        let partial = names(dir.path());
        assert_eq!(partial.len(), 1);
        assert!(partial[0].starts_with(".out.csv.") && partial[0].ends_with(".kyclink-partial"), "{partial:?}");
        output.commit().unwrap();
        assert_eq!(names(dir.path()), ["out.csv"]);
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");

        let mut failed = OutputFile::create(&path, false).unwrap();
        failed.write_all(b"half").unwrap();
        drop(failed);
        assert_eq!(names(dir.path()), ["out.csv"], "the partial file is removed");
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n", "the old output stays");
        assert!(!partial_files().iter().any(|p| p.starts_with(dir.path())), "and leaves the registry");
    }

    #[test]
    fn two_outputs_to_one_target_never_share_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut first = OutputFile::create(&path, false).unwrap();
        let mut second = OutputFile::create(&path, false).unwrap();
        first.write_all(b"first\n").unwrap();
        second.write_all(b"second\n").unwrap();
        second.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second\n");
        first.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first\n", "whole, never interleaved");
    }

    #[test]
    fn gzip_outputs_are_gzip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv.gz");
        write_file(&path, b"a,b\n1,2\n").unwrap();
        let mut text = String::new();
        io::Read::read_to_string(&mut flate2::read::GzDecoder::new(File::open(&path).unwrap()), &mut text).unwrap();
        assert_eq!(text, "a,b\n1,2\n");
    }
}
