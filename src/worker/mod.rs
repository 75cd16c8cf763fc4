//! The trainer thread. It owns the session, obeys [`Command`]s, and publishes the newest
//! [`Snapshot`] into a latest-value slot; the window only ever reads the newest one and never
//! waits for training.

pub mod classifier;
pub mod histograms;
mod landscape;
mod render;
mod snapshot;

pub use landscape::LandscapeView;
pub use render::ViewSettings;
pub use snapshot::{Point, Points, Snapshot};

use crate::boundary::Region;
use crate::data::csv_table::CsvTable;
use crate::scene::{OptimizerKind, Regularization, Scene};
use crate::train::{Session, Status};
use render::Renderer;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How fast training runs while playing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Speed {
    /// This many epochs per displayed frame.
    PerFrame(u32),
    /// As many epochs as the trainer manages; the pictures follow every frame.
    Max,
}

/// What the window asks of the trainer.
#[derive(Clone, Debug)]
pub enum Command {
    /// Start training.
    Play,
    /// Stop training.
    Pause,
    /// Train exactly one epoch.
    Step,
    /// Rebuild the session from its scene: fresh weights, epoch 0.
    Reset,
    /// Change the speed.
    SetSpeed(Speed),
    /// Change the learning rate, live.
    SetLearningRate(f64),
    /// Change the batch size, live.
    SetBatchSize(usize),
    /// Change the weight penalty, live.
    SetRegularization(Regularization, f64),
    /// Change the optimiser, live.
    SetOptimizer(OptimizerKind),
    /// Change how the maps are drawn.
    SetView(ViewSettings),
    /// Replace the scene (new data or network): the session restarts and `reason` is shown.
    Load {
        /// The new scene.
        scene: Box<Scene>,
        /// The file that anchors its relative paths.
        anchor: PathBuf,
        /// Why it restarts, for the notice.
        reason: String,
    },
    /// Keep a CSV table read elsewhere, so scenes with this CSV source start without reading
    /// the file again.
    CacheTable {
        /// The CSV source, its path absolute.
        source: crate::scene::CsvSource,
        /// The table read from it.
        table: Box<CsvTable>,
    },
    /// Add a training point at (x, y) with this class or target.
    AddPoint(f64, f64, f64),
    /// Remove the training point nearest to (x, y).
    RemoveNearestPoint(f64, f64),
    /// Fix a column beyond the first two at a value for the maps.
    SetSlice(usize, f64),
    /// Put every slice value back at its training median.
    ResetSlice,
    /// Set one weight (layer, input, neuron) to a typed value.
    SetWeight(usize, usize, usize, f64),
    /// End the thread.
    Shutdown,
}

/// The slot holding the newest snapshot; taking it leaves it empty.
#[derive(Default)]
struct Slot {
    newest: Mutex<Option<Arc<Snapshot>>>,
}

/// The window's handle on the trainer thread.
pub struct Worker {
    commands: Sender<Command>,
    slot: Arc<Slot>,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the trainer on `scene`; `repaint` is called whenever a new snapshot is ready.
    /// A scene that does not build starts the trainer empty, with the error in the snapshot.
    pub fn start(scene: Scene, anchor: PathBuf, repaint: impl Fn() + Send + 'static) -> Worker {
        let (commands, inbox) = channel();
        let slot = Arc::new(Slot::default());
        let thread_slot = Arc::clone(&slot);
        let thread = std::thread::Builder::new()
            .name("trainer".into())
            .spawn(move || Trainer::new(scene, anchor, thread_slot, Box::new(repaint)).run(inbox))
            .ok();
        Worker {
            commands,
            slot,
            thread,
        }
    }

    /// Sends a command; it takes effect before the next snapshot.
    pub fn send(&self, command: Command) {
        let _ = self.commands.send(command);
    }

