//! The window: TF Playground's layout (data left, network centre, output right) on top of the
//! trainer thread. Panels read the newest snapshot and send commands; the UI thread never trains
//! and never waits.

mod charts;
mod csv_panel;
mod data_panel;
mod features_chart;
mod file_dialog;
mod files;
mod frame_stats;
mod landscape_view;
mod lesson_panel;
mod metrics_panel;
mod network_view;
mod output_view;
pub mod preferences;
mod textures;
mod top_bar;

use crate::presets;
use crate::scene::Scene;
use crate::train::Status;
use crate::worker::{Command, Snapshot, Speed, ViewSettings, Worker};
use egui::{Key, KeyboardShortcut, Modifiers};
use preferences::{ControlGroup, Preferences, Theme};
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
}

/// Display toggles that are not part of the scene.
#[derive(Clone, Debug, Default)]
pub struct ViewToggles {
    /// Draw the test points on the output view.
    pub show_test_points: bool,
    /// Log scale on the loss chart.
    pub log_loss: bool,
    /// The frame-time overlay.
    pub show_stats: bool,
    /// The class a click on the output view adds (Shift adds the other one).
    pub add_class: usize,
    /// What the chart under the loss shows.
    pub lower_chart: charts::LowerChart,
    /// The score threshold and expected event counts of the threshold tab.
    pub cut: metrics_panel::Cut,
    /// The data column of the feature-histogram tab.
    pub histogram_column: usize,
    /// Log scale on the score histograms.
    pub log_scores: bool,
}

/// A screenshot to take once the window has run for a while.
struct ScreenshotPlan {
    path: PathBuf,
    after: Duration,
    requested: bool,
    done: Arc<Mutex<Option<Result<(), String>>>>,
}

/// The application.
pub struct PlaygroundApp {
    worker: Worker,
    snapshot: Option<Arc<Snapshot>>,
    /// The scene as the user set it (the trainer may lag a frame behind).
    scene: Scene,
    anchor: PathBuf,
    textures: textures::Textures,
    prefs: Preferences,
    toggles: ViewToggles,
    view: ViewSettings,
    speed: Speed,
    files: files::FilePanel,
    csv: csv_panel::CsvPanel,
    stats: frame_stats::FrameStats,
    network: network_view::NetworkView,
    data: data_panel::DataPanel,
    started: Instant,
    screenshot: Option<ScreenshotPlan>,
    last_error: Option<String>,
}

