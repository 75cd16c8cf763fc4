//! A CSV file read on a helper thread: its header, or the whole table with a progress count,
//! and a cancel that stops the read between two blocks of the file.

use crate::engine::data::csv_table::{
    CsvError, CsvFormat, CsvSpec, CsvTable, open_file, read_header_from, read_table,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What a finished read produced.
pub enum Outcome {
    /// The header's column names.
    Header(Result<Vec<String>, CsvError>),
    /// The whole table.
    Table(Result<CsvTable, CsvError>),
}

/// A read in progress.
pub struct Reading {
    bytes_read: Arc<AtomicU64>,
    rows_read: Arc<AtomicUsize>,
    bytes_total: u64,
    cancel: Arc<AtomicBool>,
    done: Receiver<Outcome>,
}

/// Counts the bytes passing through a reader (for the progress bar) and stops when cancelled.
struct Watched<R> {
    inner: R,
    count: Arc<AtomicU64>,
    cancel: Arc<AtomicBool>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "cancelled",
            ));
        }
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Reading {
    /// Starts reading the header of `path`.
    pub fn header(path: PathBuf, format: CsvFormat) -> Result<Reading, String> {
        Self::start(path, move |reader, _rows| {
            Outcome::Header(read_header_from(reader, &format))
        })
    }

    /// Starts reading the whole table of `path` as `spec` says.
    pub fn table(path: PathBuf, spec: CsvSpec) -> Result<Reading, String> {
        Self::start(path, move |reader, rows| {
            Outcome::Table(read_table(reader, &spec, |n| {
                rows.store(n, Ordering::Relaxed)
            }))
        })
    }

    fn start(
        path: PathBuf,
        read: impl FnOnce(Watched<std::io::BufReader<std::fs::File>>, Arc<AtomicUsize>) -> Outcome
        + Send
        + 'static,
    ) -> Result<Reading, String> {
        let (bytes_read, rows_read) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicUsize::new(0)));
        let cancel = Arc::new(AtomicBool::new(false));
        let bytes_total = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let (tx, rx) = channel();
        let (bytes, rows, stop) = (
            Arc::clone(&bytes_read),
            Arc::clone(&rows_read),
            Arc::clone(&cancel),
        );
        std::thread::Builder::new()
            .name("csv-reader".into())
            .spawn(move || {
                let outcome = match open_file(&path) {
                    Ok(file) => read(
                        Watched {
                            inner: std::io::BufReader::new(file),
                            count: bytes,
                            cancel: stop,
                        },
                        rows,
                    ),
                    Err(e) => Outcome::Header(Err(e)),
                };
                let _ = tx.send(outcome);
            })
            .map_err(|e| format!("Cannot start reading: {e}"))?;
        Ok(Reading {
            bytes_read,
            rows_read,
            bytes_total,
            cancel,
            done: rx,
        })
    }

    /// The share of the file read so far, and the rows.
    pub fn progress(&self) -> (f32, usize) {
        let total = self.bytes_total.max(1) as f32;
        let fraction = self.bytes_read.load(Ordering::Relaxed) as f32 / total;
        (fraction.min(1.0), self.rows_read.load(Ordering::Relaxed))
    }

    /// Asks the reader to stop; its outcome then arrives as an error.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The outcome, once the read has ended.
    pub fn outcome(&self) -> Option<Outcome> {
        match self.done.try_recv() {
            Ok(outcome) => Some(outcome),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Outcome::Header(Err(CsvError::Io(
                "the reader stopped".into(),
            )))),
        }
    }
}

/// The path typed in a field, relative to the current folder.
pub fn typed_path(text: &str) -> PathBuf {
    let typed = Path::new(text.trim());
    std::env::current_dir()
        .map(|cwd| cwd.join(typed))
        .unwrap_or_else(|_| typed.to_path_buf())
}
