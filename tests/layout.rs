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
    // A comparison is laid out side by side once the right side's first snapshot is in.
    let start = std::time::Instant::now();
    while scene.compare_with.is_some() && h.state().partner_snapshot().is_none() {
        assert!(start.elapsed().as_secs() < 30, "no right side");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_steps(4);
    (h.ctx.content_rect(), recorded(&h.ctx))
}

/// The window's main regions.
const REGIONS: [Part; 5] = [
    Part::TopBar,
    Part::DataPanel,
    Part::NetworkPanel,
    Part::OutputPanel,
    Part::LessonPanel,
];

/// Notes a part that was not drawn, leaves the screen or is squeezed.
fn check_placed(
    case: &str,
    part: Part,
    at: &BTreeMap<Part, Rect>,
    screen: Rect,
    problems: &mut Vec<String>,
) {
    match at.get(&part) {
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

/// Whether two rectangles share more than an edge.
fn overlap(a: Rect, b: Rect) -> bool {
    a.shrink(1.0).intersects(b.shrink(1.0))
}

#[test]
fn no_region_covers_another_at_any_size_or_zoom() {
    let regions = REGIONS;
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
                    check_placed(&case, *part, &at, screen, &mut problems);
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

#[test]
fn two_runs_side_by_side_fit_at_every_size_and_zoom() {
    // Side by side the centre holds the two columns (recorded as the network panel, with the
    // right side's model drawing and map, drawn last) over the shared charts (the output
    // panel); a short window shows the columns or the charts, the columns first, and a short
    // column its map alone (the model drawing gives way first).
    let preset = nnplay::engine::presets::find("nn-vs-bdt").unwrap();
    let (left, right) = preset.scene().unwrap().side_by_side().unwrap().unwrap();
    let scene = left.with_comparison(right);
    let regions = REGIONS;
    let mut problems = Vec::new();
    for size in SIZES {
        for zoom in ZOOMS {
            let (screen, at) = places(&scene, size, zoom);
            let case = format!(
                "nn-vs-bdt side by side at {}x{} zoom {zoom}",
                size.0, size.1
            );
            let shown: Vec<Part> = regions
                .iter()
                .copied()
                .filter(|p| at.contains_key(p))
                .collect();
            if !shown.contains(&Part::NetworkPanel) {
                problems.push(format!("{case}: the columns are not drawn"));
            }
            let canvas = at
                .contains_key(&Part::NetworkCanvas)
                .then_some(Part::NetworkCanvas);
            for part in shown.iter().chain(&[Part::OutputMap]).chain(&canvas) {
                check_placed(&case, *part, &at, screen, &mut problems);
            }
            for widget in [Part::OutputMap, Part::NetworkCanvas] {
                if let (Some(w), Some(r)) = (at.get(&widget), at.get(&Part::NetworkPanel))
                    && !r.expand(1.0).contains_rect(*w)
                {
                    problems.push(format!(
                        "{case}: {widget:?} {w:?} spills out of the columns {r:?}"
                    ));
                }
            }
            for (k, a) in shown.iter().enumerate() {
                for b in &shown[k + 1..] {
                    if overlap(at[a], at[b]) {
                        problems.push(format!(
                            "{case}: {a:?} {:?} covers {b:?} {:?}",
                            at[a], at[b]
                        ));
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
