//! A tree model drawn in place of the network: the model chooser and its settings, the chosen
//! tree as a diagram (each node's split in the feature's units, its rows and its class mix or
//! mean), a slider to pick one tree of an ensemble, and the feature importance as bars.

use super::panel::{Action, Actions, PanelInput};
use crate::engine::scene::{Scene, SceneEdit, TreeKind, TreesSection};
use crate::engine::trees::{Ensemble, Tree};
use crate::worker::pictures::palette;
use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, pos2, vec2};

/// Levels drawn with their text; deeper levels are drawn compressed, as marks.
const READABLE_LEVELS: usize = 5;
/// Height of one compressed level.
const COMPRESSED_LEVEL: f32 = 6.0;

/// The tree view's own state.
#[derive(Default)]
pub struct TreeView {
    /// The tree shown (index into the ensemble); `None` follows the newest.
    chosen: Option<usize>,
}

/// What a model is called in the chooser.
fn kind_name(kind: Option<TreeKind>) -> &'static str {
    match kind {
        None => "Neural network",
        Some(TreeKind::Tree) => "Decision tree",
        Some(TreeKind::Forest) => "Random forest",
        Some(TreeKind::Boosted) => "Boosted trees (BDT)",
    }
}

/// The model chooser: a network or one of the tree models.
pub fn model_kind_ui(ui: &mut egui::Ui, scene: &Scene, actions: &mut Actions) {
    let current = scene.trees.as_ref().map(|t| t.kind);
    let mut chosen = current;
    let kinds = [
        None,
        Some(TreeKind::Tree),
        Some(TreeKind::Forest),
        Some(TreeKind::Boosted),
    ];
    super::top_bar::choice(ui, "Model", &mut chosen, &kinds, |k| kind_name(k).into())
        .on_hover_text("The model trained: a network, or trees grown one per step.");
    if chosen != current {
        actions.edit(SceneEdit::ModelKind(chosen));
    }
}

/// The comparisons a course makes, each a tree model with the course's settings: the lecture
/// deck's and analysis-essentials' 20-tree BDT of depth 3, PURSUE's depth-3 tree and the HSF
/// training's forest of 30 trees of depth 8.
pub fn course_comparisons() -> [(&'static str, TreesSection); 3] {
    [
        (
            "a BDT (20 trees, depth 3)",
            TreesSection {
                trees: 20,
                max_depth: Some(3),
                ..TreesSection::new(TreeKind::Boosted)
            },
        ),
        (
            "a single tree (depth 3)",
            TreesSection {
                max_depth: Some(3),
                ..TreesSection::new(TreeKind::Tree)
            },
        ),
        (
            "a random forest (30 trees, depth 8)",
            TreesSection {
                trees: 30,
                max_depth: Some(8),
                ..TreesSection::new(TreeKind::Forest)
            },
        ),
    ]
}

/// "Compare with…": trains another model side by side with this one, on exactly the same rows
/// (same seed, same split), so both ROCs and score histograms overlay.
pub fn compare_ui(ui: &mut egui::Ui, scene: &Scene, actions: &mut Actions) {
    ui.menu_button("Compare with…", |ui| {
        let mut side_by_side = |trees: Option<TreesSection>| {
            let mut right = scene.clone();
            right.trees = trees;
            right.model = None;
            right.compare_with = None;
            actions.push(Action::SideBySide(Box::new(right)));
        };
        for (name, trees) in course_comparisons() {
            if scene.trees.as_ref() == Some(&trees) {
                continue;
            }
            if ui
                .button(name)
                .on_hover_text(
                    "Trains this model beside the current one, on the same rows, in lockstep.",
                )
                .clicked()
            {
                side_by_side(Some(trees));
                ui.close();
            }
        }
        if scene.trees.is_some()
            && ui
                .button("a neural network")
                .on_hover_text("Trains the scene's network beside the trees, on the same rows.")
                .clicked()
        {
            side_by_side(None);
            ui.close();
        }
    })
    .response
    .on_hover_text("Trains another model side by side with this one, on the same rows.");
}

/// A setting picked from a short list of values; a value set elsewhere is shown as it is.
fn pick<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    label: &str,
    current: T,
    choices: &[T],
    name: impl Fn(T) -> String,
) -> Option<T> {
    let mut chosen = current;
    super::top_bar::choice(ui, label, &mut chosen, choices, name);
    (chosen != current).then_some(chosen)
}

