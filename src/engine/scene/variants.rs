//! Lesson variants: named sets of field changes (e.g. `training.learning_rate = 0.9`) that a
//! lecturer flips between with one click.

use super::Scene;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One switch in the lesson panel: a label and the fields it sets, by dotted name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// What the button says, e.g. "lr 0.9".
    pub label: String,
    /// Dotted field names and the values they take, e.g. `"training.learning_rate" = 0.9`;
    /// an empty table `{}` removes an optional field such as `training.early_stopping`.
    pub set: BTreeMap<String, toml::Value>,
}

impl Scene {
    /// This scene with the lesson's variant `index` applied, checked like a parsed scene.
    /// Fields the variant does not name keep their current values.
    pub fn with_variant(&self, index: usize) -> Result<Scene, String> {
        let variant = self
            .lesson
            .variants
            .get(index)
            .ok_or_else(|| format!("the lesson has no variant {}", index + 1))?;
        let mut value = toml::Value::try_from(self).map_err(|e| e.to_string())?;
        for (path, new) in &variant.set {
            if is_unset(new) {
                remove(&mut value, path);
            } else {
                *slot(&mut value, path) = new.clone();
            }
        }
        let scene: Scene = value.try_into().map_err(|e: toml::de::Error| {
            format!("variant \"{}\": {}", variant.label, e.message().trim())
        })?;
        scene
            .check_settings()
            .map_err(|(_, m)| format!("variant \"{}\": {m}", variant.label))?;
        Ok(scene)
    }

    /// Whether every field variant `index` sets already has the variant's value.
    pub fn variant_is_active(&self, index: usize) -> bool {
        let (Some(variant), Ok(mut value)) =
            (self.lesson.variants.get(index), toml::Value::try_from(self))
        else {
            return false;
        };
        variant.set.iter().all(|(path, wanted)| {
            let current = slot(&mut value, path);
            same_value(current, wanted) || (is_unset(wanted) && is_unset(current))
        })
    }
}

/// The empty table: "remove this field".
fn is_unset(value: &toml::Value) -> bool {
    value.as_table().is_some_and(|t| t.is_empty())
}

/// Removes the field at a dotted path, if it is there.
fn remove(value: &mut toml::Value, path: &str) {
    let (parent, key) = path.rsplit_once('.').unwrap_or(("", path));
    let table = if parent.is_empty() {
        value.as_table_mut()
    } else {
        slot(value, parent).as_table_mut()
    };
    if let Some(table) = table {
        table.remove(key);
    }
}

/// The value at a dotted path, created (as an empty table) where missing.
fn slot<'v>(value: &'v mut toml::Value, path: &str) -> &'v mut toml::Value {
    path.split('.').fold(value, |v, key| {
        if !v.is_table() {
            *v = toml::Value::Table(Default::default());
        }
        match v {
            toml::Value::Table(table) => table
                .entry(key)
                .or_insert_with(|| toml::Value::Table(Default::default())),
            other => other,
        }
    })
}

/// Equal values, counting an integer and a float of the same number as equal.
fn same_value(a: &toml::Value, b: &toml::Value) -> bool {
    match (a, b) {
        (toml::Value::Integer(i), toml::Value::Float(f))
        | (toml::Value::Float(f), toml::Value::Integer(i)) => *i as f64 == *f,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::scene::Scene;
    use std::path::Path;

    const SCENE: &str = r#"format = 1

[lesson]
id = "t"

[[lesson.variants]]
label = "slow"
set = { "training.learning_rate" = 0.01 }

[[lesson.variants]]
label = "deep"
set = { "network.hidden" = [4, 4], "network.activation" = "relu" }

[[lesson.variants]]
label = "no early stopping"
set = { "training.early_stopping" = {} }

[data]
dataset = "circle"
features = ["x", "y"]

[network]
hidden = [3]

[training]
loss = "playground"
learning_rate = 0.1
batch_size = 10
"#;

    fn scene(text: &str) -> Result<Scene, String> {
        Scene::parse(text, Path::new("v.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn variants_change_only_their_fields_and_report_whether_active() {
        let base = scene(SCENE).unwrap();
        assert!(!base.variant_is_active(0) && !base.variant_is_active(1));
        let slow = base.with_variant(0).unwrap();
        assert_eq!(slow.training.learning_rate, 0.01);
        assert_eq!(slow.network, base.network);
        assert!(slow.variant_is_active(0));
        let deep = slow.with_variant(1).unwrap();
        assert_eq!(deep.network.hidden, vec![4, 4]);
        assert_eq!(deep.training.learning_rate, 0.01);
        assert!(deep.variant_is_active(0) && deep.variant_is_active(1));
        assert_eq!(deep.lesson.variants, base.lesson.variants);
        assert_eq!(scene(&deep.to_toml()).unwrap(), deep);
        assert!(base.with_variant(3).is_err());
    }

    #[test]
    fn an_empty_table_removes_an_optional_field() {
        let text = SCENE.replace(
            "batch_size = 10",
            "batch_size = 10\nearly_stopping = { patience = 5 }",
        );
        let text = text.replace("[data]", "[data]\nvalidation_fraction = 0.2");
        let base = scene(&text).unwrap();
        assert!(base.training.early_stopping.is_some() && !base.variant_is_active(2));
        let off = base.with_variant(2).unwrap();
        assert_eq!(off.training.early_stopping, None);
        assert!(off.variant_is_active(2));
    }

    #[test]
    fn a_variant_with_a_bad_value_or_field_is_refused_when_the_scene_is_read() {
        let err = scene(&SCENE.replace("= 0.01", "= 50.0")).unwrap_err();
        assert!(
            err.contains("variant \"slow\": training.learning_rate must be in (0, 10], got 50"),
            "{err}"
        );
        let err =
            scene(&SCENE.replace("training.learning_rate", "training.learnin_rate")).unwrap_err();
        assert!(err.contains("unknown field `learnin_rate`"), "{err}");
    }
}