    /// The newest snapshot, if one arrived since the last call.
    pub fn take(&self) -> Option<Arc<Snapshot>> {
        self.slot.newest.lock().ok()?.take()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Shutdown);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The state owned by the trainer thread.
struct Trainer {
    scene: Scene,
    anchor: PathBuf,
    session: Option<Session>,
    generation: u64,
    playing: bool,
    speed: Speed,
    view: ViewSettings,
    renderer: Renderer,
    region: Region,
    points: Arc<snapshot::Points>,
    landscape: Option<Arc<LandscapeView>>,
    histograms: Arc<Vec<histograms::FeatureHistogram>>,
    data_notes: Arc<Vec<String>>,
    csv_cache: Option<(crate::scene::CsvSource, Arc<CsvTable>)>,
    cut_rocs: Arc<Vec<classifier::CutRoc>>,
    notice: Option<String>,
    error: Option<String>,
    dirty: bool,
    rate_window: (Instant, u64),
    epochs_per_second: f64,
    slot: Arc<Slot>,
    repaint: Box<dyn Fn() + Send>,
}

/// How long the trainer trains at "max" before it checks for commands again.
const MAX_SLICE: Duration = Duration::from_millis(4);

impl Trainer {
    fn new(scene: Scene, anchor: PathBuf, slot: Arc<Slot>, repaint: Box<dyn Fn() + Send>) -> Self {
        let mut t = Trainer {
            scene: scene.clone(),
            anchor: anchor.clone(),
            session: None,
            generation: 0,
            playing: false,
            speed: Speed::PerFrame(1),
            view: ViewSettings::default(),
            renderer: Renderer::default(),
            region: Region {
                x: (-6.0, 6.0),
                y: (-6.0, 6.0),
            },
            points: Arc::default(),
            landscape: None,
            histograms: Arc::default(),
            data_notes: Arc::default(),
            csv_cache: None,
            cut_rocs: Arc::default(),
            notice: None,
            error: None,
            dirty: true,
            rate_window: (Instant::now(), 0),
            epochs_per_second: 0.0,
            slot,
            repaint,
        };
        t.load(scene, anchor, None);
        if t.session.is_none()
            && let Some(preset) = crate::presets::find(crate::presets::DEFAULT_PRESET)
            && let Ok(default) = preset.scene()
        {
            let why = t.error.take().unwrap_or_default();
            t.load(default, preset.label(), None);
            t.error = Some(format!("{why}; showing the default scene instead"));
        }
        t
    }

    /// Builds a session; on failure keeps the previous one and reports why.
    fn load(&mut self, scene: Scene, anchor: PathBuf, reason: Option<String>) {
        let built = match self.cached_table(&scene, &anchor) {
            Some(table) => Session::from_csv_table(&scene, &anchor, table),
            None => Session::new(&scene, &anchor),
        };
        match built {
            Ok(session) => {
                self.region = Region::of(&session);
                self.session = Some(session);
                self.refresh_data_views();
                self.scene = scene;
                self.anchor = anchor;
                self.generation += 1;
                self.notice = reason;
                self.error = None;
                self.playing = false;
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.playing = false;
            }
        }
        self.dirty = true;
    }

    /// A copy of the cached table if the scene reads the same CSV source.
    fn cached_table(&self, scene: &Scene, anchor: &std::path::Path) -> Option<CsvTable> {
        let csv = scene.data.csv.as_ref()?;
        let (source, table) = self.csv_cache.as_ref()?;
        let resolved = crate::scene::CsvSource {
            path: Scene::resolve(anchor, &csv.path),
            ..csv.clone()
        };
        (resolved == *source).then(|| (**table).clone())
    }

