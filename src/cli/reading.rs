//! Sessions for the command line. A scene on a CSV file reads it with a progress bar on the
//! terminal (bytes of the file; of the compressed file for `.gz`), which Ctrl+C cancels
//! before anything is written.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use nnplay::engine::data::csv_table::{open_file, read_table};
use nnplay::engine::scene::Scene;
use nnplay::engine::train::Session;
use nnplay::engine::train::session::{SessionError, csv_spec};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::Ordering;

/// A reading cancelled by Ctrl+C or SIGTERM (exit status 130).
#[derive(Debug, thiserror::Error)]
#[error("reading {0} was interrupted: nothing was trained or written")]
pub struct ReadingInterrupted(pub String);

/// Moves the progress bar with the bytes read, and stops at an interrupt.
struct Watched<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if super::outputs::interrupted().load(Ordering::SeqCst) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// The session of a scene; a single CSV file is read with a progress bar.
pub fn session(scene: &Scene, anchor: &Path) -> Result<Session> {
    let Some(csv) = scene.data.csv.as_ref().filter(|c| c.classes.is_empty()) else {
        return Ok(Session::new(scene, anchor)?);
    };
    // A scene the session would refuse is refused before the file is read.
    scene
        .check()
        .map_err(|(field, message)| SessionError::Setting { field, message })?;
    let path = Scene::resolve(anchor, &csv.path);
    let data_error = |message: String| SessionError::Data {
        path: path.clone(),
        message,
    };
    let file = open_file(&path).map_err(|e| data_error(e.to_string()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} read  {msg}  [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let reader = Watched {
        inner: std::io::BufReader::new(file),
        bar: bar.clone(),
    };
    let read = read_table(
        reader,
        &csv_spec(csv, scene.seed, scene.training.double_precision()),
        |rows| bar.set_message(format!("{rows} rows")),
    );
    bar.finish_and_clear();
    if super::outputs::was_interrupted() {
        return Err(ReadingInterrupted(path.display().to_string()).into());
    }
    let table = read.map_err(|e| data_error(e.to_string()))?;
    Ok(Session::from_csv_table(scene, anchor, table)?)
}
