//! The one shape every panel has: it reads a [`PanelInput`] (the newest snapshot and what the
//! window shows) and pushes [`Action`]s, which the app applies once, at the end of the frame.
//! No panel touches the app itself, so each can be tested alone (see `tests/panels.rs`).

use super::preferences::Preferences;
use super::textures::Textures;
use crate::engine::scene::{Scene, SceneEdit};
use crate::worker::{Command, Snapshot, ViewSettings};
use std::path::PathBuf;

/// What a panel reads.
pub struct PanelInput<'a> {
    /// The newest snapshot: the scene in force, the weights, the figures, the pictures.
    pub snapshot: &'a Snapshot,
    /// The textures made from the snapshot's pictures.
    pub textures: &'a Textures,
    /// The window's preferences.
    pub prefs: &'a Preferences,
    /// How the maps are drawn.
    pub view: &'a ViewSettings,
    /// The right side's newest snapshot, when two runs train side by side (this input is
    /// then the left side's).
    pub partner: Option<&'a Snapshot>,
}

/// A window the app opens on request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialog {
    /// Open or save a scene file.
    SceneFile,
    /// Load a data file (CSV or ROOT).
    CsvData,
    /// Export the trained model.
    Export,
    /// Save a chart or the output map as a figure file.
    Figure(super::figures::FigureKind),
}

/// What a panel asks for.
#[derive(Clone, Debug)]
pub enum Action {
    /// A command for the trainer.
    Send(Command),
    /// Another scene (a preset or a file), with the reason shown.
    Load {
        /// The scene.
        scene: Box<Scene>,
        /// The file that anchors its relative paths.
        anchor: PathBuf,
        /// Why training restarts.
        reason: String,
    },
    /// Other map settings (focused neuron, discrete colours).
    View(ViewSettings),
    /// Other preferences (theme, zoom, panels shown).
    Preferences(Preferences),
    /// Open a window.
    Open(Dialog),
    /// Open the data window on this data file (CSV or ROOT), its columns or trees read.
    LoadData(PathBuf),
    /// Train this scene beside the current one (both restart together, in lockstep).
    SideBySide(Box<Scene>),
}

/// The actions a frame's panels pushed, in order.
#[derive(Debug, Default)]
pub struct Actions(Vec<Action>);

impl Actions {
    /// Adds an action.
    pub fn push(&mut self, action: Action) {
        self.0.push(action);
    }

    /// Adds a command for the trainer.
    pub fn send(&mut self, command: Command) {
        self.push(Action::Send(command));
    }

    /// Asks the trainer to change the scene in force.
    pub fn edit(&mut self, edit: SceneEdit) {
        self.send(Command::Edit(edit));
    }

    /// The actions so far, emptying the list.
    pub fn take(&mut self) -> Vec<Action> {
        std::mem::take(&mut self.0)
    }
}

/// A part of the window.
pub trait Panel {
    /// Draws the panel into `ui` and pushes what the user asked for.
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions);
}
