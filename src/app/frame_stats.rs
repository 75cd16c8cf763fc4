//! The performance overlay: frames per second and the UI thread's time per frame (median and
//! 99th percentile over the last few hundred frames): eframe's measure (the app, tessellation
//! and handing the frame to the renderer, which with a software renderer includes waiting for
//! it) and the window's own code alone (uploading pictures, laying out and drawing panels).

use std::collections::VecDeque;
use std::time::{Duration, Instant};

const KEPT: usize = 300;

/// Recent frame times.
pub struct FrameStats {
    ui_times: VecDeque<f32>,
    own_times: VecDeque<f32>,
    frame_starts: VecDeque<Instant>,
}

impl Default for FrameStats {
    fn default() -> Self {
        Self {
            ui_times: VecDeque::with_capacity(KEPT + 1),
            own_times: VecDeque::with_capacity(KEPT + 1),
            frame_starts: VecDeque::with_capacity(KEPT + 1),
        }
    }
}

impl FrameStats {
    /// Records one frame: eframe's measured CPU time of the previous frame if known (else
    /// `own_time`), and `own_time`, what this frame's window code took.
    pub fn record(&mut self, cpu_usage: Option<f32>, own_time: Duration) {
        let own = own_time.as_secs_f32();
        self.ui_times.push_back(cpu_usage.unwrap_or(own));
        self.own_times.push_back(own);
        self.frame_starts.push_back(Instant::now());
        if self.ui_times.len() > KEPT {
            self.ui_times.pop_front();
            self.own_times.pop_front();
            self.frame_starts.pop_front();
        }
    }

    /// Frames per second over the kept frames.
    pub fn fps(&self) -> f32 {
        match (self.frame_starts.front(), self.frame_starts.back()) {
            (Some(first), Some(last)) if self.frame_starts.len() > 1 => {
                (self.frame_starts.len() - 1) as f32
                    / last.duration_since(*first).as_secs_f32().max(1e-6)
            }
            _ => 0.0,
        }
    }

    /// (median, 99th percentile) of the UI thread's frame time in milliseconds.
    pub fn ui_millis(&self) -> (f32, f32) {
        quantiles(&self.ui_times)
    }

    /// (median, 99th percentile) of the window's own code per frame in milliseconds.
    pub fn own_millis(&self) -> (f32, f32) {
        quantiles(&self.own_times)
    }

    /// Draws the overlay in the bottom-right corner.
    pub fn overlay_ui(&self, ctx: &egui::Context, epochs_per_second: f64) {
        let (median, p99) = self.ui_millis();
        egui::Area::new(egui::Id::unique("frame-stats")).anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-8.0, -8.0)).show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.monospace(format!("{:5.1} frames/s", self.fps()));
                ui.monospace(format!("UI {median:4.2} ms median, {p99:4.2} ms p99"))
                    .on_hover_text("Time the UI thread spends per frame, not including the GPU's rasterising.");
                let (own, _) = self.own_millis();
                ui.monospace(format!("own code {own:4.2} ms median"))
                    .on_hover_text("The window's own code per frame: pictures uploaded, panels laid out and drawn.");
                ui.monospace(format!("{epochs_per_second:8.0} epochs/s"));
            });
        });
    }
}

/// (median, 99th percentile) of times in seconds, in milliseconds.
fn quantiles(times: &VecDeque<f32>) -> (f32, f32) {
    let mut t: Vec<f32> = times.iter().copied().collect();
    if t.is_empty() {
        return (0.0, 0.0);
    }
    t.sort_by(f32::total_cmp);
    let at = |q: f32| t[((t.len() - 1) as f32 * q).round() as usize] * 1e3;
    (at(0.5), at(0.99))
}
