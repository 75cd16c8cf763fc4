//! What survives a restart: theme, zoom, the last scene, and the presenter-mode choices.

use serde::{Deserialize, Serialize};

/// The two themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Light, high contrast: for projectors.
    Projector,
    /// Dark.
    Dark,
}

/// Groups of controls a lecturer can hide in presenter mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ControlGroup {
    /// Learning rate, batch size, optimiser, regularisation, loss in the top bar.
    TrainingSettings,
    /// The data panel on the left.
    DataPanel,
    /// The +/- buttons and activation menus of the network.
    NetworkEditing,
    /// The loss and accuracy charts.
    Charts,
    /// The lesson panel.
    Lesson,
}

impl ControlGroup {
    /// Every group, in menu order.
    pub const ALL: [ControlGroup; 5] = [
        ControlGroup::TrainingSettings,
        ControlGroup::DataPanel,
        ControlGroup::NetworkEditing,
        ControlGroup::Charts,
        ControlGroup::Lesson,
    ];

    /// The group's name in the menu.
    pub fn name(self) -> &'static str {
        match self {
            ControlGroup::TrainingSettings => "Training settings",
            ControlGroup::DataPanel => "Data panel",
            ControlGroup::NetworkEditing => "Network editing",
            ControlGroup::Charts => "Charts",
            ControlGroup::Lesson => "Lesson",
        }
    }
}

/// The persisted preferences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The colour theme.
    pub theme: Theme,
    /// Zoom factor, 1 to 2.5.
    pub zoom: f32,
    /// The last scene, as scene-file text.
    pub last_scene: Option<String>,
    /// Presenter mode on.
    pub presenting: bool,
    /// Groups still shown in presenter mode.
    pub shown_when_presenting: Vec<ControlGroup>,
    /// Show the lesson panel.
    pub show_lesson: bool,
    /// Draw the test points on the output view.
    pub show_test_points: bool,
    /// The frame-time overlay (not kept between runs).
    #[serde(skip)]
    pub show_stats: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Self {
            theme: Theme::Projector,
            zoom: 1.0,
            last_scene: None,
            presenting: false,
            shown_when_presenting: vec![ControlGroup::Lesson],
            show_lesson: true,
            show_test_points: false,
            show_stats: false,
        }
    }
}

/// Smallest zoom factor.
pub const MIN_ZOOM: f32 = 1.0;
/// Largest zoom factor.
pub const MAX_ZOOM: f32 = 2.5;

impl Preferences {
    /// Whether a control group is drawn now.
    pub fn shows(&self, group: ControlGroup) -> bool {
        let visible = !self.presenting || self.shown_when_presenting.contains(&group);
        visible && (group != ControlGroup::Lesson || self.show_lesson)
    }

    /// Sets the zoom, clamped to the allowed range.
    /// Takes what a scene asks of the window (zoom, theme, presenter mode).
    pub fn follow(&mut self, view: &crate::engine::scene::ViewSection) {
        if let Some(zoom) = view.zoom {
            self.set_zoom(zoom as f32);
        }
        if let Some(theme) = view.theme {
            self.theme = match theme {
                crate::engine::scene::ViewTheme::Projector => Theme::Projector,
                crate::engine::scene::ViewTheme::Dark => Theme::Dark,
            };
        }
        if let Some(presenting) = view.presenting {
            self.presenting = presenting;
        }
        if let Some(shown) = view.show_test_data {
            self.show_test_points = shown;
        }
    }

    /// Sets the zoom factor, kept within 1 to 2.5.
    pub fn set_zoom(&mut self, zoom: f32) {
        self.zoom = if zoom.is_finite() {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            1.0
        };
    }
}
