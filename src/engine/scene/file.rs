//! Scene files on disk: parsing TOML into a checked scene (errors name the file, the line
//! and the field), writing it back, and saving atomically.

use super::Scene;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// A scene that could not be read, parsed or checked. The message names the file, the line
/// (where one applies) and the field.
#[derive(Debug, Error)]
#[error("{}{}: {message}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SceneError {
    /// The scene file (or a label such as `<preset circle>`).
    pub file: PathBuf,
    /// 1-based line of the offending field, if known.
    pub line: Option<usize>,
    /// What is wrong, naming the field.
    pub message: String,
}

impl Scene {
    /// Parses scene text; `file` labels error messages and anchors relative paths.
    pub fn parse(text: &str, file: &Path) -> Result<Scene, SceneError> {
        let scene: Scene = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            let key = line.and_then(|l| field_at_line(text, l));
            let message = e.message().trim().to_string();
            let message = match key {
                Some(k) if !message.contains(&k) => format!("field `{k}`: {message}"),
                _ => message,
            };
            SceneError {
                file: file.to_path_buf(),
                line,
                message,
            }
        })?;
        scene.check().map_err(|(field, message)| SceneError {
            file: file.to_path_buf(),
            line: locate_field(text, field),
            message,
        })?;
        Ok(scene)
    }

    /// Reads and parses a scene file.
    pub fn load(path: &Path) -> Result<Scene, SceneError> {
        let text =
            crate::engine::data::text_file::read_text(path).map_err(|message| SceneError {
                file: path.to_path_buf(),
                line: None,
                message,
            })?;
        Scene::parse(&text, path)
    }

    /// The scene as TOML text.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot write this scene: {e}\n"))
    }

    /// Writes the scene atomically: to a temporary file beside `path`, then renamed over it.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_atomically(path, self.to_toml().as_bytes())
    }
}

/// The temporary file an output is written to before it replaces `path`: `.NAME.PID.tmp` in
/// the same folder, so the rename stays on one file system.
pub fn temporary_beside(path: &Path) -> PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = temporary_beside(path);
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The dotted name of the key assigned on `line` (1-based), with its table header.
fn field_at_line(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.checked_sub(1)?)?;
    let key = here
        .split_once('=')
        .map(|(k, _)| k.trim().to_string())
        .filter(|k| !k.starts_with('['));
    let table = lines[..line - 1]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| l.starts_with('['))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

/// The line on which a dotted field such as `training.learning_rate` is set, if it is.
fn locate_field(text: &str, field: &str) -> Option<usize> {
    (1..=text.lines().count()).find(|&l| {
        field_at_line(text, l).is_some_and(|f| f == field || field.starts_with(&format!("{f}.")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scene::OptimizerKind;

    const MINIMAL: &str = r#"format = 1
seed = 3

[data]
dataset = "circle"
features = ["x", "y"]

[network]
hidden = [4, 2]
activation = "tanh"

[training]
loss = "playground"
learning_rate = 0.03
batch_size = 10
"#;

    fn parse(text: &str) -> Result<Scene, SceneError> {
        Scene::parse(text, Path::new("lesson.toml"))
    }

    #[test]
    fn minimal_scene_parses_with_defaults_and_round_trips() {
        let scene = parse(MINIMAL).unwrap();
        assert_eq!(scene.data.train_fraction, 0.5);
        assert_eq!(scene.training.optimizer, OptimizerKind::Sgd);
        let again = parse(&scene.to_toml()).unwrap();
        assert_eq!(scene, again);
    }

    #[test]
    fn range_errors_name_file_line_field_and_range() {
        let err =
            parse(&MINIMAL.replace("learning_rate = 0.03", "learning_rate = -1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:14: training.learning_rate must be in (0, 10], got -1"
        );
        let err =
            parse(&MINIMAL.replace("learning_rate = 0.03", "learning_rate = nan")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("lesson.toml:14: training.learning_rate must be in (0, 10], got NaN")
        );
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_line() {
        let err = parse(&MINIMAL.replace("batch_size = 10", "batch_size = 10\nbatchsize = 5"))
            .unwrap_err();
        assert_eq!(err.line, Some(16));
        assert!(err.message.contains("unknown field `batchsize`"), "{err}");
    }

    #[test]
    fn zero_neurons_and_type_errors_are_explained() {
        let err = parse(&MINIMAL.replace("[4, 2]", "[4, 0]")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:9: layer 2: network.hidden must be in [1, 128], got 0"
        );
        let err = parse(&MINIMAL.replace("batch_size = 10", "batch_size = \"ten\"")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("lesson.toml:15: field `training.batch_size`"),
            "{err}"
        );
    }

    #[test]
    fn precision_is_single_unless_asked_and_an_unknown_one_is_explained() {
        let scene = parse(MINIMAL).unwrap();
        assert_eq!(scene.training.precision, super::super::Precision::F32);
        let double = MINIMAL.replace("[training]", "[training]\nprecision = \"f64\"");
        assert!(parse(&double).unwrap().training.double_precision());
        let err =
            parse(&MINIMAL.replace("[training]", "[training]\nprecision = \"f16\"")).unwrap_err();
        assert!(
            err.to_string().contains("f16") && err.to_string().contains("f32"),
            "{err}"
        );
    }

    #[test]
    fn malformed_toml_and_cross_field_errors() {
        let err = parse("format = 1\n[data\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = parse(&MINIMAL.replace(
            "[training]",
            "[training]\nearly_stopping = { patience = 5 }",
        ))
        .unwrap_err();
        assert!(err.message.contains("validation_fraction > 0"), "{err}");
        assert_eq!(err.line, Some(13));
        let err = parse(&MINIMAL.replace("format = 1", "format = 7")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lesson.toml:1: format 7 is not supported; this version reads format 1"
        );
    }

    #[test]
    fn save_is_atomic_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let scene = parse(MINIMAL).unwrap();
        scene.save(&path).unwrap();
        scene.save(&path).unwrap();
        assert_eq!(Scene::load(&path).unwrap(), scene);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