impl PlaygroundApp {
    /// Builds the app inside eframe, restoring preferences from storage.
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        let prefs: Preferences = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_preferences(&cc.egui_ctx, prefs, options)
    }

    /// Builds the app with the given preferences (tests pass their own).
    pub fn with_preferences(
        ctx: &egui::Context,
        prefs: Preferences,
        options: LaunchOptions,
    ) -> Self {
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let restored = prefs
            .last_scene
            .as_deref()
            .and_then(|text| Scene::parse(text, Path::new("last-scene.toml")).ok())
            .map(|scene| (scene, PathBuf::from("last-scene.toml")));
        let (scene, anchor) = options
            .scene
            .clone()
            .or(restored)
            .unwrap_or_else(default_scene);
        let repaint_ctx = ctx.clone();
        let worker = Worker::start(scene.clone(), anchor.clone(), move || {
            repaint_ctx.request_repaint()
        });
        let speed = options.speed.unwrap_or(Speed::PerFrame(1));
        worker.send(Command::SetSpeed(speed));
        if options.play {
            worker.send(Command::Play);
        }
        let app = Self {
            worker,
            snapshot: None,
            scene,
            anchor,
            textures: Default::default(),
            prefs,
            toggles: ViewToggles {
                show_stats: options.overlay,
                ..Default::default()
            },
            view: ViewSettings::default(),
            speed,
            files: files::FilePanel::default(),
            csv: csv_panel::CsvPanel::default(),
            stats: frame_stats::FrameStats::default(),
            network: network_view::NetworkView::default(),
            data: data_panel::DataPanel::default(),
            started: Instant::now(),
            screenshot: options.screenshot.map(|path| ScreenshotPlan {
                path,
                after: Duration::from_secs_f64(options.screenshot_after.max(0.0)),
                requested: false,
                done: Arc::default(),
            }),
            last_error: None,
        };
        app.apply_style(ctx);
        app
    }

    /// The newest snapshot shown.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_deref()
    }

    /// The scene as the user set it.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The preferences (persisted on exit).
    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    /// Lends a panel the parts it may touch, then sends what it changed.
    fn with_parts<R>(&mut self, panel: impl FnOnce(&mut AppParts<'_>) -> R) -> R {
        let view_before = self.view;
        let (mut edit, mut commands) = (None, Vec::new());
        let result = panel(&mut AppParts {
            scene: &self.scene,
            snapshot: self.snapshot.as_ref(),
            textures: &self.textures,
            prefs: &self.prefs,
            view: &mut self.view,
            edit: &mut edit,
            commands: &mut commands,
        });
        if self.view != view_before {
            self.send(Command::SetView(self.view));
        }
        for c in commands {
            self.send(c);
        }
        if let Some((scene, what)) = edit {
            self.restart_with(scene, what);
        }
        result
    }

    fn send(&self, command: Command) {
        self.worker.send(command);
    }

    /// Replaces the scene: the trainer restarts on it and the window says why.
    fn load(&mut self, scene: Scene, anchor: PathBuf, reason: impl Into<String>) {
        self.scene = scene.clone();
        self.anchor = anchor.clone();
        self.view.focus = None;
        self.send(Command::SetView(self.view));
        self.send(Command::Load {
            scene: Box::new(scene),
            anchor,
            reason: reason.into(),
        });
    }

    /// Sends the edited scene to the trainer (data or network changed: training restarts).
    fn restart_with(&mut self, scene: Scene, what: &str) {
        let anchor = self.anchor.clone();
        self.load(scene, anchor, format!("{what} changed: training restarted"));
    }

    fn apply_style(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            Theme::Projector => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
        ctx.set_zoom_factor(self.prefs.zoom);
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let zoom_in = KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus);
        let zoom_in_equals = KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals);
        let zoom_out = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
        let zoom_reset = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
        let (mut zoom, mut toggle, mut step, mut reset, mut fullscreen) =
            (None, false, false, false, false);
        ctx.input_mut(|i| {
            if i.consume_shortcut(&zoom_in) || i.consume_shortcut(&zoom_in_equals) {
                zoom = Some(self.prefs.zoom + 0.25);
            }
            if i.consume_shortcut(&zoom_out) {
                zoom = Some(self.prefs.zoom - 0.25);
            }
            if i.consume_shortcut(&zoom_reset) {
                zoom = Some(1.0);
            }
            toggle = i.consume_key(Modifiers::NONE, Key::Space);
            step = i.consume_key(Modifiers::NONE, Key::S)
                || i.consume_key(Modifiers::NONE, Key::ArrowRight);
            reset = i.consume_key(Modifiers::NONE, Key::R);
            fullscreen = i.consume_key(Modifiers::NONE, Key::F11);
        });
        if let Some(z) = zoom {
            self.prefs.set_zoom(z);
            self.apply_style(ctx);
        }
        if toggle {
            self.toggle_play();
        }
        if step {
            self.send(Command::Step);
        }
        if reset {
            self.send(Command::Reset);
        }
        if fullscreen {
            let now = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
            ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!now));
        }
    }

    fn playing(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|s| s.playing)
    }

    fn toggle_play(&self) {
        self.send(if self.playing() {
            Command::Pause
        } else {
            Command::Play
        });
    }

    fn take_screenshot_when_due(&mut self, ctx: &egui::Context) {
        let Some(plan) = self.screenshot.as_mut() else {
            return;
        };
        if let Some(result) = plan.done.lock().ok().and_then(|mut d| d.take()) {
            match result {
                Err(e) => eprintln!("nnplay: screenshot failed: {e}"),
                Ok(()) => {
                    let (median, p99) = self.stats.ui_millis();
                    let rate = self.snapshot.as_ref().map_or(0.0, |s| s.epochs_per_second);
                    let epoch = self.snapshot.as_ref().map_or(0, |s| s.epoch);
                    eprintln!(
                        "nnplay: screenshot saved at epoch {epoch}; {:.1} frames/s, UI thread {median:.2} ms median, {p99:.2} ms p99 per frame, {rate:.0} epochs/s",
                        self.stats.fps()
                    );
                }
            }
            self.screenshot = None;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if !plan.requested && self.started.elapsed() >= plan.after {
            plan.requested = true;
            let (path, done) = (plan.path.clone(), Arc::clone(&plan.done));
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
    }

    fn banner_ui(&mut self, ui: &mut egui::Ui) {
        let Some(snapshot) = self.snapshot.clone() else {
            return;
        };
        let message = match snapshot.status {
            Status::Diverged {
                epoch,
                learning_rate,
                ..
            } => Some((
                format!(
                    "Diverged at epoch {epoch}: the loss ran away with learning rate \
                     {learning_rate}. Lower it and press Reset."
                ),
                true,
            )),
            Status::Stopped {
                epoch,
                best_epoch,
                restored,
            } => Some((
                if restored {
                    format!("Early stopping at epoch {epoch}: restored epoch {best_epoch}")
                } else {
                    format!("Early stopping at epoch {epoch}: best was epoch {best_epoch}")
                },
                false,
            )),
            Status::Running => None,
        };
        let error = snapshot.error.clone();
        let notice = snapshot.notice.clone().filter(|_| snapshot.epoch == 0);
        if message.is_none() && error.is_none() && notice.is_none() {
            return;
        }
        egui::Panel::top("banner").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if let Some((text, diverged)) = &message {
                    let colour = if *diverged {
                        egui::Color32::from_rgb(0xc0, 0x1c, 0x28)
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(egui::RichText::new(text).strong().size(18.0).color(colour));
                    if ui
                        .button("Reset now")
                        .on_hover_text("Start again with fresh weights at epoch 0.")
                        .clicked()
                    {
                        self.send(Command::Reset);
                    }
                }
                if let Some(e) = &error {
                    ui.label(
                        egui::RichText::new(format!("Problem: {e}"))
                            .color(egui::Color32::from_rgb(0xc0, 0x1c, 0x28)),
                    );
                }
                if let Some(n) = &notice {
                    ui.label(egui::RichText::new(n).italics());
                }
            });
        });
    }
}

