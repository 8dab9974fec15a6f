//! Output files that appear only when complete: written under a temporary name in the same
//! directory and renamed on success, so a failed run never leaves a half file that looks whole.

use crate::error::Error;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A buffered output: standard output, a device or FIFO written in place, or a file renamed
/// into place by [`OutputFile::commit`].
pub struct OutputFile {
    /// The path as the user gave it, for messages.
    path: PathBuf,
    /// The temporary file and the name it takes on commit; `None` when written in place.
    partial: Option<(PathBuf, PathBuf)>,
    sink: BufWriter<Box<dyn Write + Send>>,
}

impl OutputFile {
    /// Opens `path` for writing (`-` means standard output).
    ///
    /// A path that already names something other than a regular file (`/dev/null`, a FIFO) is
    /// written in place: renaming over it would replace the device with a plain file, which
    /// as root breaks every program on the machine that writes to `/dev/null`. A symbolic
    /// link to a file is followed, so the link stays and the file it names is replaced.
    pub fn create(path: &Path) -> Result<OutputFile, Error> {
        let error = |source| Error::Write { path: path.to_path_buf(), source };
        let existing = (path.as_os_str() != "-").then(|| std::fs::metadata(path));
        let (partial, sink): (_, Box<dyn Write + Send>) = match existing {
            None => (None, Box::new(io::stdout())),
            Some(Ok(metadata)) if !metadata.is_file() => {
                (None, Box::new(OpenOptions::new().write(true).open(path).map_err(error)?))
            }
            Some(metadata) => {
                let target = if metadata.is_ok() { path.canonicalize().map_err(error)? } else { path.to_path_buf() };
                let name =
                    target.file_name().ok_or_else(|| Error::Usage(format!("{}: not a file name", path.display())))?;
                let temporary = target.with_file_name(format!(".{}.kyclink-partial", name.to_string_lossy()));
                let file = File::create(&temporary).map_err(error)?;
                (Some((temporary, target)), Box::new(file))
            }
        };
        Ok(OutputFile { path: path.to_path_buf(), partial, sink: BufWriter::with_capacity(1 << 16, sink) })
    }

    /// The name to use in messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and moves the file to its final name.
    pub fn commit(mut self) -> Result<(), Error> {
        let error = |source| Error::Write { path: self.path.clone(), source };
        self.sink.flush().map_err(error)?;
        if let Some((temporary, target)) = self.partial.take() {
            std::fs::rename(&temporary, &target).map_err(error)?;
        }
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sink.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.sink.flush()
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        // Not committed: the run failed, so the partial file goes.
        if let Some((temporary, _)) = &self.partial {
            let _ = std::fs::remove_file(temporary);
        }
    }
}
