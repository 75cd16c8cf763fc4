//! `nnplay train` on a comparison: a scene file with `[compare_with]`, or a preset's
//! `[lesson.side_by_side]` with `--side-by-side`. Both sides train at once, one on each core,
//! for the same epochs (trees, tree levels). `--out NAME.csv` writes one metrics CSV per side,
//! `NAME.left.csv` and `NAME.right.csv`, and the two sides' runs table, `NAME.runs.csv`;
//! `--save` keeps both trained sides in one scene file.

use super::outputs::{Outputs, interrupted, was_interrupted};
use super::train::{Diverged, Interrupted, summary, train_epochs, write_row};
use anyhow::{Context, Result};
use nnplay::engine::runs::{Run, side_label, table_csv};
use nnplay::engine::scene::Scene;
use nnplay::engine::train::{Session, Status};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// What one side's training left.
struct SideResult {
    run: Run,
    summary: String,
    diverged: bool,
    trained: Result<Scene, String>,
}

/// `NAME.csv` with `.side` put before the extension: `NAME.side.csv`.
pub fn beside(out: &Path, side: &str) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "metrics".into());
    let extension = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "csv".into());
    out.with_file_name(format!("{stem}.{side}.{extension}"))
}

/// Trains `left` and `right` side by side for `epochs` and writes what was asked for.
pub fn run(
    [left, right]: [Scene; 2],
    anchor: &Path,
    epochs: u64,
    out: Option<&Path>,
    save: Option<&Path>,
) -> Result<()> {
    let labels = [side_label(&left, &right), side_label(&right, &left)];
    let mut outputs = Outputs::default();
    let mut writers = Vec::new();
    for (side, scene) in [("left", &left), ("right", &right)] {
        writers.push(match out {
            Some(out) => {
                let mut w = outputs.create(&beside(out, side))?;
                let weighted = !scene.training.loss_weights.is_off();
                writeln!(w, "{}", super::train::csv_header(weighted))?;
                Some(w)
            }
            None => None,
        });
    }
    let results: Vec<Result<SideResult>> = std::thread::scope(|scope| {
        let handles: Vec<_> = [left, right]
            .into_iter()
            .zip(writers)
            .zip(labels.iter().cloned())
            .enumerate()
            .map(|(id, ((scene, writer), label))| {
                scope.spawn(move || train_side(&scene, anchor, epochs, writer, id as u64, label))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a side's trainer failed")))
            })
            .collect()
    });
    let results = results.into_iter().collect::<Result<Vec<_>>>()?;
    for (side, r) in ["left", "right"].iter().zip(&results) {
        println!("{side} ({}): {}", r.run.label, r.summary);
    }
    if was_interrupted() {
        if let Some(out) = out {
            for side in ["left", "right"] {
                outputs.commit_one(&beside(out, side))?;
            }
        }
        let epoch = results.iter().map(|r| r.run.epochs).max().unwrap_or(0);
        return Err(Interrupted(epoch).into());
    }
    if let Some(out) = out {
        let runs: Vec<Run> = results.iter().map(|r| r.run.clone()).collect();
        outputs.write(&beside(out, "runs"), table_csv(&runs).as_bytes())?;
    }
    let diverged = results.iter().any(|r| r.diverged);
    if let Some(save) = save.filter(|_| !diverged) {
        let [left, right] = [0, 1].map(|k| results[k].trained.clone());
        let scene = left
            .and_then(|l| Ok(l.with_comparison(right?)))
            .map_err(|m| anyhow::anyhow!("cannot save {}: {m}", save.display()))?;
        outputs.write(save, scene.to_toml().as_bytes())?;
    }
    outputs.commit()?;
    if let Some(out) = out {
        println!(
            "wrote {}, {} and {}",
            beside(out, "left").display(),
            beside(out, "right").display(),
            beside(out, "runs").display()
        );
    }
    if diverged {
        return Err(Diverged.into());
    }
    Ok(())
}

/// Trains one side, writing its metrics as it goes.
fn train_side(
    scene: &Scene,
    anchor: &Path,
    epochs: u64,
    mut metrics: Option<BufWriter<File>>,
    id: u64,
    label: String,
) -> Result<SideResult> {
    let mut session = Session::new(scene, anchor).with_context(|| format!("the {label} side"))?;
    session.set_stop_flag(Arc::clone(interrupted()));
    let start = Instant::now();
    train_epochs(&mut session, epochs, |_, record| {
        if let (Some(w), Some(record)) = (metrics.as_mut(), record) {
            write_row(w, record)?;
        }
        Ok(())
    })?;
    if let Some(mut w) = metrics.take() {
        w.flush()?;
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(SideResult {
        summary: summary(&mut session),
        diverged: matches!(session.status(), Status::Diverged { .. }),
        trained: session.scene_with_weights(),
        run: Run::of(&mut session, id, label, seconds),
    })
}
