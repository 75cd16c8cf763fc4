//! The README's screenshots, rendered headless (wgpu through Mesa's lavapipe) at a fixed size,
//! seed and epoch, and compared with the committed pictures in `tests/snapshots/` within
//! egui_kittest's tolerance. After a deliberate change of the window, renew them with
//! `UPDATE_SNAPSHOTS=1 cargo test --release --test screenshots`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use nnplay::app::preferences::Preferences;
use nnplay::app::{LaunchOptions, PlaygroundApp};
use window_common::wait_for;

/// Compares with the committed picture, allowing 0.1% of the pixels to differ: lavapipe places
/// the thumbnails' 1.6-point dots a sub-pixel apart between some runs (5,346 of 8.3 million
/// pixels at 3840x2160 were seen to differ, all in the thumbnails).
fn compare(h: &mut Harness<'static, PlaygroundApp>, name: &str) {
    let size = h.ctx.content_rect().size() * h.ctx.pixels_per_point();
    let budget = (size.x * size.y / 1000.0) as usize;
    h.snapshot_options(
        name,
        &egui_kittest::SnapshotOptions::new().max_failed_pixels(budget),
    );
}

/// A window of `width` x `height` on a preset, stepped to `epochs` one epoch at a time (so the
/// picture does not depend on how fast the trainer thread runs).
fn window_at(id: &str, epochs: u64, size: (f32, f32)) -> Harness<'static, PlaygroundApp> {
    zoomed_window_at(id, epochs, size, 1.0)
}

/// The same at `zoom` (the picture keeps `size` pixels; the window has `size / zoom` points).
fn zoomed_window_at(
    id: &str,
    epochs: u64,
    size: (f32, f32),
    zoom: f32,
) -> Harness<'static, PlaygroundApp> {
    let preset = nnplay::engine::presets::find(id).unwrap();
    let options = LaunchOptions {
        scene: Some((preset.scene().unwrap(), preset.label())),
        ..Default::default()
    };
    let prefs = Preferences {
        zoom,
        ..Default::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(size.0 / zoom, size.1 / zoom))
        .with_pixels_per_point(zoom)
        .with_theme(egui::Theme::Light)
        .renderer(egui_kittest::wgpu::WgpuTestRenderer::default())
        .build_eframe(move |cc| PlaygroundApp::with_preferences(&cc.egui_ctx, prefs, options));
    // No animations: a picture must not depend on how long the frames took.
    h.ctx.all_styles_mut(|style| style.animation_time = 0.0);
    wait_for(&mut h, "the first snapshot", |_| true);
    for epoch in 1..=epochs {
        h.get_by_label("Step").click();
        wait_for(&mut h, "the next epoch", |s| s.epoch == epoch);
    }
    settle(&mut h);
    h
}

/// Moves the pointer off the window (no hover, no tooltip that time would bring) and lets
/// the last snapshot draw.
fn settle(h: &mut Harness<'static, PlaygroundApp>) {
    h.input_mut().events.push(egui::Event::PointerGone);
    h.run_steps(3);
}

#[test]
fn the_spiral_after_200_epochs() {
    let mut h = window_at("spiral", 200, (1600.0, 900.0));
    compare(&mut h, "spiral");
}

#[test]
fn the_learning_rate_lesson_zig_zags_at_lr_0_9() {
    let mut h = window_at("learning-rate", 0, (1600.0, 900.0));
    h.get_by_label("lr 0.9").click();
    wait_for(&mut h, "lr 0.9", |s| s.scene.training.learning_rate == 0.9);
    for epoch in 1..=12 {
        h.get_by_label("Step").click();
        wait_for(&mut h, "the next step", |s| s.epoch == epoch);
    }
    settle(&mut h);
    compare(&mut h, "learning-rate");
}

#[test]
fn a_1280x720_projector_at_zoom_1() {
    let mut h = window_at("top-tagging", 5, (1280.0, 720.0));
    compare(&mut h, "top-tagging-1280x720");
}

#[test]
fn a_1920x1080_projector_at_zoom_2() {
    let mut h = zoomed_window_at("l2-gauss", 100, (1920.0, 1080.0), 2.0);
    compare(&mut h, "l2-gauss-1920x1080-zoom2");
}

#[test]
fn a_bdt_after_20_trees_at_1280x720() {
    let mut h = window_at("bdt-jets", 20, (1280.0, 720.0));
    compare(&mut h, "bdt-jets-1280x720");
}

#[test]
fn a_past_run_beside_the_current_one() {
    let mut h = window_at("cut-vs-ml", 30, (1920.0, 1080.0));
    h.get_by_label("Adam 0.001").click();
    wait_for(&mut h, "the Adam run", |s| {
        s.runs.len() == 1 && s.epoch == 0
    });
    for epoch in 1..=30 {
        h.get_by_label("Step").click();
        wait_for(&mut h, "the next epoch", |s| s.epoch == epoch);
    }
    settle(&mut h);
    h.get_by_label("ROC").click();
    settle(&mut h);
    compare(&mut h, "cut-vs-ml-two-runs-1920x1080");
}

#[test]
fn a_network_and_a_bdt_side_by_side() {
    let preset = nnplay::engine::presets::find("nn-vs-bdt").unwrap();
    let (left, right) = preset.scene().unwrap().side_by_side().unwrap().unwrap();
    let options = LaunchOptions {
        scene: Some((left.with_comparison(right), preset.label())),
        ..Default::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .with_theme(egui::Theme::Light)
        .renderer(egui_kittest::wgpu::WgpuTestRenderer::default())
        .build_eframe(move |cc| {
            PlaygroundApp::with_preferences(&cc.egui_ctx, Preferences::default(), options)
        });
    h.ctx.all_styles_mut(|style| style.animation_time = 0.0);
    let both_at = |h: &Harness<'static, PlaygroundApp>, epoch: u64| {
        let app = h.state();
        app.snapshot().is_some_and(|s| s.epoch == epoch)
            && app.partner_snapshot().is_some_and(|s| s.epoch == epoch)
    };
    let step_until = |h: &mut Harness<'static, PlaygroundApp>, epoch: u64| {
        let start = std::time::Instant::now();
        while !both_at(h, epoch) {
            assert!(
                start.elapsed().as_secs() < 60,
                "no epoch {epoch} on both sides"
            );
            h.step();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    };
    step_until(&mut h, 0);
    for epoch in 1..=20 {
        h.get_by_label("Step").click();
        step_until(&mut h, epoch);
    }
    settle(&mut h);
    h.get_by_label("ROC").click();
    settle(&mut h);
    compare(&mut h, "nn-vs-bdt-side-by-side-1920x1080");
}
