//! Reading text files safely: only regular files (never a folder, a device or a pipe), no
//! binary content, and no line longer than a limit, so a wrong path fails at once instead of
//! reading forever.

use super::csv_table::CsvError;
use std::io::Read;

/// The longest line a CSV file may have: far beyond any real header or row, it stops endless
/// or binary input from filling the memory before a newline comes.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// A reader that refuses binary input (a NUL byte) and lines longer than [`MAX_LINE_BYTES`].
pub struct TextLines<R> {
    inner: R,
    line_bytes: usize,
}

impl<R> TextLines<R> {
    /// Guards `inner`.
    pub fn new(inner: R) -> Self {
        TextLines {
            inner,
            line_bytes: 0,
        }
    }
}

impl<R: Read> Read for TextLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'\n' => self.line_bytes = 0,
                0 => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "this is not text (it holds a NUL byte): is it a CSV file?",
                    ));
                }
                _ => self.line_bytes += 1,
            }
            if self.line_bytes > MAX_LINE_BYTES {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "a line longer than {} MiB: is it a CSV file?",
                        MAX_LINE_BYTES >> 20
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// Opens a regular file; folders, devices, pipes and sockets are refused with a message
/// (reading `/dev/zero` or a FIFO would never end).
pub fn open_file(path: &std::path::Path) -> Result<std::fs::File, CsvError> {
    let meta = std::fs::metadata(path).map_err(|e| CsvError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(CsvError::NotAFile(format!(
            "{} is a folder, not a file",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(CsvError::NotAFile(format!(
            "{} is not a regular file (it is a device, a pipe or a socket)",
            path.display()
        )));
    }
    std::fs::File::open(path).map_err(|e| CsvError::Io(e.to_string()))
}

/// The most a scene or model file may hold (an inline model of ten layers of 128 takes a few
/// MB).
pub const MAX_TEXT_FILE_BYTES: u64 = 64 << 20;

/// Reads a whole text file that is a regular file of at most [`MAX_TEXT_FILE_BYTES`].
pub fn read_text(path: &std::path::Path) -> Result<String, String> {
    let file = open_file(path).map_err(|e| match e {
        CsvError::Io(io) => format!("cannot read {}: {io}", path.display()),
        other => other.to_string(),
    })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_TEXT_FILE_BYTES {
        return Err(format!(
            "{} is {} MB; scene and model files are at most {} MB",
            path.display(),
            size >> 20,
            MAX_TEXT_FILE_BYTES >> 20
        ));
    }
    let mut text = String::new();
    file.take(MAX_TEXT_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text)
}