/// The settings of the tree model that a lecturer changes while teaching (shown in the top
/// bar in place of the network's training settings).
pub fn settings_ui(ui: &mut egui::Ui, trees: &TreesSection, actions: &mut Actions) {
    let mut changed = trees.clone();
    if trees.kind != TreeKind::Tree
        && let Some(n) = pick(
            ui,
            "Trees",
            trees.trees,
            &[1, 5, 10, 20, 30, 50, 100, 200, 500],
            |n| n.to_string(),
        )
    {
        changed.trees = n;
    }
    if let Some(d) = pick(
        ui,
        "Depth",
        trees.max_depth,
        &[
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            Some(8),
            Some(10),
            None,
        ],
        |d| d.map_or("unlimited".into(), |d| d.to_string()),
    ) {
        changed.max_depth = d;
    }
    if trees.kind == TreeKind::Boosted
        && let Some(lr) = pick(
            ui,
            "Learning rate",
            trees.learning_rate,
            &[0.01, 0.03, 0.1, 0.3, 0.5, 1.0],
            |v| format!("{v}"),
        )
    {
        changed.learning_rate = lr;
    }
    if let Some(m) = pick(
        ui,
        "Min leaf",
        trees.min_samples_leaf,
        &[1, 2, 5, 10, 20, 50, 100],
        |n| n.to_string(),
    ) {
        changed.min_samples_leaf = m;
    }
    if changed != *trees {
        actions.edit(SceneEdit::Trees(changed));
    }
}

impl TreeView {
    /// Draws the model header, the chosen tree and the importance bars.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        input: &PanelInput<'_>,
        ensemble: &Ensemble,
        actions: &mut Actions,
    ) {
        let snapshot = input.snapshot;
        let scene = &snapshot.scene;
        let Some(trees) = &scene.trees else {
            return;
        };
        // A narrow panel (a side of a comparison) keeps the drawing's room: the model choices
        // fold into one menu, as the network view's do.
        let narrow = ui.available_width() < super::network_view::NARROW_PANEL;
        ui.horizontal_wrapped(|ui| {
            if narrow {
                ui.menu_button("Model…", |ui| {
                    model_kind_ui(ui, scene, actions);
                    compare_ui(ui, scene, actions);
                })
                .response
                .on_hover_text("The model trained, and comparisons with other models.");
            } else {
                model_kind_ui(ui, scene, actions);
                compare_ui(ui, scene, actions);
            }
            let n = ensemble.trees.len();
            let text = match trees.kind {
                TreeKind::Tree => {
                    format!("depth {}", ensemble.trees.first().map_or(0, |t| t.depth()))
                }
                _ => format!("{n} of {} trees", trees.trees),
            };
            ui.label(RichText::new(text).size(16.0));
        });
        let count = ensemble.trees.len();
        if count == 0 {
            ui.label("Press Play or Step to grow the first tree.");
            let room = ui.available_rect_before_wrap().intersect(ui.clip_rect());
            super::layout::record(ui.ctx(), super::layout::Part::NetworkCanvas, room);
            return;
        }
        let shown = self.chosen.filter(|&k| k < count).unwrap_or(count - 1);
        if count > 1 {
            ui.horizontal(|ui| {
                let mut number = shown + 1;
                let slider = egui::Slider::new(&mut number, 1..=count).text("tree shown");
                if ui.add(slider).changed() {
                    self.chosen = (number < count).then(|| number - 1);
                }
                if self.chosen.is_some() && ui.button("Newest").clicked() {
                    self.chosen = None;
                }
            });
        }
        let names = &scene.data.features;
        let importance = ensemble.importance();
        let area = ui.available_rect_before_wrap().intersect(ui.clip_rect());
        // The bars need their rows; in a short panel the tree keeps the room.
        let bars_height = 22.0 + 18.0 * names.len().min(12) as f32;
        let bars_height = if importance.iter().any(|&g| g > 0.0)
            && area.height() >= bars_height + MIN_DIAGRAM_HEIGHT
        {
            bars_height
        } else {
            0.0
        };
        super::layout::record(ui.ctx(), super::layout::Part::NetworkCanvas, area);
        let diagram = Rect::from_min_max(area.min, pos2(area.max.x, area.max.y - bars_height));
        let tree = &ensemble.trees[shown];
        let describe = NodeText {
            names,
            units: &snapshot.input_units,
            ensemble,
        };
        draw_tree(ui, diagram, tree, &describe);
        if bars_height > 0.0 {
            let bars = Rect::from_min_max(pos2(area.min.x, diagram.max.y), area.max);
            draw_importance(ui, bars, names, &importance);
        }
        ui.allocate_rect(area, Sense::hover());
    }
}

