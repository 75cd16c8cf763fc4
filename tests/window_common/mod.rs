//! What the window tests share: a window on a scene or preset, waiting for the trainer, and
//! playing at full speed.

#![allow(dead_code)] // each test file uses its own subset

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::preferences::Preferences;
use nnplay::app::{LaunchOptions, PlaygroundApp};
use nnplay::worker::Snapshot;
use std::time::{Duration, Instant};

/// A window (1600 x 1000) with default preferences.
pub fn harness(options: LaunchOptions) -> Harness<'static, PlaygroundApp> {
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_eframe(move |cc| {
            PlaygroundApp::with_preferences(&cc.egui_ctx, Preferences::default(), options)
        })
}

/// A window opened on a built-in preset.
pub fn preset_harness(id: &str) -> Harness<'static, PlaygroundApp> {
    let preset = nnplay::engine::presets::find(id).unwrap();
    harness(LaunchOptions {
        scene: Some((preset.scene().unwrap(), preset.label())),
        ..Default::default()
    })
}

/// Runs frames until `done` holds for the newest snapshot (the trainer runs on its own thread).
pub fn wait_for(
    h: &mut Harness<'static, PlaygroundApp>,
    what: &str,
    done: impl Fn(&Snapshot) -> bool,
) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state().snapshot().is_some_and(&done) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Runs frames until a label containing `text` shows (a helper thread's answer), within
/// `seconds`; `what` names it in the failure.
pub fn wait_for_text(
    h: &mut Harness<'static, PlaygroundApp>,
    text: &str,
    seconds: u64,
    what: &str,
) {
    let start = Instant::now();
    while h.query_by_label_contains(text).is_none() {
        h.step();
        assert!(start.elapsed() < Duration::from_secs(seconds), "{what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Chooses speed "max" in the top bar and presses Play.
pub fn play_at_max_speed(h: &mut Harness<'static, PlaygroundApp>) {
    h.get_by_label("Speed").click();
    h.run_steps(2);
    h.get_by_label("max").click();
    h.run_steps(2);
    h.get_by_label("Play").click();
}

pub fn epoch(h: &Harness<'static, PlaygroundApp>) -> u64 {
    h.state().snapshot().map_or(0, |s| s.epoch)
}

/// Moves the pointer off the window, so the tooltip of the last widget clicked does not
/// cover the next one.
pub fn move_away(h: &mut Harness<'static, PlaygroundApp>) {
    h.input_mut().events.push(egui::Event::PointerGone);
    h.run_steps(2);
}

/// Opens File > "Open or save a scene…", types `path` and presses Save.
pub fn save_through_the_path_field(
    h: &mut Harness<'static, PlaygroundApp>,
    path: &std::path::Path,
) {
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open or save a scene…").click();
    h.run_steps(2);
    type_path_and_press(h, path, "Save");
}

/// Types `path` into the open window's "Path" field and presses `button`.
pub fn type_path_and_press(
    h: &mut Harness<'static, PlaygroundApp>,
    path: &std::path::Path,
    button: &str,
) {
    h.get_by_label("Path").click();
    h.get_by_label("Path")
        .type_text(&path.display().to_string());
    h.run_steps(2);
    h.get_by_label(button).click();
    h.run_steps(2);
}
