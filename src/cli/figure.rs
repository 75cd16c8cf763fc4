//! `nnplay figure`: trains a scene headless and writes one of the window's figures (the output
//! map, the loss, ROC, rejection or score histograms, …) as PNG or SVG.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `nnplay figure`.
#[derive(Args, Debug)]
pub struct FigureArgs {
    /// Scene file, preset id or TF Playground link.
    scene: String,
    /// Epochs to train first (default: the scene's `training.epochs`; 0 for the untrained
    /// model, or a scene's saved weights as they are).
    #[arg(long)]
    epochs: Option<u64>,
    /// The figure: map, loss, accuracy, roc, rejection, scores, threshold, confusion,
    /// histogram, fit or landscape.
    #[arg(long, default_value = "map")]
    what: String,
    /// Where to write it: a `.png` (twice the size in pixels) or `.svg` file.
    #[arg(long)]
    out: PathBuf,
    /// The figure's size in points, WIDTHxHEIGHT (default 800x480, 640x600 for square ones).
    #[arg(long)]
    size: Option<String>,
    /// Log scale on the loss or the score fractions.
    #[arg(long)]
    log: bool,
}

/// Without the `gui` feature the figures' pictures (drawn as the window draws them) are absent.
#[cfg(not(feature = "gui"))]
pub fn run(_args: &FigureArgs) -> Result<()> {
    Err(anyhow::anyhow!(
        "this nnplay was built without the window (cargo feature `gui`), whose pictures the \
         figures draw"
    ))
}

/// Trains and writes the figure.
#[cfg(feature = "gui")]
pub fn run(args: &FigureArgs) -> Result<()> {
    use anyhow::{Context, anyhow};
    use nnplay::app::ChartState;
    use nnplay::app::figures::FigureKind;
    use nnplay::engine::plot::FigureFormat;
    use nnplay::worker::{ViewSettings, snapshot_trained};

    let kind = FigureKind::from_id(&args.what).map_err(anyhow::Error::msg)?;
    FigureFormat::of_path(&args.out).map_err(anyhow::Error::msg)?;
    let [w, h] = match &args.size {
        Some(size) => parse_size(size)?,
        None => kind.default_size(),
    };
    let (scene, anchor) = super::load_scene(&args.scene)?;
    let epochs = args.epochs.unwrap_or(scene.training.epochs);
    let view = ViewSettings {
        map_size: 200,
        ..ViewSettings::default()
    };
    let snapshot = snapshot_trained(&scene, &anchor, &view, |session| {
        session.set_stop_flag(std::sync::Arc::clone(super::outputs::interrupted()));
        super::train::train_epochs(session, epochs, |_, _| Ok(())).map_err(|e| e.to_string())
    })
    .map_err(anyhow::Error::msg)
    .with_context(|| anchor.display().to_string())?;
    if super::outputs::was_interrupted() {
        return Err(anyhow!("interrupted: no figure written"));
    }
    kind.available(&snapshot)
        .map_err(|why| anyhow!("no {} figure for this scene: {why}", kind.id()))?;
    let state = ChartState {
        log_loss: args.log,
        log_scores: args.log,
        ..ChartState::default()
    };
    let figure = kind
        .build(&snapshot, &state)
        .ok_or_else(|| anyhow!("no {} figure for this scene", kind.id()))?;
    figure.write(&args.out, w, h).map_err(anyhow::Error::msg)?;
    println!(
        "wrote {} ({}, {} after {} {}s)",
        args.out.display(),
        match FigureFormat::of_path(&args.out) {
            Ok(FigureFormat::Png) => format!(
                "{:.0} x {:.0} pixels",
                w * nnplay::engine::plot::PNG_SCALE,
                h * nnplay::engine::plot::PNG_SCALE
            ),
            _ => format!("{w:.0} x {h:.0} points"),
        },
        kind.label(),
        snapshot.epoch,
        snapshot.step_name()
    );
    Ok(())
}

/// "800x480" as [800, 480] points, within the sizes a figure may have.
#[cfg(feature = "gui")]
fn parse_size(size: &str) -> Result<[f64; 2]> {
    let (lo, hi) = nnplay::engine::plot::SIDE_RANGE;
    let parsed = size
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some([w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?]));
    match parsed {
        Some([w, h]) if (lo..=hi).contains(&w) && (lo..=hi).contains(&h) => Ok([w, h]),
        _ => Err(anyhow::anyhow!(
            "--size {size}: give WIDTHxHEIGHT in points, each {lo} to {hi}"
        )),
    }
}
