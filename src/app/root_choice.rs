//! The ROOT part of the data window: a file's trees and their branches (type, entries), which
//! branches become columns (a jagged one as its count or its leading value, the choice shown),
//! and the label branch. Listing and loading run on a helper thread; a file the reader cannot
//! handle leaves a one-line message and the current data as it was.

use super::class_files_choice::ClassFilesChoice;
use super::panel::Actions;
use crate::engine::data::csv_table::CsvTable;
use crate::engine::data::root_file::{
    BranchKind, RootError, RootTree, Scalar, count_column, leading_column, list_trees, load_root,
};
use crate::engine::scene::{RootSource, SceneEdit};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// How a branch becomes a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// Not read.
    Off,
    /// As it is (one number per event).
    Value,
    /// The number of objects (jagged branches).
    Count,
    /// The leading object's value (jagged branches).
    Leading,
}

/// Work on the helper thread.
enum Pending {
    /// Listing the trees of a file.
    Listing(Receiver<Result<Vec<RootTree>, RootError>>),
    /// Loading a table for this source and these features.
    Loading(
        RootSource,
        Vec<String>,
        Receiver<Result<CsvTable, RootError>>,
    ),
}

/// The trees of one ROOT file and what to read from them.
#[derive(Default)]
pub struct RootChoice {
    path: PathBuf,
    trees: Vec<RootTree>,
    tree: usize,
    label: String,
    classification: bool,
    /// One per branch of the chosen tree.
    uses: Vec<Use>,
    pending: Option<Pending>,
    message: Option<String>,
    notes: Vec<String>,
    /// A scene edit ready to send (one file per class: the trainer reads the files).
    ready: Option<SceneEdit>,
    /// The event-weight branch, if any.
    weight: Option<String>,
}

/// Whether a path names a ROOT file (by its extension).
pub fn is_root_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("root"))
}

/// Runs `work` on a helper thread; its answer arrives on the receiver.
fn on_helper<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<Receiver<T>, String> {
    let (tx, rx) = channel();
    std::thread::Builder::new()
        .name("root-reader".into())
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|e| format!("Cannot start reading: {e}"))?;
    Ok(rx)
}

impl RootChoice {
    /// Whether a ROOT file is being listed, chosen from or loaded.
    pub fn is_active(&self) -> bool {
        !self.trees.is_empty() || self.pending.is_some() || self.message.is_some()
    }

    /// Whether the helper thread is at work.
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// Forgets the file (another file, or a CSV file, was chosen).
    pub fn clear(&mut self) {
        *self = RootChoice::default();
    }

    /// Starts listing the trees of `path`.
    pub fn list(&mut self, path: PathBuf) {
        self.clear();
        let listed = path.clone();
        match on_helper(move || list_trees(&listed)) {
            Ok(rx) => {
                self.message = Some("Reading the file's trees…".into());
                self.pending = Some(Pending::Listing(rx));
            }
            Err(message) => self.message = Some(message),
        }
        self.path = path;
    }

    /// Takes what the helper thread finished: a listing, or a table that becomes the scene's
    /// data.
    pub fn poll(&mut self, actions: &mut Actions) {
        if let Some(edit) = self.ready.take() {
            actions.edit(edit);
        }
        let Some(pending) = &self.pending else {
            return;
        };
        match pending {
            Pending::Listing(rx) => match rx.try_recv() {
                Ok(Ok(trees)) => {
                    self.pending = None;
                    self.trees = trees;
                    self.choose_tree(0);
                }
                Ok(Err(e)) => self.failed(e.0),
                Err(TryRecvError::Disconnected) => self.failed("the reader stopped".into()),
                Err(TryRecvError::Empty) => {}
            },
            Pending::Loading(source, features, rx) => match rx.try_recv() {
                Ok(Ok(table)) => {
                    let (source, features) = (source.clone(), features.clone());
                    self.pending = None;
                    self.notes = table.notes;
                    self.message = Some(format!(
                        "Loaded {} events from {}",
                        table.table.rows(),
                        source.path.display()
                    ));
                    actions.edit(SceneEdit::Root {
                        source,
                        features,
                        task: table.table.task,
                    });
                }
                Ok(Err(e)) => self.failed(format!(
                    "Not loaded: {}. The current data stays as it was.",
                    e.0
                )),
                Err(TryRecvError::Disconnected) => self.failed("the reader stopped".into()),
                Err(TryRecvError::Empty) => {}
            },
        }
    }

    fn failed(&mut self, message: String) {
        self.pending = None;
        self.message = Some(message);
    }

