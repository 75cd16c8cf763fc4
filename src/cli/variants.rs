//! `nnplay train --variants FILE`: the scene as given and each of its lesson variants trained
//! for the same epochs, compared in one runs table (the window's Runs tab, as CSV).

use anyhow::{Context, Result};
use nnplay::engine::runs::{Run, table_csv};
use nnplay::engine::scene::{Scene, write_atomically};
use nnplay::engine::train::Session;
use std::path::Path;
use std::time::Instant;

/// Trains the scene and every lesson variant for `epochs` epochs and writes the runs table to
/// `path`; returns the number of runs. An interrupt (Ctrl+C) ends it without writing.
pub fn write_table(scene: &Scene, anchor: &Path, epochs: u64, path: &Path) -> Result<usize> {
    let mut scenes = vec![("as given".to_string(), scene.clone())];
    for (k, variant) in scene.lesson.variants.iter().enumerate() {
        let varied = scene.with_variant(k).map_err(anyhow::Error::msg)?;
        scenes.push((variant.label.clone(), varied));
    }
    let mut runs = Vec::with_capacity(scenes.len());
    for (id, (label, scene)) in scenes.into_iter().enumerate() {
        let mut session =
            Session::new(&scene, anchor).with_context(|| format!("variant \"{label}\""))?;
        session.set_stop_flag(std::sync::Arc::clone(super::outputs::interrupted()));
        let start = Instant::now();
        super::train::train_epochs(&mut session, epochs, |_, _| Ok(()))?;
        if super::outputs::was_interrupted() {
            anyhow::bail!("interrupted: {} not written", path.display());
        }
        let seconds = start.elapsed().as_secs_f64();
        runs.push(Run::of(&mut session, id as u64, label, seconds));
    }
    write_atomically(path, table_csv(&runs).as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(runs.len())
}
