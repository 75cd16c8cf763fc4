//! The window: TF Playground's layout (data left, network centre, output right) on top of the
//! trainer thread. Every panel has the shape of [`panel::Panel`]: it reads the newest snapshot
//! and pushes actions, which [`PlaygroundApp`] applies once at the end of the frame. The UI
//! thread never trains and never waits.

mod arrange;
pub(crate) mod axes;
mod background;
mod banner;
mod charts;
mod class_files_choice;
mod csv_panel;
mod csv_reading;
mod data_panel;
mod dots;
mod export_panel;
mod feature_pictures;
mod figure_panel;
pub mod figures;
mod file_dialog;
mod files;
mod frame_stats;
mod landscape_view;
mod launch;
pub mod layout;
mod lesson_panel;
mod links;
mod network_view;
pub(crate) mod output_view;
pub mod panel;
pub mod preferences;
mod rasteriser;
mod root_choice;
mod row;
mod shortcuts;
pub(crate) mod side_by_side;
mod textures;
mod top_bar;
mod tree_view;

pub use banner::Banner;
pub use charts::{ChartState, Charts};
pub use data_panel::DataPanel;
pub use launch::LaunchOptions;
pub use lesson_panel::LessonPanel;
pub use network_view::NetworkView;
pub use output_view::OutputView;
pub use textures::Textures;
pub use top_bar::TopBar;

use crate::engine::presets;
use crate::engine::scene::Scene;
use crate::worker::{Command, Lockstep, Snapshot, Speed, ViewSettings, Worker};
use panel::{Action, Actions, Dialog, Panel, PanelInput};
use preferences::{Preferences, Theme};
use side_by_side::{Partner, Side};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// The panels of the window, each with its own state.
#[derive(Default)]
pub(crate) struct Panels {
    top_bar: TopBar,
    banner: Banner,
    data: DataPanel,
    network: NetworkView,
    landscape: landscape_view::LandscapePanel,
    output: OutputView,
    charts: Charts,
    lesson: LessonPanel,
    files: files::FilePanel,
    csv: csv_panel::CsvPanel,
    export: export_panel::ExportPanel,
    figure: figure_panel::FigurePanel,
    /// In a short window: the charts, not the map, in the output panel.
    show_charts: bool,
}

/// The application.
pub struct PlaygroundApp {
    worker: Worker,
    /// Shared with the right side's trainer when two runs train side by side.
    lockstep: Arc<Lockstep>,
    /// The right side, when two runs train side by side.
    partner: Option<Partner>,
    /// The side the top bar, data panel and lesson switches change.
    editing: Side,
    snapshot: Option<Arc<Snapshot>>,
    textures: Textures,
    prefs: Preferences,
    view: ViewSettings,
    panels: Panels,
    stats: frame_stats::FrameStats,
    started: Instant,
    screenshot: Option<launch::ScreenshotPlan>,
    /// What this frame's picture uploads took (counted in the window's own time).
    logic_time: std::time::Duration,
    /// Whether frames are cleared to the panels' background (in the window; offscreen they
    /// clear to transparent and the panels paint it).
    cleared_to_panels: bool,
}

impl PlaygroundApp {
    /// Builds the app inside eframe, restoring preferences from storage.
    pub fn new(cc: &eframe::CreationContext<'_>, options: LaunchOptions) -> Self {
        let prefs: Preferences = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let lowered = rasteriser::yield_to_training();
        if lowered > 0 {
            log::info!("software rasteriser: {lowered} threads lowered under the trainer");
        }
        Self {
            cleared_to_panels: true,
            ..Self::with_preferences(&cc.egui_ctx, prefs, options)
        }
    }

    /// Builds the app with the given preferences (tests pass their own).
    pub fn with_preferences(
        ctx: &egui::Context,
        mut prefs: Preferences,
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
        let (scene, right) = scene.take_comparison();
        let repaint_ctx = ctx.clone();
        let view = scene.view.clone();
        let lockstep = Arc::new(Lockstep::default());
        let worker = Worker::start_side(
            scene,
            anchor.clone(),
            (Arc::clone(&lockstep), 0),
            move || repaint_ctx.request_repaint(),
        );
        let partner = right.map(|right| Partner::start(right, anchor, Arc::clone(&lockstep), ctx));
        prefs.show_stats |= options.overlay;
        // Saved preferences, then what the scene asks for, then the command line.
        prefs.follow(&view);
        if let Some(zoom) = options.zoom {
            prefs.set_zoom(zoom);
        }
        if let Some(theme) = options.theme {
            prefs.theme = theme;
        }
        let mut app = Self {
            worker,
            lockstep,
            partner,
            editing: Side::Left,
            snapshot: None,
            textures: Textures::default(),
            prefs,
            view: ViewSettings::default(),
            panels: Panels::default(),
            stats: frame_stats::FrameStats::default(),
            started: Instant::now(),
            screenshot: options
                .screenshot
                .map(|path| launch::ScreenshotPlan::new(path, options.screenshot_after)),
            logic_time: Default::default(),
            cleared_to_panels: false,
        };
        // The transport goes to both sides, as from the top bar.
        app.send(
            Command::SetSpeed(options.speed.unwrap_or(Speed::PerFrame(1))),
            None,
        );
        if options.play {
            app.send(Command::Play, None);
        }
        if let Some(discrete) = view.discretize {
            app.view.discrete = discrete;
            app.worker.send(Command::SetView(app.view));
        }
        app.apply_style(ctx);
        app
    }