/// The default preset's scene.
fn default_scene() -> (Scene, PathBuf) {
    let preset = presets::find(presets::DEFAULT_PRESET).or(presets::PRESETS.first());
    match preset.map(|p| (p.scene(), p.label())) {
        Some((Ok(scene), label)) => (scene, label),
        _ => unreachable!("the built-in presets are checked by the tests"),
    }
}

fn save_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
    let buffer =
        image::RgbaImage::from_raw(w as u32, h as u32, bytes).ok_or("image size mismatch")?;
    buffer
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

impl eframe::App for PlaygroundApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(snapshot) = self.worker.take() {
            self.textures.update(ctx, &snapshot);
            if snapshot.error.is_some() && snapshot.error != self.last_error {
                // A change the trainer refused: show what it really runs.
                self.scene = (*snapshot.scene).clone();
            }
            self.last_error = snapshot.error.clone();
            self.snapshot = Some(snapshot);
        }
        self.shortcuts(ctx);
        self.take_screenshot_when_due(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        top_bar::menu_bar_ui(self, ui);
        top_bar::controls_ui(self, ui);
        self.banner_ui(ui);
        // Panels share the width in proportion, so zooming in keeps the network in view.
        let width = ui.available_width();
        if self.prefs.shows(ControlGroup::DataPanel) {
            let mut data = std::mem::take(&mut self.data);
            egui::Panel::left("data")
                .resizable(false)
                .exact_size((width * 0.17).clamp(150.0, 250.0))
                .show(ui, |ui| self.with_parts(|p| data.ui(p, ui)));
            self.data = data;
        }
        if self.prefs.shows(ControlGroup::Lesson) {
            egui::Panel::right("lesson")
                .resizable(false)
                .exact_size((width * 0.19).clamp(150.0, 320.0))
                .show(ui, |ui| lesson_panel::ui(self, ui));
        }
        egui::Panel::right("output")
            .resizable(false)
            .exact_size((width * 0.3).clamp(240.0, 520.0))
            .show(ui, |ui| {
                output_view::ui(self, ui);
                if self.prefs.shows(ControlGroup::Charts) {
                    charts::ui(self, ui);
                }
            });
        let mut network = std::mem::take(&mut self.network);
        egui::CentralPanel::default().show(ui, |ui| {
            // A straight-line model has little network to draw: its loss landscape takes most
            // of the room.
            match self.snapshot.clone().filter(|s| s.landscape.is_some()) {
                Some(snapshot) => {
                    let room = ui.available_size();
                    let network_size = egui::vec2(room.x, room.y * 0.3);
                    ui.allocate_ui(network_size, |ui| {
                        ui.set_min_size(network_size);
                        self.with_parts(|p| network.ui(p, ui))
                    });
                    let height = ui.available_height() - 30.0;
                    landscape_view::ui(ui, &snapshot, self.textures.landscape.as_ref(), height);
                }
                None => self.with_parts(|p| network.ui(p, ui)),
            }
        });
        self.network = network;
        self.files.window_ui(ui.ctx());
        csv_panel::CsvPanel::ui(self, &ui.ctx().clone());
        if let Some(request) = self.files.take_request() {
            files::apply(self, request);
        }
        self.stats
            .record(frame.info().cpu_usage, frame_start.elapsed());
        if self.toggles.show_stats {
            self.stats.overlay_ui(
                ui.ctx(),
                self.snapshot.as_ref().map_or(0.0, |s| s.epochs_per_second),
            );
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let mut prefs = self.prefs.clone();
        let mut scene = self.scene.clone();
        scene.model = None;
        prefs.last_scene = Some(scene.to_toml());
        eframe::set_value(storage, eframe::APP_KEY, &prefs);
    }
}

/// The pieces of the app a panel may touch, borrowed apart so panels can hold their own state.
pub struct AppParts<'a> {
    /// The scene as the user set it.
    pub scene: &'a Scene,
    /// The newest snapshot.
    pub snapshot: Option<&'a Arc<Snapshot>>,
    /// The map textures.
    pub textures: &'a textures::Textures,
    /// The preferences.
    pub prefs: &'a Preferences,
    /// How maps are drawn.
    pub view: &'a mut ViewSettings,
    /// Edits the panel made to the scene: (new scene, what changed).
    pub edit: &'a mut Option<(Scene, &'static str)>,
    /// Commands to send.
    pub commands: &'a mut Vec<Command>,
}
