//! Hostile input, generated: mutated scene files (parsed, built, trained a few epochs, saved and
//! reopened), random CSV text and mutated model files. Nothing may panic, and every scene that
//! trains saves to a file that reopens as the same scene. A few thousand cases run by default;
//! `NNPLAY_FUZZ_CASES=1000000 cargo test --release --test fuzz` runs more.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use nnplay::engine::data::csv_table::{CsvSpec, read_header_from, read_table};
use nnplay::engine::presets::PRESETS;
use nnplay::engine::rng::Rng;
use nnplay::engine::scene::model_file::network_from_layers;
use nnplay::engine::scene::{ModelFile, Scene};
use nnplay::engine::train::Session;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Cases per test: the environment's `NNPLAY_FUZZ_CASES`, or `default`.
fn cases(default: usize) -> usize {
    std::env::var("NNPLAY_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Values a mutation writes into a field.
const VALUES: [&str; 22] = [
    "0",
    "-1",
    "1",
    "2",
    "0.5",
    "1e9",
    "1e300",
    "-1e300",
    "nan",
    "inf",
    "-inf",
    "9223372036854775807",
    "18446744073709551615",
    "\"abc\"",
    "\"\"",
    "[]",
    "[0]",
    "[128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128]",
    "true",
    "{}",
    "1000000",
    "\"softmax-ce\"",
];

/// One random change to scene text: a value replaced, a line dropped, doubled or garbled.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let k = rng.below(lines.len());
        match rng.below(6) {
            0 | 1 => {
                if let Some((key, _)) = lines[k].split_once('=') {
                    lines[k] = format!("{key}= {}", VALUES[rng.below(VALUES.len())]);
                }
            }
            2 => {
                lines.remove(k);
            }
            3 => {
                let copy = lines[k].clone();
                lines.insert(k, copy);
            }
            4 => {
                let mut bytes = lines[k].clone().into_bytes();
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len());
                    bytes[at] = b"=[]{}\"',.#x9-"[rng.below(13)];
                }
                lines[k] = String::from_utf8_lossy(&bytes).into_owned();
            }
            _ => lines.push(format!("samples = {}", VALUES[rng.below(VALUES.len())])),
        }
    }
    lines.join("\n")
}

/// How far a case got.
#[derive(Clone, Copy, PartialEq)]
enum Reached {
    Refused,
    Built,
    Saved,
}

/// Parses, builds, trains a few epochs when cheap, and checks that the save reopens.
fn exercise_scene(text: &str) -> Reached {
    let Ok(scene) = Scene::parse(text, Path::new("fuzz.toml")) else {
        return Reached::Refused;
    };
    let Ok(mut session) = Session::new(&scene, Path::new("fuzz.toml")) else {
        return Reached::Refused;
    };
    // Keep each case short: train only small sessions.
    let size = session.network().map_or(100, |n| n.parameter_count());
    let work = session.table().rows() * size.max(1);
    let epochs = if work < 5_000_000 { 3 } else { 0 };
    for _ in 0..epochs {
        session.train_epoch();
    }
    if let Ok(saved) = session.scene_with_weights() {
        let text = saved.to_toml();
        let reopened = Scene::parse(&text, Path::new("saved.toml"))
            .unwrap_or_else(|e| panic!("a saved scene does not reopen: {e}\n{text}"));
        assert_eq!(reopened, saved, "the saved scene changed on reopening");
        return Reached::Saved;
    }
    Reached::Built
}

#[test]
fn mutated_scenes_never_panic_and_every_save_reopens() {
    let mut rng = Rng::new(11);
    let n = cases(3000);
    let mut saved = 0;
    for case in 0..n {
        let preset = &PRESETS[rng.below(PRESETS.len())];
        let text = mutate(preset.text, &mut rng);
        match catch_unwind(AssertUnwindSafe(|| exercise_scene(&text))) {
            Ok(reached) => saved += usize::from(reached == Reached::Saved),
            Err(_) => panic!("case {case} (from {}) panicked:\n{text}", preset.id),
        }
    }
    eprintln!("{n} mutated scenes, {saved} trained, saved and reopened");
    // Seed 11 at 3,000 cases: 436 get as far as a save (most mutations are refused).
    assert!(
        saved * 10 > n,
        "only {saved} of {n} cases got as far as a save"
    );
}

/// Random CSV-ish text: numbers, junk, missing markers, quotes, blank and ragged rows.
fn random_csv(rng: &mut Rng) -> String {
    const CELLS: [&str; 14] = [
        "1",
        "0",
        "-2.5",
        "1e308",
        "-999",
        "nan",
        "inf",
        "abc",
        "",
        "\"q,uoted\"",
        "\"",
        "0x10",
        "3.0",
        " 7 ",
    ];
    let columns = 1 + rng.below(5);
    let mut text = (0..columns)
        .map(|c| ["label", "x", "y", "mass", ""][c % 5].to_string())
        .collect::<Vec<_>>()
        .join(",");
    for _ in 0..rng.below(40) {
        text.push('\n');
        let cells = if rng.below(10) == 0 {
            rng.below(8)
        } else {
            columns
        };
        let row: Vec<&str> = (0..cells)
            .map(|_| {
                if rng.below(4) == 0 {
                    CELLS[rng.below(CELLS.len())]
                } else {
                    ["0", "1", "2"][rng.below(3)]
                }
            })
            .collect();
        text += &row.join(if rng.below(20) == 0 { ";" } else { "," });
    }
    text
}

#[test]
fn random_csv_text_never_panics() {
    let mut rng = Rng::new(12);
    for case in 0..cases(20_000) {
        let text = random_csv(&mut rng);
        let spec = CsvSpec {
            label: ["label", "x", "nope"][rng.below(3)].into(),
            columns: Vec::new(),
            weight: ["w", "x"].get(rng.below(4)).map(|w| w.to_string()),
            classification: rng.below(2) == 0,
            missing: Some(-999.0),
            format: Default::default(),
            double: rng.below(2) == 0,
        };
        let run = || {
            let _ = read_header_from(text.as_bytes(), &Default::default());
            let _ = read_table(text.as_bytes(), &spec, |_| {});
        };
        if catch_unwind(AssertUnwindSafe(run)).is_err() {
            panic!("case {case} panicked:\n{text}");
        }
    }
}

#[test]
fn mutated_model_files_never_panic() {
    let scene = nnplay::engine::presets::find("spiral")
        .unwrap()
        .scene()
        .unwrap();
    let session = Session::new(&scene, Path::new("s.toml")).unwrap();
    let model = ModelFile {
        features: scene.data.features.clone(),
        epoch: 0,
        layers: nnplay::engine::scene::model_file::layers_of(session.network().unwrap()),
        ensemble: None,
    };
    let json = serde_json::to_string(&model).unwrap();
    let mut rng = Rng::new(13);
    for case in 0..cases(5000) {
        let mut bytes = json.clone().into_bytes();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bytes.len());
            bytes[at] = b"0123456789-.e,[]{}\":n"[rng.below(21)];
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let run = || {
            if let Ok(file) = serde_json::from_str::<ModelFile>(&text) {
                let _ = network_from_layers(2, &file.layers);
            }
        };
        if catch_unwind(AssertUnwindSafe(run)).is_err() {
            panic!("case {case} panicked:\n{text}");
        }
    }
}