/// Below this height left for the tree, the importance bars give way to it.
const MIN_DIAGRAM_HEIGHT: f32 = 90.0;

/// Turns nodes into words: the split in the feature's units and the node's class mix or mean.
struct NodeText<'a> {
    names: &'a [String],
    units: &'a [(f64, f64)],
    ensemble: &'a Ensemble,
}

impl NodeText<'_> {
    /// "mass < 95.3" for a split, the leaf's value for a leaf.
    fn split(&self, tree: &Tree, n: usize) -> String {
        if tree.is_leaf(n) {
            return self.value(tree, n);
        }
        let f = tree.nodes[n].feature as usize;
        let (mean, std) = self.units.get(f).copied().unwrap_or((0.0, 1.0));
        let name = self.names.get(f).map_or("?", String::as_str);
        format!("{name} < {}", short(tree.nodes[n].threshold * std + mean))
    }

    /// What the node predicts: a class mix or a mean for trees and forests, the score added
    /// for boosting.
    fn value(&self, tree: &Tree, n: usize) -> String {
        if self.ensemble.kind == TreeKind::Boosted {
            let v = &tree.values[n * tree.outputs..(n + 1) * tree.outputs];
            return v
                .iter()
                .map(|v| format!("{v:+.3}"))
                .collect::<Vec<_>>()
                .join(" ");
        }
        self.mix(tree, n)
    }

    /// The class shares (in percent) or the mean target of the node's rows.
    fn mix(&self, tree: &Tree, n: usize) -> String {
        let summary = tree.summary_of(n);
        if summary.len() == 1 {
            return format!("mean {}", short(summary[0]));
        }
        summary
            .iter()
            .map(|p| format!("{:.0}%", 100.0 * p))
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// Everything about a node, for its hover text.
    fn full(&self, tree: &Tree, n: usize) -> String {
        let mut text = if tree.is_leaf(n) {
            "leaf".to_string()
        } else {
            format!(
                "split: {}\ngain {:.4}",
                self.split(tree, n),
                tree.nodes[n].gain
            )
        };
        text += &format!(
            "\n{} training rows\n{}",
            tree.nodes[n].samples,
            self.mix(tree, n)
        );
        if self.ensemble.kind == TreeKind::Boosted {
            text += &format!("\nadds {}", self.value(tree, n));
        }
        text
    }
}

