//! `nnplay train`: trains a scene headless, with a progress bar on a terminal, a metrics CSV
//! and an optional saved scene.
//!
//! Outputs replace their targets only when the run succeeds. The metrics CSV is written as the
//! run goes (memory stays flat); a run interrupted by Ctrl+C or SIGTERM keeps its metrics so
//! far (flushed, valid) and writes no scene. A run that diverges writes its metrics (the last
//! row is the last finite epoch), does not save its model, and exits with status 3.

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use nnplay::engine::data::Generator;
use nnplay::engine::scene::{CsvSource, LossWeights, ModelSection};
use nnplay::engine::train::{EpochRecord, Session, Status, Which};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// Arguments of `nnplay train`.
#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Scene file or preset id.
    scene: String,
    /// Epochs to train (default: the scene's `training.epochs`).
    #[arg(long)]
    epochs: Option<u64>,
    /// Seed replacing the scene's (0 to 2^63 - 1).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Write the learning curves here as CSV.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Save the scene with its trained weights here.
    #[arg(long)]
    save: Option<PathBuf>,
    /// Start from this model JSON instead of fresh weights.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Train on this CSV file (feature columns plus a `label` column) instead of the scene's data.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Also train each lesson variant for the same epochs and write the runs table here (CSV).
    #[arg(long)]
    variants: Option<PathBuf>,
    /// Train the lesson's side-by-side comparison (`[lesson.side_by_side]`) instead of the
    /// scene alone; a scene file with `[compare_with]` is always trained side by side.
    #[arg(long)]
    side_by_side: bool,
}

/// The columns of the metrics CSV; with loss weights on, the loss columns are named
/// `*_loss_weighted`.
pub fn csv_header(weighted_loss: bool) -> String {
    let loss = if weighted_loss {
        "loss_weighted"
    } else {
        "loss"
    };
    format!(
        "epoch,train_{loss},val_{loss},test_{loss},train_acc,val_acc,test_acc,auc,rej30,r2,\
         weighted_auc"
    )
}

