//! The window at lecture-hall sizes and zooms: on the main presets, at 1024x768 to 3840x2160
//! and zoom 1 to 2.5, every main region and key widget lies inside the window and none covers
//! another (the places are those the panels recorded while drawing, `app::layout`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod window_common;

use egui::Rect;
use egui_kittest::Harness;
use nnplay::app::layout::{Part, recorded};
use nnplay::app::preferences::Preferences;
use nnplay::app::{LaunchOptions, PlaygroundApp};
use nnplay::engine::scene::Scene;
use std::collections::BTreeMap;
use window_common::wait_for;

/// Screen sizes in pixels.
const SIZES: [(f32, f32); 4] = [
    (1024.0, 768.0),
    (1280.0, 720.0),
    (1920.0, 1080.0),
    (3840.0, 2160.0),
];
/// Zoom factors.
const ZOOMS: [f32; 4] = [1.0, 1.5, 2.0, 2.5];

/// The scenes checked: five presets (one of them trees) and a deep, wide network.
fn scenes() -> Vec<(String, Scene)> {
    let mut list: Vec<(String, Scene)> = [
        "spiral",
        "top-tagging",
        "learning-rate",
        "overfit-curve",
        "bdt-jets",
    ]
    .iter()
    .map(|id| {
        let scene = nnplay::engine::presets::find(id).unwrap().scene().unwrap();
        (id.to_string(), scene)
    })
    .collect();
    let mut deep = nnplay::engine::presets::find("spiral")
        .unwrap()
        .scene()
        .unwrap();
    deep.network.hidden = vec![64; 10];
    list.push(("spiral 10x64".into(), deep));
    list
}

/// The places of the window's parts on `scene`, at `size` pixels and `zoom`.
fn places(scene: &Scene, size: (f32, f32), zoom: f32) -> (Rect, BTreeMap<Part, Rect>) {
    let options = LaunchOptions {
        scene: Some((scene.clone(), "layout.toml".into())),
        ..Default::default()
    };
    let prefs = Preferences {
        zoom,
        ..Default::default()
    };
    let points = egui::vec2(size.0 / zoom, size.1 / zoom);
    let mut h = Harness::builder()
        .with_size(points)
        .build_eframe(move |cc| PlaygroundApp::with_preferences(&cc.egui_ctx, prefs, options));
    wait_for(&mut h, "the first snapshot", |_| true);
    h.run_steps(4);
    (h.ctx.content_rect(), recorded(&h.ctx))
}

/// Whether two rectangles share more than an edge.
fn overlap(a: Rect, b: Rect) -> bool {
    a.shrink(1.0).intersects(b.shrink(1.0))
}

#[test]
fn no_region_covers_another_at_any_size_or_zoom() {
    let regions = [
        Part::TopBar,
        Part::DataPanel,
        Part::NetworkPanel,
        Part::OutputPanel,
        Part::LessonPanel,
    ];
    let widgets = [
        Part::Play,
        Part::OutputMap,
        Part::NetworkCanvas,
        Part::Charts,
        Part::LessonText,
    ];
    let mut problems = Vec::new();
    for (name, scene) in scenes() {
        for size in SIZES {
            for zoom in ZOOMS {
                let (screen, at) = places(&scene, size, zoom);
                let case = format!("{name} at {}x{} zoom {zoom}", size.0, size.1);
                // A short output panel shows the map or the charts (the map first).
                let cramped = at
                    .get(&Part::OutputPanel)
                    .is_some_and(|r| r.height() < nnplay::app::layout::CRAMPED_BELOW);
                for part in regions.iter().chain(&widgets) {
                    if cramped && *part == Part::Charts {
                        continue;
                    }
                    match at.get(part) {
                        None => problems.push(format!("{case}: {part:?} not drawn")),
                        Some(r) if !screen.expand(1.0).contains_rect(*r) => {
                            problems.push(format!("{case}: {part:?} {r:?} leaves {screen:?}"))
                        }
                        Some(r) if r.width() < 20.0 || r.height() < 12.0 => {
                            problems.push(format!("{case}: {part:?} squeezed to {r:?}"))
                        }
                        Some(_) => {}
                    }
                }
                for (widget, home) in [
                    (Part::Play, Part::TopBar),
                    (Part::OutputMap, Part::OutputPanel),
                    (Part::Charts, Part::OutputPanel),
                    (Part::NetworkCanvas, Part::NetworkPanel),
                    (Part::LessonText, Part::LessonPanel),
                ] {
                    if let (Some(w), Some(r)) = (at.get(&widget), at.get(&home))
                        && !r.expand(1.0).contains_rect(*w)
                    {
                        problems.push(format!(
                            "{case}: {widget:?} {w:?} spills out of {home:?} {r:?}"
                        ));
                    }
                }
                for group in [&regions[..], &widgets[..]] {
                    for (k, a) in group.iter().enumerate() {
                        for b in &group[k + 1..] {
                            if let (Some(ra), Some(rb)) = (at.get(a), at.get(b))
                                && overlap(*ra, *rb)
                            {
                                problems.push(format!("{case}: {a:?} {ra:?} covers {b:?} {rb:?}"));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
