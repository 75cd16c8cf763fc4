//! How the window starts (scene, speed, overlay) and the screenshot it may take before closing.

use super::frame_stats::FrameStats;
use crate::engine::scene::Scene;
use crate::worker::{Snapshot, Speed};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How the window starts.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// A scene to open (and the file anchoring its paths); otherwise the last or default scene.
    pub scene: Option<(Scene, PathBuf)>,
    /// Start training at once.
    pub play: bool,
    /// Save a PNG of the window here after `screenshot_after`, then close.
    pub screenshot: Option<PathBuf>,
    /// Seconds to wait before the screenshot.
    pub screenshot_after: f64,
    /// Training speed to start with (default one epoch per frame).
    pub speed: Option<Speed>,
    /// Show the performance overlay from the start.
    pub overlay: bool,
    /// Zoom factor, over the saved preference and the scene's.
    pub zoom: Option<f32>,
    /// Theme, over the saved preference and the scene's.
    pub theme: Option<super::preferences::Theme>,
}

/// A screenshot to take once the window has run for a while.
pub struct ScreenshotPlan {
    path: PathBuf,
    after: Duration,
    requested: bool,
    done: Arc<Mutex<Option<Result<(), String>>>>,
}

impl ScreenshotPlan {
    /// A screenshot saved to `path` after `after` seconds.
    pub fn new(path: PathBuf, after: f64) -> Self {
        ScreenshotPlan {
            path,
            after: Duration::from_secs_f64(after.max(0.0)),
            requested: false,
            done: Arc::default(),
        }
    }

    /// Asks for the screenshot when it is due; once saved, prints the frame figures and
    /// closes the window. Returns false when the plan is finished.
    pub fn poll(
        &mut self,
        ctx: &egui::Context,
        started: Instant,
        stats: &FrameStats,
        [snapshot, partner]: [Option<&Snapshot>; 2],
    ) -> bool {
        if let Some(result) = self.done.lock().ok().and_then(|mut d| d.take()) {
            match result {
                Err(e) => eprintln!("nnplay: screenshot failed: {e}"),
                Ok(()) => {
                    let (median, p99) = stats.ui_millis();
                    let (own, own_p99) = stats.own_millis();
                    let rate = snapshot.map_or(0.0, |s| s.epochs_per_second);
                    let epoch = snapshot.map_or(0, |s| s.epoch);
                    let right = partner.map_or(String::new(), |s| {
                        format!(
                            "; right side at epoch {}, {:.0} epochs/s",
                            s.epoch, s.epochs_per_second
                        )
                    });
                    eprintln!(
                        "nnplay: screenshot saved at epoch {epoch}; {:.1} frames/s, UI thread {median:.2} ms median, {p99:.2} ms p99 per frame (own code {own:.2} ms median, {own_p99:.2} ms p99), {rate:.0} epochs/s{right}",
                        stats.fps()
                    );
                }
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return false;
        }
        if !self.requested && started.elapsed() >= self.after {
            self.requested = true;
            let (path, done) = (self.path.clone(), Arc::clone(&self.done));
            let repaint = ctx.clone();
            ctx.request_screenshot(move |image| {
                let result = save_png(&path, &image);
                if let Ok(mut d) = done.lock() {
                    *d = Some(result);
                }
                repaint.request_repaint();
            });
        }
        ctx.request_repaint_after(Duration::from_millis(50));
        true
    }
}

/// Writes an egui image as a PNG file.
pub fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let buffer =
        image::RgbaImage::from_raw(w as u32, h as u32, bytes).ok_or("image size mismatch")?;
    buffer
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}