    /// The newest snapshot shown.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_deref()
    }

    /// The scene in force, as the newest snapshot has it.
    pub fn scene(&self) -> Option<&Scene> {
        self.snapshot().map(|s| &*s.scene)
    }

    /// The right side's newest snapshot, when two runs train side by side.
    pub fn partner_snapshot(&self) -> Option<&Snapshot> {
        self.partner.as_ref()?.snapshot.as_deref()
    }

    /// The preferences (persisted on exit).
    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    fn apply_style(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            Theme::Projector => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
        ctx.set_zoom_factor(self.prefs.zoom);
    }

    /// Carries out what the panels asked for this frame, in order; `target` is the side the
    /// actions came from (a column of the comparison), or `None` for the shared panels.
    fn apply(&mut self, actions: Vec<Action>, target: Option<Side>, ctx: &egui::Context) {
        for action in actions {
            match action {
                Action::Send(command) => self.send(command, target),
                Action::Load {
                    scene,
                    anchor,
                    reason,
                } => {
                    let (scene, right) = scene.take_comparison();
                    self.view.focus = None;
                    if let Some(discrete) = scene.view.discretize {
                        self.view.discrete = discrete;
                    }
                    self.prefs.follow(&scene.view);
                    self.apply_style(ctx);
                    self.worker.send(Command::SetView(self.view));
                    self.worker.send(Command::Load {
                        scene: Box::new(scene),
                        anchor: anchor.clone(),
                        reason,
                    });
                    match right {
                        Some(right) => self.open_side_by_side(right, anchor, ctx),
                        None => self.close_side_by_side(),
                    }
                }
                Action::SideBySide(right) => {
                    self.send(Command::Reset, Some(Side::Left));
                    let anchor = self.anchor();
                    self.open_side_by_side(*right, anchor, ctx);
                    self.send(Command::Play, None);
                }
                Action::View(view) => match (target, self.partner.as_mut()) {
                    (Some(Side::Right), Some(partner)) => {
                        partner.view = view;
                        partner.worker.send(Command::SetView(view));
                    }
                    _ => {
                        self.view = view;
                        self.worker.send(Command::SetView(view));
                    }
                },
                Action::Preferences(prefs) => {
                    self.prefs = prefs;
                    self.apply_style(ctx);
                }
                Action::Open(Dialog::SceneFile) => self.panels.files.open = true,
                Action::Open(Dialog::CsvData) => self.panels.csv.open = true,
                Action::Open(Dialog::Export) => self.panels.export.open = true,
                Action::Open(Dialog::Figure(kind)) => self.panels.figure.open_for(kind),
                Action::LoadData(path) => self.panels.csv.open_path(path),
            }
        }
    }

    /// The file anchoring the left side's relative paths.
    fn anchor(&self) -> PathBuf {
        self.snapshot()
            .map(|s| (*s.anchor).clone())
            .unwrap_or_else(|| PathBuf::from("scene.toml"))
    }

    /// Sends a command: from a column, to that side; from the shared panels, the transport
    /// (Play, Pause, Step, Reset, speed) to both sides and anything else to the side edited.
    fn send(&mut self, command: Command, target: Option<Side>) {
        let Some(partner) = self.partner.as_ref() else {
            self.worker.send(command);
            return;
        };
        let side = match target {
            Some(side) => side,
            None if side_by_side::drives_both(&command) => {
                // Play and Reset open a lockstep round first, so neither side starts (or
                // races ahead after restarting) before the other has the command too.
                let round = matches!(command, Command::Play | Command::Reset)
                    .then(|| self.lockstep.begin());
                for w in [&self.worker, &partner.worker] {
                    w.send(command.clone());
                    if let Some(round) = round {
                        w.send(Command::Sync(round));
                    }
                }
                return;
            }
            None => self.editing,
        };
        match side {
            Side::Left => self.worker.send(command),
            Side::Right => partner.worker.send(command),
        }
    }

    /// Trains `right` beside the left side: a new trainer, or the one there restarted on it;
    /// both join a new lockstep round.
    fn open_side_by_side(&mut self, right: Scene, anchor: PathBuf, ctx: &egui::Context) {
        let round = self.lockstep.begin();
        let reason = "Side by side: training restarted".to_string();
        match self.partner.as_ref() {
            Some(partner) => partner.worker.send(Command::Load {
                scene: Box::new(right),
                anchor,
                reason,
            }),
            None => {
                let partner = Partner::start(right, anchor, Arc::clone(&self.lockstep), ctx);
                let speed = self.snapshot().map_or(Speed::PerFrame(1), |s| s.speed);
                partner.worker.send(Command::SetSpeed(speed));
                self.partner = Some(partner);
            }
        }
        if let Some(partner) = &self.partner {
            partner.worker.send(Command::Sync(round));
        }
        self.worker.send(Command::Sync(round));
    }

    /// Ends the comparison; the left side trains on alone.
    fn close_side_by_side(&mut self) {
        self.partner = None;
        self.editing = Side::Left;
    }

    /// Lays out the panels (see `arrange`); side by side, with the right side's columns.
    fn panels_ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, ctx: &egui::Context) {
        let (mut shared, mut left, mut right) = Default::default();
        let partner_snapshot = self.partner.as_ref().and_then(|p| p.snapshot.clone());
        let input = PanelInput {
            snapshot,
            textures: &self.textures,
            prefs: &self.prefs,
            view: &self.view,
            partner: partner_snapshot.as_deref(),
        };
        let mut requests = None;
        match (self.partner.as_mut(), partner_snapshot.as_deref()) {
            (Some(partner), Some(right_snapshot)) => {
                let right_input = PanelInput {
                    snapshot: right_snapshot,
                    textures: &partner.textures,
                    prefs: &self.prefs,
                    view: &partner.view,
                    partner: None,
                };
                let mut split = arrange::Split {
                    input: &right_input,
                    network: &mut partner.network,
                    output: &mut partner.output,
                    right_actions: &mut right,
                    left_actions: &mut left,
                    editing: self.editing,
                    lockstep: self.lockstep.enabled(),
                    requests: Default::default(),
                };
                arrange::panels_ui(&mut self.panels, ui, &input, &mut shared, Some(&mut split));
                requests = Some(split.requests);
            }
            _ => arrange::panels_ui(&mut self.panels, ui, &input, &mut shared, None),
        }
        self.apply(shared.take(), None, ctx);
        self.apply(left.take(), Some(Side::Left), ctx);
        self.apply(right.take(), Some(Side::Right), ctx);
        if let Some(requests) = requests {
            if let Some(side) = requests.edit {
                self.editing = side;
            }
            if let Some(on) = requests.lockstep {
                self.lockstep.set_enabled(on);
            }
            if requests.close {
                self.close_side_by_side();
            }
        }
    }

    /// The file windows, drawn after the panels' actions are applied so that a window asked
    /// for from a menu opens in the same frame.
    fn dialogs_ui(&mut self, ui: &mut egui::Ui, snapshot: &Snapshot, actions: &mut Actions) {
        let input = PanelInput {
            snapshot,
            textures: &self.textures,
            prefs: &self.prefs,
            view: &self.view,
            partner: self.partner.as_ref().and_then(|p| p.snapshot.as_deref()),
        };
        self.panels.files.ui(ui, &input, actions);
        self.panels.csv.ui(ui, &input, actions);
        self.panels.export.ui(ui, &input, actions);
        self.panels
            .figure
            .ui(ui, snapshot, self.panels.charts.state());
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

impl eframe::App for PlaygroundApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let start = Instant::now();
        if let Some(snapshot) = self.worker.take() {
            self.textures.update(ctx, &snapshot);
            self.snapshot = Some(snapshot);
        }
        if let Some(partner) = self.partner.as_mut() {
            partner.poll(ctx);
        }
        self.logic_time = start.elapsed();
        let partner = self.partner.as_ref().and_then(|p| p.snapshot.as_deref());
        let shown = [self.snapshot.as_deref(), partner];
        if let Some(plan) = self.screenshot.as_mut()
            && !plan.poll(ctx, self.started, &self.stats, shown)
        {
            self.screenshot = None;
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        background::set_cleared_to_panels(ui.ctx(), self.cleared_to_panels);
        let Some(snapshot) = self.snapshot.clone() else {
            ui.label("Starting the trainer…");
            return;
        };
        let mut actions = Actions::default();
        let ctx = ui.ctx().clone();
        self.panels_ui(ui, &snapshot, &ctx);
        self.dialogs_ui(ui, &snapshot, &mut actions);
        self.apply(actions.take(), None, &ctx);
        self.stats.record(
            frame.info().cpu_usage,
            self.logic_time + frame_start.elapsed(),
        );
        if self.prefs.show_stats {
            self.stats.overlay_ui(ui.ctx(), snapshot.epochs_per_second);
        }
    }

    /// The panels' colour (only the window clears with it; egui_kittest clears to transparent).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        background::clear_colour(visuals)
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let mut prefs = self.prefs.clone();
        if let Some(scene) = self.scene() {
            let mut scene = scene.clone();
            scene.model = None;
            prefs.last_scene = Some(scene.to_toml());
        }
        eframe::set_value(storage, eframe::APP_KEY, &prefs);
    }
}