    /// Picks tree `index`: every flat number a column, jagged branches off, the label guessed.
    fn choose_tree(&mut self, index: usize) {
        self.tree = index;
        let Some(tree) = self.trees.get(index) else {
            return;
        };
        let candidates = tree.label_candidates();
        let guess = candidates
            .iter()
            .find(|b| {
                [
                    "label", "Label", "class", "signal", "isSignal", "Type", "target",
                ]
                .contains(&b.name.as_str())
            })
            .or_else(|| {
                // Otherwise the last, passing over event weights (never a label).
                candidates
                    .iter()
                    .rev()
                    .find(|b| !b.name.to_ascii_lowercase().contains("weight"))
            })
            .or(candidates.last());
        self.label = guess.map(|b| b.name.clone()).unwrap_or_default();
        // Strings, booleans and integers are classes; floating-point numbers a target.
        self.classification =
            guess.is_none_or(|b| !matches!(b.kind, BranchKind::Number(Scalar::F32 | Scalar::F64)));
        self.weight = tree
            .branches
            .iter()
            .find(|b| {
                matches!(b.kind, BranchKind::Number(_))
                    && b.name.to_ascii_lowercase().contains("weight")
            })
            .map(|b| b.name.clone());
        self.uses = tree
            .branches
            .iter()
            .map(|b| match b.kind {
                BranchKind::Number(_) if b.name != self.label => Use::Value,
                _ => Use::Off,
            })
            .collect();
        self.message = Some(format!(
            "Tree '{}': {} entries, {} branches",
            tree.name,
            tree.entries,
            tree.branches.len()
        ));
    }

    /// The columns chosen, in the tree's order.
    fn chosen_columns(&self) -> Vec<String> {
        let Some(tree) = self.trees.get(self.tree) else {
            return Vec::new();
        };
        tree.branches
            .iter()
            .zip(&self.uses)
            .filter(|(b, _)| b.name != self.label && Some(&b.name) != self.weight.as_ref())
            .filter_map(|(b, u)| match u {
                Use::Off => None,
                Use::Value => Some(b.name.clone()),
                Use::Count => Some(count_column(&b.name)),
                Use::Leading => Some(leading_column(&b.name)),
            })
            .collect()
    }

