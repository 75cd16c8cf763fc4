//! Side-by-side comparisons: a scene file may carry a second scene (`[compare_with]`) trained
//! beside it, and a lesson may name two of its variants (`[lesson.side_by_side]`) that the
//! lesson panel starts side by side.

use super::Scene;
use serde::{Deserialize, Serialize};

/// Two sides a lesson compares, each named by a variant's label.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideBySide {
    /// The left side's variant; left out, the scene as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// The right side's variant.
    pub right: String,
}

impl Scene {
    /// Splits off the scene to train beside this one (the right side inherits the lesson
    /// when it has none of its own).
    pub fn take_comparison(mut self) -> (Scene, Option<Scene>) {
        let right = self.compare_with.take().map(|mut right| {
            if right.lesson == super::Lesson::default() {
                right.lesson = self.lesson.clone();
            }
            *right
        });
        (self, right)
    }

    /// This scene with `right` to train beside it, as one file keeps them; the right side's
    /// lesson is left out when it is the same as this one's.
    pub fn with_comparison(mut self, mut right: Scene) -> Scene {
        right.compare_with = None;
        if right.lesson == self.lesson {
            right.lesson = super::Lesson::default();
        }
        self.compare_with = Some(Box::new(right));
        self
    }

    /// The two scenes the lesson's side-by-side comparison trains, if it declares one.
    pub fn side_by_side(&self) -> Option<Result<(Scene, Scene), String>> {
        let pair = self.lesson.side_by_side.as_ref()?;
        let variant = |label: &str| {
            let index = self
                .lesson
                .variants
                .iter()
                .position(|v| v.label == label)
                .ok_or_else(|| format!("lesson.side_by_side names no variant \"{label}\""))?;
            self.with_variant(index)
        };
        let mut plain = self.clone();
        plain.compare_with = None;
        Some((|| {
            let left = match &pair.left {
                Some(label) => variant(label)?,
                None => plain,
            };
            Ok((left, variant(&pair.right)?))
        })())
    }

    /// Checks the comparison parts: the side-by-side labels name variants, and a scene
    /// compared with passes its own checks and compares with nothing further.
    pub(super) fn check_comparison(&self) -> Result<(), (&'static str, String)> {
        if let Some(Err(m)) = self.side_by_side() {
            return Err(("lesson.side_by_side", m));
        }
        if let Some(right) = &self.compare_with {
            if right.compare_with.is_some() {
                return Err((
                    "compare_with",
                    "a scene compared with may not compare with a third one".into(),
                ));
            }
            right
                .check()
                .map_err(|(field, m)| ("compare_with", format!("compare_with.{field}: {m}")))?;
        }
        Ok(())
    }
}