/// Runs the training.
pub fn run(args: &TrainArgs) -> Result<()> {
    let (mut scene, anchor) = super::load_scene(&args.scene)?;
    if let Some(seed) = args.seed {
        scene.seed = seed;
    }
    let cwd = std::env::current_dir()?;
    if let Some(model) = &args.model {
        scene.model = Some(ModelSection {
            epoch: 0,
            path: Some(cwd.join(model)),
            layers: Vec::new(),
            ensemble: None,
        });
    }
    if let Some(data) = &args.data {
        let classification = match (&scene.data.csv, scene.data.dataset) {
            (Some(csv), _) => csv.classification,
            (None, Some(kind)) => Generator::new(kind, 0.0).task().is_classification(),
            (None, None) => true,
        };
        scene.data.dataset = None;
        scene.data.root = None;
        scene.data.streaming = false;
        scene.data.csv = Some(CsvSource {
            path: cwd.join(data),
            label: "label".into(),
            classification,
            missing_value: nnplay::engine::data::csv_table::DEFAULT_MISSING,
            delimiter: None,
            header: None,
            rows: None,
            sample: None,
            classes: Vec::new(),
            weight: None,
        });
    }
    let (scene, right) = if args.side_by_side {
        let pair = scene.side_by_side().ok_or_else(|| {
            anyhow::anyhow!("{} declares no [lesson.side_by_side]", anchor.display())
        })?;
        let (left, right) = pair.map_err(anyhow::Error::msg)?;
        (left, Some(right))
    } else {
        scene.take_comparison()
    };
    if let Some(right) = right {
        if args.variants.is_some() {
            anyhow::bail!("--variants trains one scene's variants; not with a comparison");
        }
        let epochs = args.epochs.unwrap_or(scene.training.epochs);
        return super::comparison::run(
            [scene, right],
            &anchor,
            epochs,
            args.out.as_deref(),
            args.save.as_deref(),
        );
    }
    let mut session = super::reading::session(&scene, &anchor)
        .with_context(|| format!("{}", anchor.display()))?;
    for note in session.data_notes() {
        eprintln!("note: {note}");
    }
    if let Some(note) = session.figure_sample_note() {
        eprintln!("note: {note}");
    }
    session.set_stop_flag(Arc::clone(super::outputs::interrupted()));
    let mut outputs = super::outputs::Outputs::default();
    let mut metrics = match &args.out {
        Some(out) => {
            let mut w = outputs.create(out)?;
            writeln!(w, "{}", csv_header(!scene.training.loss_weights.is_off()))?;
            Some(w)
        }
        None => None,
    };
    let epochs = args.epochs.unwrap_or(scene.training.epochs);
    let bar = ProgressBar::new(epochs).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {msg}  [{elapsed} < {eta}]")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    train_epochs(&mut session, epochs, |trained, record| {
        if let Some(record) = record {
            if let Some(w) = metrics.as_mut() {
                write_row(w, record)?;
            }
            if trained % 64 == 1 {
                bar.set_message(format!("train loss {:.4}", record.train_loss));
            }
        }
        bar.inc(1);
        Ok(())
    })?;
    bar.finish_and_clear();
    if let Some(mut w) = metrics.take() {
        w.flush()?;
    }
    if super::outputs::was_interrupted() {
        if let Some(out) = &args.out {
            outputs.commit_one(out)?;
        }
        println!("{}", summary(&mut session));
        return Err(Interrupted(session.epoch()).into());
    }
    let diverged = matches!(session.status(), Status::Diverged { .. });
    if let Some(save) = args.save.as_ref().filter(|_| !diverged) {
        let scene = session
            .scene_with_weights()
            .map_err(|m| anyhow::anyhow!("cannot save {}: {m}", save.display()))?;
        outputs.write(save, scene.to_toml().as_bytes())?;
    }
    outputs.commit()?;
    println!("{}", summary(&mut session));
    if let Some(w) = nnplay::engine::figures::weighted::figures(&mut session) {
        println!(
            "weighted by the event weights (test set scaled to the sample): test AUC {:.5}  \
             best AMS {:.5} for scores >= {:.4} (s {:.2}, b {:.2}, b_r 10)",
            w.auc, w.best.ams, w.best.threshold, w.best.signal, w.best.background
        );
    }
    if let Some(table) = &args.variants {
        let runs = super::variants::write_table(session.scene(), &anchor, epochs, table)?;
        println!(
            "wrote {} ({runs} runs: the scene and its lesson variants)",
            table.display()
        );
    }
    if diverged {
        if let Some(save) = &args.save {
            eprintln!("nnplay: {} not written: the run diverged", save.display());
        }
        return Err(Diverged.into());
    }
    Ok(())
}

/// A run stopped by Ctrl+C or SIGTERM (exit status 130).
#[derive(Debug, thiserror::Error)]
#[error("interrupted at epoch {0}: the metrics so far are kept, no scene was saved")]
pub struct Interrupted(pub u64);

/// A run that diverged (exit status 3).
#[derive(Debug, thiserror::Error)]
#[error("training diverged (see the summary above)")]
pub struct Diverged;

fn cell(v: Option<f64>) -> String {
    v.map(|x| format!("{x}")).unwrap_or_default()
}

/// Trains up to `epochs` epochs, stopping early when training ends or on an interrupt
/// (Ctrl+C); `each` is called after every epoch trained, with its count so far and the
/// epoch's record (if the history kept one for it).
pub fn train_epochs(
    session: &mut Session,
    epochs: u64,
    mut each: impl FnMut(u64, Option<&EpochRecord>) -> Result<()>,
) -> Result<()> {
    let mut trained = 0;
    while trained < epochs && !super::outputs::was_interrupted() {
        let before = session.epoch();
        let status = session.train_epoch();
        if session.epoch() == before && status == Status::Running {
            continue; // stopped between batches by an interrupt; the loop ends
        }
        trained += 1;
        let record = session
            .history()
            .last()
            .filter(|r| r.epoch == session.epoch());
        each(trained, record)?;
        if status != Status::Running {
            break;
        }
    }
    Ok(())
}

