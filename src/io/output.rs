//! Output files that appear only when complete: written under a temporary name in the same
//! directory and renamed on success, so a failed run never leaves a half file that looks whole.

use crate::error::Error;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A buffered output: standard output, or a file renamed into place by [`OutputFile::commit`].
pub struct OutputFile {
    target: Option<(PathBuf, PathBuf)>,
    sink: BufWriter<Box<dyn Write + Send>>,
}

impl OutputFile {
    /// Opens `path` for writing (`-` means standard output).
    pub fn create(path: &Path) -> Result<OutputFile, Error> {
        if path.as_os_str() == "-" {
            return Ok(OutputFile { target: None, sink: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())) });
        }
        let name = path.file_name().ok_or_else(|| Error::Usage(format!("{}: not a file name", path.display())))?;
        let temporary = path.with_file_name(format!(".{}.kyclink-partial", name.to_string_lossy()));
        let file = File::create(&temporary).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
        Ok(OutputFile {
            target: Some((temporary, path.to_path_buf())),
            sink: BufWriter::with_capacity(1 << 16, Box::new(file)),
        })
    }

    /// The name to use in messages.
    pub fn path(&self) -> &Path {
        self.target.as_ref().map_or(Path::new("-"), |(_, target)| target)
    }

    /// Flushes and moves the file to its final name.
    pub fn commit(mut self) -> Result<(), Error> {
        let path = self.path().to_path_buf();
        let error = |source| Error::Write { path: path.clone(), source };
        self.sink.flush().map_err(error)?;
        if let Some((temporary, target)) = self.target.take() {
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
        if let Some((temporary, _)) = &self.target {
            let _ = std::fs::remove_file(temporary);
        }
    }
}