    fn run(mut self, inbox: Receiver<Command>) {
        loop {
            // While paused and up to date, sleep until a command arrives.
            let next = if self.playing || self.dirty {
                match inbox.try_recv() {
                    Ok(c) => Some(c),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match inbox.recv_timeout(Duration::from_millis(100)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            if let Some(command) = next {
                if matches!(command, Command::Shutdown) {
                    return;
                }
                self.obey(command);
                continue;
            }
            if self.playing {
                self.train_for_a_frame();
            }
            let slot_empty = self.slot.newest.lock().map(|s| s.is_none()).unwrap_or(true);
            if self.dirty && slot_empty {
                self.publish();
            } else if self.playing && !slot_empty {
                // The window has not taken the last picture yet: keep training at max speed,
                // otherwise wait briefly for it.
                if self.speed != Speed::Max {
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
    }

    fn obey(&mut self, command: Command) {
        let mut failed = None;
        match command {
            Command::Play => {
                self.playing = self
                    .session
                    .as_ref()
                    .is_some_and(|s| s.status() == Status::Running)
            }
            Command::Pause => self.playing = false,
            Command::Step => {
                self.playing = false;
                self.train_epochs(1);
            }
            Command::Reset => {
                let (scene, anchor) = (self.scene.clone(), self.anchor.clone());
                let mut fresh = scene;
                fresh.model = None;
                self.load(fresh, anchor, None);
            }
            Command::SetSpeed(speed) => self.speed = speed,
            Command::SetView(view) => self.view = view,
            Command::SetLearningRate(lr) => failed = self.with_session(|s| s.set_learning_rate(lr)),
            Command::SetBatchSize(n) => failed = self.with_session(|s| s.set_batch_size(n)),
            Command::SetRegularization(kind, rate) => {
                failed = self.with_session(|s| s.set_regularization(kind, rate))
            }
            Command::SetOptimizer(kind) => failed = self.with_session(|s| s.set_optimizer(kind)),
            Command::SetWeight(layer, i, j, value) => {
                failed = self.with_session(|s| s.set_weight(layer, i, j, value))
            }
            Command::Load {
                scene,
                anchor,
                reason,
            } => self.load(*scene, anchor, Some(reason)),
            Command::SetSlice(column, value) => {
                failed = self.with_session(|s| s.set_slice(column, value))
            }
            Command::ResetSlice => {
                failed = self.with_session(|s| {
                    s.reset_slice();
                    Ok(())
                })
            }
            Command::CacheTable { source, table } => {
                self.csv_cache = Some((source, Arc::from(table)));
            }
            Command::AddPoint(x, y, label) => {
                failed = self.edit_points(|s| s.add_point(x, y, label))
            }
            Command::RemoveNearestPoint(x, y) => {
                failed = self.edit_points(|s| s.remove_nearest_point(x, y))
            }
            Command::Shutdown => {}
        }
        if let Some(session) = &self.session {
            self.scene.training = session.scene().training.clone();
        }
        self.error = failed.or(self.error.take());
        self.dirty = true;
    }

    fn with_session(
        &mut self,
        change: impl FnOnce(&mut Session) -> Result<(), String>,
    ) -> Option<String> {
        self.session.as_mut().and_then(|s| change(s).err())
    }

    fn edit_points(
        &mut self,
        edit: impl FnOnce(&mut Session) -> Result<(), String>,
    ) -> Option<String> {
        let failed = self.with_session(edit);
        self.refresh_data_views();
        failed
    }

    /// Rebuilds what depends on the data alone (points, landscape, cut ROCs, histograms,
    /// notes): once per dataset or point edit, not per frame.
    fn refresh_data_views(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        self.points = Arc::new(render::points(session));
        self.landscape = landscape::view(session).map(Arc::new);
        self.cut_rocs = Arc::new(classifier::cut_rocs(session));
        self.histograms = Arc::new(histograms::feature_histograms(session.table()));
        self.data_notes = Arc::new(session.data_notes().to_vec());
    }

    fn train_epochs(&mut self, n: u64) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        for _ in 0..n {
            if session.train_epoch() != Status::Running {
                self.playing = false;
                break;
            }
        }
        self.dirty = true;
    }

    fn train_for_a_frame(&mut self) {
        let slot_empty = self.slot.newest.lock().map(|s| s.is_none()).unwrap_or(true);
        match self.speed {
            Speed::PerFrame(n) => {
                if slot_empty {
                    self.train_epochs(n as u64);
                }
            }
            Speed::Max => {
                let start = Instant::now();
                while start.elapsed() < MAX_SLICE && self.playing {
                    self.train_epochs(1);
                }
            }
        }
    }

    fn publish(&mut self) {
        let Some(session) = self.session.as_mut() else {
            // Nothing trains: still tell the window why.
            (self.repaint)();
            return;
        };
        let (output_image, curve) = self.renderer.output(session, self.region, &self.view);
        let neuron_images = self.renderer.neurons(session, self.region, &self.view);
        let elapsed = self.rate_window.0.elapsed();
        if elapsed > Duration::from_millis(500) {
            let epochs = session.epoch().saturating_sub(self.rate_window.1);
            self.epochs_per_second = epochs as f64 / elapsed.as_secs_f64();
            self.rate_window = (Instant::now(), session.epoch());
        }
        let snapshot = Snapshot {
            generation: self.generation,
            epoch: session.epoch(),
            status: session.status(),
            playing: self.playing,
            scene: Arc::new(self.scene.clone()),
            records: Arc::new(session.history().records().copied().collect()),
            network: session.network().clone(),
            region: self.region,
            task: session.task(),
            columns: session.columns().len(),
            column_names: Arc::new(session.columns().to_vec()),
            classifier: classifier::figures(session).map(Arc::new),
            pi_estimate: session.pi_estimate(),
            output_image: Arc::new(output_image),
            curve: Arc::new(curve),
            neuron_images: Arc::new(neuron_images),
            points: Arc::clone(&self.points),
            landscape: self.landscape.clone(),
            descent_path: Arc::new(
                session
                    .descent_path()
                    .map(<[_]>::to_vec)
                    .unwrap_or_default(),
            ),
            cut_rocs: Arc::clone(&self.cut_rocs),
            data_notes: Arc::clone(&self.data_notes),
            histograms: Arc::clone(&self.histograms),
            slice: Arc::new(session.slice().to_vec()),
            confusion: multi_class_confusion(session).map(Arc::new),
            epochs_per_second: if self.playing {
                self.epochs_per_second
            } else {
                0.0
            },
            notice: self.notice.clone(),
            error: self.error.clone(),
        };
        if let Ok(mut slot) = self.slot.newest.lock() {
            *slot = Some(Arc::new(snapshot));
        }
        self.dirty = false;
        (self.repaint)();
    }
}

/// The test confusion matrix of a problem with more than two classes.
fn multi_class_confusion(session: &mut Session) -> Option<Vec<Vec<usize>>> {
    let more_than_two = matches!(
        session.task(),
        crate::data::Task::Classification { classes } if classes > 2
    );
    (more_than_two && session.splits().test.rows() > 0)
        .then(|| session.confusion(crate::train::Which::Test))
        .flatten()
}