/// A number in few characters.
fn short(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1000.0 || v.abs() < 0.01 {
        format!("{v:.2e}")
    } else if v.abs() >= 100.0 {
        format!("{v:.1}")
    } else if v.abs() >= 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// The colour of a node: its class mix (two classes: blue for the positive share, orange for
/// the negative), its majority class, or its mean on the diverging scale.
fn node_colour(tree: &Tree, n: usize) -> Color32 {
    let summary = tree.summary_of(n);
    match summary.len() {
        2 => palette::diverging(2.0 * summary[1] - 1.0, false),
        1 => palette::NEUTRAL,
        _ => {
            let k = summary
                .iter()
                .enumerate()
                .fold(
                    (0, f64::NEG_INFINITY),
                    |b, (k, &p)| if p > b.1 { (k, p) } else { b },
                )
                .0;
            palette::class_colour(k)
        }
    }
}

/// The tree as boxes joined by lines: each level one row, each node centred over its share of
/// the width (as in a complete binary tree), levels beyond the readable ones compressed.
fn draw_tree(ui: &mut egui::Ui, rect: Rect, tree: &Tree, text: &NodeText<'_>) {
    if rect.height() < 20.0 || rect.width() < 40.0 || tree.is_empty() {
        return;
    }
    let painter = ui.painter_at(rect);
    let depth = tree.depth();
    let readable = depth.min(READABLE_LEVELS);
    let compressed = depth - readable;
    let compressed_height = compressed as f32 * COMPRESSED_LEVEL;
    let row_height = ((rect.height() - compressed_height) / (readable as f32 + 1.0)).max(8.0);
    let box_height = (row_height * 0.72).min(48.0);
    let stroke_colour = ui.visuals().text_color();
    // Position of each node: (level, centre x).
    let mut place = vec![(0usize, rect.center().x, rect.width()); tree.len()];
    for n in 0..tree.len() {
        if tree.is_leaf(n) {
            continue;
        }
        let (level, x, width) = place[n];
        let half = width / 2.0;
        place[tree.nodes[n].left as usize] = (level + 1, x - half / 2.0, half);
        place[tree.nodes[n].left as usize + 1] = (level + 1, x + half / 2.0, half);
    }
    let y_of = |level: usize| {
        if level <= readable {
            rect.top() + row_height * (level as f32 + 0.5)
        } else {
            rect.top()
                + row_height * (readable as f32 + 1.0)
                + COMPRESSED_LEVEL * (level - readable) as f32
        }
    };
    for n in 0..tree.len() {
        if tree.is_leaf(n) {
            continue;
        }
        let (level, x, _) = place[n];
        for child in [tree.nodes[n].left as usize, tree.nodes[n].left as usize + 1] {
            let (cl, cx, _) = place[child];
            painter.line_segment(
                [pos2(x, y_of(level)), pos2(cx, y_of(cl))],
                Stroke::new(1.0, stroke_colour.gamma_multiply(0.5)),
            );
        }
    }
    let font = FontId::proportional((box_height / 3.2).clamp(9.0, 14.0));
    for (n, &(level, x, width)) in place.iter().enumerate() {
        let centre = pos2(x, y_of(level));
        if level > readable {
            painter.circle_filled(centre, 2.0, node_colour(tree, n));
            continue;
        }
        let w = (width - 6.0).clamp(6.0, 160.0);
        let node = Rect::from_center_size(centre, vec2(w, box_height));
        painter.rect_filled(node, 4.0, node_colour(tree, n));
        painter.rect_stroke(
            node,
            4.0,
            Stroke::new(1.0, stroke_colour),
            egui::StrokeKind::Inside,
        );
        // The fullest text that fits the box: split and rows, else a leaf's value, else none.
        let candidates = [
            Some(format!(
                "{}\n{} rows",
                text.split(tree, n),
                tree.nodes[n].samples
            )),
            tree.is_leaf(n)
                .then(|| text.value(tree, n).replace(" / ", "\n")),
        ];
        let fitting = candidates.into_iter().flatten().find_map(|lines| {
            let galley = painter.layout_no_wrap(lines, font.clone(), Color32::BLACK);
            (galley.size().x <= w - 4.0 && galley.size().y <= box_height).then_some(galley)
        });
        if let Some(galley) = fitting {
            let at = centre - galley.size() / 2.0;
            painter.galley(at, galley, Color32::BLACK);
        }
        let id = ui.scope_id().with(("tree-node", n));
        ui.interact(node, id, Sense::hover())
            .on_hover_text(text.full(tree, n));
    }
    if compressed > 0 {
        painter.text(
            rect.left_bottom() + vec2(4.0, -2.0),
            Align2::LEFT_BOTTOM,
            if depth == readable + 1 {
                format!("level {depth} drawn small")
            } else {
                format!("levels {}-{depth} drawn small", readable + 1)
            },
            FontId::proportional(11.0),
            stroke_colour,
        );
    }
}

/// Each feature's share of the total split gain, as horizontal bars.
fn draw_importance(ui: &mut egui::Ui, rect: Rect, names: &[String], importance: &[f64]) {
    let painter = ui.painter_at(rect);
    let colour = ui.visuals().text_color();
    let heading = Rect::from_min_size(rect.min, vec2(rect.width(), 20.0));
    ui.put(
        heading,
        egui::Label::new(RichText::new("Feature importance (share of the split gain)").size(13.0)),
    );
    let mut order: Vec<usize> = (0..importance.len()).collect();
    order.sort_by(|&a, &b| importance[b].total_cmp(&importance[a]));
    let label_width = (rect.width() * 0.3).min(140.0);
    for (row, &f) in order.iter().take(12).enumerate() {
        let y = rect.top() + 22.0 + 18.0 * row as f32;
        let name = names.get(f).map_or("?", String::as_str);
        painter.text(
            pos2(rect.left() + label_width - 4.0, y + 8.0),
            Align2::RIGHT_CENTER,
            name,
            FontId::proportional(12.0),
            colour,
        );
        let full = rect.width() - label_width - 50.0;
        let bar = Rect::from_min_size(
            pos2(rect.left() + label_width, y + 2.0),
            vec2((full * importance[f] as f32).max(1.0), 12.0),
        );
        painter.rect_filled(bar, 2.0, palette::POSITIVE);
        painter.text(
            pos2(bar.right() + 4.0, y + 8.0),
            Align2::LEFT_CENTER,
            format!("{:.0}%", 100.0 * importance[f]),
            FontId::proportional(12.0),
            colour,
        );
    }
}
