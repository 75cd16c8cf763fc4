//! One session and what the trainer prepares for it: the map region, the pictures, the views
//! that depend on the data alone, and the messages for the window.

use super::command::Speed;
use super::pictures::{self, LandscapeView, Renderer, ViewSettings};
use super::snapshot::{Points, Snapshot, SnapshotModel};
use crate::engine::boundary::Region;
use crate::engine::data::csv_table::CsvTable;
use crate::engine::figures::{DataFigures, ModelFigures};
use crate::engine::model::ModelView;
use crate::engine::runs::{Run, Runs, difference, typed_label};
use crate::engine::scene::{CsvSource, Scene};
use crate::engine::train::Session;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// A session with its prepared views.
pub struct Lane {
    /// The session in training; `None` only until a scene first builds.
    pub session: Option<Session>,
    /// The file that anchors the scene's relative paths.
    pub anchor: PathBuf,
    /// Increases whenever the session is rebuilt.
    pub generation: u64,
    /// Why the session last restarted.
    pub notice: Option<String>,
    /// The last request that failed, and why.
    pub error: Option<String>,
    renderer: Renderer,
    region: Region,
    points: Arc<Points>,
    landscape: Option<Arc<LandscapeView>>,
    data_figures: Arc<DataFigures>,
    data_notes: Arc<Vec<String>>,
    csv_cache: Option<(CsvSource, Arc<CsvTable>)>,
    stop: Arc<AtomicBool>,
    runs: Runs,
    shared_runs: Arc<Vec<Run>>,
    run_id: u64,
    /// The current run's label, once known (typed, or what sets it apart from the run before
    /// it); until then it is "run N" and gets its label when it ends.
    run_label: Option<String>,
    /// Seconds the current session has trained.
    pub training_seconds: f64,
}

impl Lane {
    /// A lane with no session yet; its sessions stop between batches when `stop` is raised.
    pub fn empty(anchor: PathBuf, stop: Arc<AtomicBool>) -> Lane {
        Lane {
            session: None,
            anchor,
            generation: 0,
            notice: None,
            error: None,
            renderer: Renderer::default(),
            region: Region {
                x: (-6.0, 6.0),
                y: (-6.0, 6.0),
            },
            points: Arc::default(),
            landscape: None,
            data_figures: Arc::default(),
            data_notes: Arc::default(),
            csv_cache: None,
            stop,
            runs: Runs::default(),
            shared_runs: Arc::default(),
            run_id: 0,
            run_label: None,
            training_seconds: 0.0,
        }
    }

    /// Numbers this lane's runs from `id` on (each side of a comparison has its own range).
    pub fn set_first_run_id(&mut self, id: u64) {
        self.run_id = id;
    }

