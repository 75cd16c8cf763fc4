//! `nnplay [SCENE_FILE | PRESET_ID] [--play]`: opens the window.

use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of the window (no subcommand).
#[derive(Args, Debug, Default)]
pub struct WindowArgs {
    /// A scene file or preset id to open (default: the last scene, or the spiral).
    pub scene: Option<String>,
    /// Start training at once.
    #[arg(long)]
    pub play: bool,
    /// Save a PNG of the window to this file after `--after` seconds, then exit.
    #[arg(long, value_name = "FILE")]
    pub screenshot: Option<PathBuf>,
    /// Seconds before the screenshot.
    #[arg(long, default_value_t = 3.0, value_name = "SECONDS")]
    pub after: f64,
    /// Epochs per frame to start with, or "max".
    #[arg(long)]
    pub speed: Option<String>,
    /// Show the performance overlay (frames per second, UI frame time).
    #[arg(long)]
    pub overlay: bool,
    /// Window size in pixels, WIDTHxHEIGHT (default 1920x1080, or the size saved last time);
    /// given, it wins over the saved size.
    #[arg(long)]
    pub size: Option<String>,
    /// Zoom factor 1 to 2.5, over the saved preference and the scene's.
    #[arg(long)]
    pub zoom: Option<f32>,
    /// Theme, "projector" or "dark", over the saved preference and the scene's.
    #[arg(long)]
    pub theme: Option<String>,
}

/// Without the `gui` feature there is no window to open.
#[cfg(not(feature = "gui"))]
pub fn run(_args: WindowArgs) -> Result<()> {
    Err(anyhow::anyhow!(
        "this nnplay was built without the window (cargo feature `gui`); \
         the subcommands train, check, presets, bench and export-model work"
    ))
}

/// Opens the window and runs until it closes.
#[cfg(feature = "gui")]
pub fn run(args: WindowArgs) -> Result<()> {
    use anyhow::anyhow;
    use nnplay::app::{LaunchOptions, PlaygroundApp};
    use nnplay::worker::Speed;

    let scene = match &args.scene {
        Some(name) => Some(super::load_scene(name)?),
        None => None,
    };
    let size = args.size.as_deref().unwrap_or("1920x1080");
    let (w, h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse::<f32>().ok()?, h.parse::<f32>().ok()?)))
        .filter(|(w, h)| *w >= 320.0 && *h >= 240.0)
        .ok_or_else(|| anyhow!("--size must look like 1920x1080, got '{size}'"))?;
    let zoom = match args.zoom {
        Some(z) if (1.0..=2.5).contains(&z) => Some(z),
        Some(z) => return Err(anyhow!("--zoom must be between 1 and 2.5, got {z}")),
        None => None,
    };
    let theme = match args.theme.as_deref() {
        None => None,
        Some("projector") => Some(nnplay::app::preferences::Theme::Projector),
        Some("dark") => Some(nnplay::app::preferences::Theme::Dark),
        Some(t) => {
            return Err(anyhow!(
                "--theme must be \"projector\" or \"dark\", got '{t}'"
            ));
        }
    };
    let speed = match args.speed.as_deref() {
        None => None,
        Some("max") => Some(Speed::Max),
        Some(n) => Some(Speed::PerFrame(
            n.parse().ok().filter(|&n| n >= 1).ok_or_else(|| {
                anyhow!("--speed must be a whole number of epochs per frame or \"max\", got '{n}'")
            })?,
        )),
    };
    let options = LaunchOptions {
        scene,
        play: args.play,
        screenshot: args.screenshot,
        screenshot_after: args.after,
        speed,
        overlay: args.overlay,
        zoom,
        theme,
    };
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([w, h])
            .with_title("nnplay"),
        // A size given on the command line wins over the one saved last time.
        persist_window: args.size.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        "nnplay",
        native,
        Box::new(move |cc| Ok(Box::new(PlaygroundApp::new(cc, options)))),
    )
    .map_err(|e| anyhow!("cannot open the window: {e}"))
}