    /// Draws the choices and the Load button; with one file per class there is no label
    /// branch to choose.
    pub fn ui(&mut self, ui: &mut egui::Ui, class_files: &ClassFilesChoice) {
        if !self.trees.is_empty() {
            self.choices_ui(ui, class_files);
        }
        if self.is_busy() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading…");
            });
        }
        if let Some(m) = &self.message {
            ui.label(m);
        }
        for note in &self.notes {
            ui.label(format!("Note: {note}"));
        }
    }

    fn choices_ui(&mut self, ui: &mut egui::Ui, class_files: &ClassFilesChoice) {
        ui.separator();
        let mut tree = self.tree;
        if self.trees.len() > 1 {
            let label = ui.label("Tree");
            egui::ComboBox::from_id_salt("root-tree")
                .selected_text(&self.trees[tree].name)
                .show_ui(ui, |ui| {
                    for (k, t) in self.trees.iter().enumerate() {
                        ui.selectable_value(
                            &mut tree,
                            k,
                            format!("{} ({} entries)", t.name, t.entries),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if tree != self.tree {
                self.choose_tree(tree);
            }
        }
        // A tree's branches are many: the grid takes what the rest of the window leaves of
        // the screen (at most about half of it), then scrolls.
        let screen = ui.ctx().content_rect().height();
        let grid_height = (screen - 340.0).clamp(100.0, 0.55 * screen);
        if class_files.on {
            self.label.clear();
            ui.label(format!(
                "Branches of the first class's file; each file is a class ({} classes)",
                class_files.count()
            ));
        } else {
            self.label_ui(ui);
        }
        ui.horizontal_wrapped(|ui| {
            if !class_files.on {
                ui.checkbox(&mut self.classification, "Labels are classes")
                    .on_hover_text(
                        "Whole numbers or strings are classes; untick for a regression target.",
                    );
            }
            self.weight_ui(ui);
        });
        ui.label("Branches (jagged ones: the number of objects or the leading object's value)");
        egui::ScrollArea::vertical()
            .max_height(grid_height)
            .show(ui, |ui| self.branch_grid_ui(ui));
        let columns = self.chosen_columns();
        let load = ui
            .add_enabled(
                !self.is_busy()
                    && !columns.is_empty()
                    && (class_files.on || !self.label.is_empty()),
                egui::Button::new("Load data"),
            )
            .on_hover_text(format!(
                "Reads {} columns in the background; the current data stays until they are read.",
                columns.len()
            ));
        if load.clicked() {
            if class_files.on {
                self.load_class_files(columns, class_files);
            } else {
                self.start_loading(columns);
            }
        }
    }

    /// The event-weight branch (a flat number), if any.
    fn weight_ui(&mut self, ui: &mut egui::Ui) {
        let tree = &self.trees[self.tree];
        let text = ui.label("Event weight");
        egui::ComboBox::from_id_salt("root-weight")
            .selected_text(self.weight.as_deref().unwrap_or("none"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.weight, None, "none");
                for b in &tree.branches {
                    if matches!(b.kind, BranchKind::Number(_)) && b.name != self.label {
                        ui.selectable_value(&mut self.weight, Some(b.name.clone()), &b.name);
                    }
                }
            })
            .response
            .labelled_by(text.id)
            .on_hover_text(
                "A branch of event weights (HZZ's EventWeight): never a column; the test ROC, \
                 AUC and AMS are also given weighted.",
            );
    }

    /// The label branch and whether its labels are classes.
    fn label_ui(&mut self, ui: &mut egui::Ui) {
        let current = &self.trees[self.tree];
        let label = ui.label("Label branch");
        egui::ComboBox::from_id_salt("root-label")
            .selected_text(&self.label)
            .show_ui(ui, |ui| {
                for b in current.label_candidates() {
                    ui.selectable_value(&mut self.label, b.name.clone(), &b.name);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "The branch holding the class (numbers or strings such as GG, GT, TT) or, for \
                 regression, the target.",
            );
    }

    /// Hands the trainer a source with one file per class (it reads them all).
    fn load_class_files(&mut self, columns: Vec<String>, class_files: &ClassFilesChoice) {
        match class_files.classes() {
            Ok(classes) => {
                let task = crate::engine::data::Task::Classification {
                    classes: classes.len(),
                };
                let source = RootSource {
                    path: PathBuf::new(),
                    tree: Some(self.trees[self.tree].name.clone()),
                    branches: columns.clone(),
                    label: String::new(),
                    classification: true,
                    classes,
                    weight: self.weight.clone(),
                };
                self.message = Some(format!(
                    "Loading {} class files: the data panel shows the rows per class",
                    source.classes.len()
                ));
                self.ready = Some(SceneEdit::Root {
                    source,
                    features: columns,
                    task,
                });
            }
            Err(message) => self.message = Some(message),
        }
    }

    fn branch_grid_ui(&mut self, ui: &mut egui::Ui) {
        let tree = &self.trees[self.tree];
        egui::Grid::new("root-branches")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                ui.strong("branch");
                ui.strong("type");
                ui.strong("entries");
                ui.strong("use");
                ui.end_row();
                for (b, use_) in tree.branches.iter().zip(self.uses.iter_mut()) {
                    let is_label = b.name == self.label;
                    let is_weight = Some(&b.name) == self.weight.as_ref();
                    // A flat number's checkbox carries the branch's name.
                    if matches!(b.kind, BranchKind::Number(_)) && !is_label && !is_weight {
                        let mut on = *use_ == Use::Value;
                        if ui.checkbox(&mut on, &b.name).changed() {
                            *use_ = if on { Use::Value } else { Use::Off };
                        }
                    } else {
                        ui.label(&b.name);
                    }
                    ui.label(&b.type_name);
                    ui.label(b.entries.to_string());
                    match b.kind {
                        _ if is_label => {
                            ui.label("label");
                        }
                        _ if is_weight => {
                            ui.label("event weight");
                        }
                        BranchKind::Number(_) => {
                            ui.label(if *use_ == Use::Value {
                                "value"
                            } else {
                                "not used"
                            });
                        }
                        BranchKind::Jagged(_) => {
                            let name = |u: Use| match u {
                                Use::Count => "count",
                                Use::Leading => "leading",
                                _ => "not used",
                            };
                            egui::ComboBox::from_id_salt(("root-jagged", &b.name))
                                .selected_text(name(*use_))
                                .show_ui(ui, |ui| {
                                    for u in [Use::Off, Use::Count, Use::Leading] {
                                        ui.selectable_value(use_, u, name(u));
                                    }
                                })
                                .response
                                .on_hover_text(format!(
                                    "count: {}, leading: {}",
                                    count_column(&b.name),
                                    leading_column(&b.name)
                                ));
                        }
                        BranchKind::Text => {
                            ui.label("strings (a label)");
                        }
                        BranchKind::Other => {
                            ui.label("not numbers");
                        }
                    }
                    ui.end_row();
                }
            });
    }

    fn start_loading(&mut self, columns: Vec<String>) {
        let source = RootSource {
            path: self.path.clone(),
            tree: Some(self.trees[self.tree].name.clone()),
            branches: columns.clone(),
            label: self.label.clone(),
            classification: self.classification,
            classes: Vec::new(),
            weight: self.weight.clone(),
        };
        let spec = crate::engine::train::session::root_spec(&source);
        let path = self.path.clone();
        match on_helper(move || load_root(&path, &spec)) {
            Ok(rx) => {
                self.notes.clear();
                self.message = Some("Reading the branches…".into());
                self.pending = Some(Pending::Loading(source, columns, rx));
            }
            Err(message) => self.message = Some(message),
        }
    }
}