    /// Builds a session on `scene`; on failure keeps the previous one and reports why.
    /// Returns whether it built.
    pub fn load(&mut self, scene: Scene, anchor: PathBuf, reason: Option<String>) -> bool {
        let built = match self.cached_table(&scene, &anchor) {
            Some(table) => Session::from_csv_table(&scene, &anchor, table),
            None => Session::new(&scene, &anchor),
        };
        match built {
            Ok(mut session) => {
                session.set_stop_flag(Arc::clone(&self.stop));
                self.keep_run(session.scene());
                self.region = Region::of(&session);
                self.session = Some(session);
                self.refresh_data_views();
                self.anchor = anchor;
                self.generation += 1;
                self.notice = reason;
                self.error = None;
                true
            }
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    /// Keeps the session that ends as a past run (if it trained), labelled by what set it
    /// apart from the scene that follows; labels the new run the same way.
    fn keep_run(&mut self, next: &Scene) {
        let apart = |this: &Scene, other: &Scene| {
            Some(difference(this, other)).filter(|d| d != "same settings")
        };
        if let Some(old) = self.session.as_mut()
            && old.epoch() > 0
        {
            let label = self
                .run_label
                .take()
                .or_else(|| apart(old.scene(), next))
                .unwrap_or_else(|| format!("run {}", self.run_id));
            let run = Run::of(old, self.run_id, label, self.training_seconds);
            self.runs.keep(run);
            self.shared_runs = Arc::new(self.runs.list().to_vec());
        }
        self.run_label = self
            .session
            .as_ref()
            .and_then(|old| apart(next, old.scene()));
        self.run_id += 1;
        self.training_seconds = 0.0;
    }

    /// Pins or unpins a past run.
    pub fn pin_run(&mut self, id: u64, pinned: bool) -> Option<String> {
        let found = self.runs.pin(id, pinned);
        self.shared_runs = Arc::new(self.runs.list().to_vec());
        (!found).then(|| format!("no past run {id}"))
    }

    /// Renames a past run (or the current one).
    pub fn rename_run(&mut self, id: u64, label: &str) -> Option<String> {
        if id == self.run_id {
            if let Some(label) = typed_label(label) {
                self.run_label = Some(label);
            }
            return None;
        }
        let found = self.runs.rename(id, label);
        self.shared_runs = Arc::new(self.runs.list().to_vec());
        (!found).then(|| format!("no past run {id}"))
    }

    /// Keeps a table read elsewhere for scenes that read the same CSV source.
    pub fn cache_table(&mut self, source: CsvSource, table: CsvTable) {
        self.csv_cache = Some((source, Arc::new(table)));
    }

    /// A copy of the cached table if the scene reads the same CSV source.
    fn cached_table(&self, scene: &Scene, anchor: &Path) -> Option<CsvTable> {
        let csv = scene.data.csv.as_ref()?;
        let (source, table) = self.csv_cache.as_ref()?;
        let resolved = CsvSource {
            path: Scene::resolve(anchor, &csv.path),
            ..csv.clone()
        };
        (resolved == *source).then(|| (**table).clone())
    }

    /// Rebuilds what depends on the data alone (points, landscape, cut ROCs, histograms,
    /// notes): once per dataset or point edit, not per frame.
    pub fn refresh_data_views(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        self.points = Arc::new(pictures::points(session));
        self.landscape = pictures::landscape_view(session).map(Arc::new);
        self.data_figures = Arc::new(DataFigures::of(session));
        self.data_notes = Arc::new(session.data_notes().to_vec());
    }

    /// Everything the window draws for this lane now, pictures included.
    pub fn snapshot(
        &mut self,
        view: &ViewSettings,
        (playing, speed): (bool, Speed),
        epochs_per_second: f64,
    ) -> Option<Snapshot> {
        let session = self.session.as_mut()?;
        let (output_image, curve) = self.renderer.output(session, self.region, view);
        let neuron_images = self.renderer.neurons(session, self.region, view);
        Some(Snapshot {
            generation: self.generation,
            epoch: session.epoch(),
            status: session.status(),
            playing,
            speed,
            scene: Arc::new(session.scene().clone()),
            anchor: Arc::new(self.anchor.clone()),
            records: Arc::new(session.history().records().copied().collect()),
            model: match session.model() {
                ModelView::Network(n) => SnapshotModel::Network(n.clone()),
                ModelView::Trees(e) => SnapshotModel::Trees(Arc::new(e.clone())),
            },
            input_units: Arc::new(input_units(session)),
            region: self.region,
            task: session.task(),
            columns: session.columns().len(),
            column_names: Arc::new(session.columns().to_vec()),
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
            data_figures: Arc::clone(&self.data_figures),
            model_figures: Arc::new(ModelFigures::of(session)),
            data_notes: Arc::clone(&self.data_notes),
            figure_sample_note: session.figure_sample_note(),
            slice: Arc::new(session.slice().to_vec()),
            epochs_per_second,
            runs: Arc::clone(&self.shared_runs),
            run_id: self.run_id,
            run_label: self
                .run_label
                .clone()
                .unwrap_or_else(|| format!("run {}", self.run_id)),
            training_seconds: self.training_seconds,
            notice: self.notice.clone(),
            error: self.error.clone(),
        })
    }
}

/// Per model input, the (mean, standard deviation) of its standardisation, or (0, 1).
fn input_units(session: &Session) -> Vec<(f64, f64)> {
    let splits = session.splits();
    (0..splits.width())
        .map(|k| match &splits.scaler {
            Some(s) => (s.mean[k], s.std[k]),
            None => (0.0, 1.0),
        })
        .collect()
}

/// The snapshot of `scene` after `epochs` epochs, made on the calling thread: what the window
/// would show, for panel tests that run without a trainer thread.
pub fn snapshot_after(scene: &Scene, anchor: &Path, epochs: u64) -> Result<Snapshot, String> {
    snapshot_trained(scene, anchor, &ViewSettings::default(), |session| {
        for _ in 0..epochs {
            session.train_epoch();
        }
        Ok(())
    })
}

/// The snapshot of `scene` after `train` has trained its session, made on the calling thread
/// with the pictures drawn as `view` asks (the command line's figures).
pub fn snapshot_trained(
    scene: &Scene,
    anchor: &Path,
    view: &ViewSettings,
    train: impl FnOnce(&mut Session) -> Result<(), String>,
) -> Result<Snapshot, String> {
    let mut lane = Lane::empty(anchor.to_path_buf(), Arc::default());
    if !lane.load(scene.clone(), anchor.to_path_buf(), None) {
        return Err(lane.error.unwrap_or_default());
    }
    if let Some(session) = lane.session.as_mut() {
        train(session)?;
    }
    lane.snapshot(view, (false, Speed::PerFrame(1)), 0.0)
        .ok_or_else(|| "no session".to_string())
}