/// Writes one epoch's record as a row of the metrics CSV.
pub fn write_row(w: &mut impl std::io::Write, r: &EpochRecord) -> std::io::Result<()> {
    let mut row = String::new();
    push_row(&mut row, r);
    w.write_all(row.as_bytes())
}

fn push_row(csv: &mut String, r: &EpochRecord) {
    let _ = writeln!(
        csv,
        "{},{},{},{},{},{},{},{},{},{},{}",
        r.epoch,
        r.train_loss,
        cell(r.validation_loss),
        cell(r.test_loss),
        cell(r.train_accuracy),
        cell(r.validation_accuracy),
        cell(r.test_accuracy),
        cell(r.auc),
        cell(r.rejection_30),
        cell(r.r2),
        cell(r.weighted_auc)
    );
}

/// The final summary: epoch, losses and metrics, and why training ended. When the per-epoch
/// figures were computed on a sample of a large split, a second line gives them on every row.
pub fn summary(session: &mut Session) -> String {
    let mut s = format!("epoch {}", session.epoch());
    if let Some(r) = session.history().last() {
        let _ = write!(s, "  train loss {:.5}", r.train_loss);
        let parts = [
            ("validation loss", r.validation_loss),
            ("test loss", r.test_loss),
            ("train accuracy", r.train_accuracy),
            ("test accuracy", r.test_accuracy),
            ("test AUC", r.auc),
            ("1/eps_B at eps_S=0.3", r.rejection_30),
            ("test R^2", r.r2),
        ];
        for (name, v) in parts {
            if let Some(v) = v {
                let _ = write!(s, "  {name} {v:.5}");
            }
        }
    }
    let weights = session.scene().training.loss_weights;
    if !weights.is_off() {
        let how = if weights == LossWeights::Balanced {
            ", each class to the same total"
        } else {
            ""
        };
        let _ = write!(s, "\nlosses weighted by the event weights{how}");
    }
    if session.history().last().is_some() && session.figure_sample_note().is_some() {
        let _ = write!(s, "\non every row:{}", whole_split_figures(session));
    }
    match session.status() {
        Status::Running => {}
        Status::Complete { epoch } => {
            let _ = write!(s, "\ncomplete after {epoch} steps: every tree is grown");
        }
        Status::Diverged {
            epoch,
            step,
            learning_rate,
        } => {
            let _ = write!(
                s,
                "\ndiverged at epoch {epoch}, step {step} (learning rate {learning_rate})"
            );
        }
        Status::Stopped {
            epoch,
            best_epoch,
            restored,
        } => {
            let _ = write!(
                s,
                "\nearly stopping at epoch {epoch}; best validation loss at epoch {best_epoch}{}",
                if restored { ", weights restored" } else { "" }
            );
        }
    }
    s
}

/// Losses, accuracies and the test AUC or R^2 computed on every row of each split.
fn whole_split_figures(session: &mut Session) -> String {
    let mut s = String::new();
    for (name, which) in [
        ("train", Which::Train),
        ("validation", Which::Validation),
        ("test", Which::Test),
    ] {
        if session.split_rows(which) == 0 {
            continue;
        }
        let f = session.figures(which);
        let _ = write!(s, "  {name} loss {:.5}", f.loss);
        if let Some(a) = f.accuracy {
            let _ = write!(s, "  {name} accuracy {a:.5}");
        }
        if let (Which::Test, Some(r2)) = (which, f.r2) {
            let _ = write!(s, "  test R^2 {r2:.5}");
        }
    }
    if let Some(roc) = session.roc(Which::Test) {
        let _ = write!(
            s,
            "  test AUC {:.5}  1/eps_B at eps_S=0.3 {:.5}",
            roc.auc, roc.rejection_30
        );
    }
    s
}
