//! The built-in presets: the scene files of `presets/`, compiled into the binary.

use crate::engine::scene::{Scene, SceneError};
use std::path::Path;

/// One built-in preset: its id and scene text.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// The preset id (file name without `.toml`).
    pub id: &'static str,
    /// The scene file's text.
    pub text: &'static str,
}

macro_rules! presets {
    ($($id:literal),* $(,)?) => {
        /// Every built-in preset, grouped by course, in chapter order.
        pub const PRESETS: &[Preset] = &[
            $(Preset { id: $id, text: include_str!(concat!("../../presets/", $id, ".toml")) },)*
        ];
    };
}

presets![
    "circle-linear",
    "circle-deck",
    "spiral",
    "top-tagging",
    "nn-vs-bdt",
    "tree-depth",
    "boosted-curve",
    "line-fit",
    "learning-rate",
    "batch-size",
    "activations",
    "network-image",
    "underfit-curve",
    "overfit-curve",
    "finding-pi",
    "feature-sets",
    "cut-vs-ml",
    "forest-vs-tree",
    "l2-gauss",
    "zmumu-mass",
    "bdt-jets",
    "xor",
];

/// The id of the preset the window opens with.
pub const DEFAULT_PRESET: &str = "spiral";

impl Preset {
    /// Parses the preset's scene.
    pub fn scene(&self) -> Result<Scene, SceneError> {
        Scene::parse(self.text, &self.label())
    }

    /// A path-like label for error messages, e.g. `presets/spiral.toml`.
    pub fn label(&self) -> std::path::PathBuf {
        Path::new("presets").join(format!("{}.toml", self.id))
    }
}

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_preset_parses_and_names_itself() {
        for p in PRESETS {
            let scene = p.scene().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(scene.lesson.id, p.id);
            assert!(!scene.lesson.title.is_empty() && !scene.lesson.course.is_empty());
        }
        assert!(find(DEFAULT_PRESET).is_some());
        let courses: Vec<String> = PRESETS
            .iter()
            .map(|p| p.scene().unwrap().lesson.course)
            .collect();
        for (k, course) in courses.iter().enumerate() {
            assert!(
                k == 0 || courses[k - 1] == *course || !courses[..k].contains(course),
                "the presets of {course} are not together (the menu groups them)"
            );
        }
    }
}
