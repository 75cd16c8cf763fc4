//! The menu bar (presets, files, view) and the training controls across the top.

use super::figures::FigureKind;
use super::panel::{Action, Actions, Dialog, Panel, PanelInput};
use super::preferences::{ControlGroup, MAX_ZOOM, MIN_ZOOM, Theme};
use super::row::group;
use crate::engine::nn::Loss;
use crate::engine::presets::PRESETS;
use crate::engine::scene::{LossWeights, OptimizerKind, Regularization, SceneEdit, TreeKind};
use crate::worker::{Command, Speed};
use egui::RichText;

/// Below this screen height (points) the training settings fold into a menu.
const COMPACT_SCREEN_BELOW: f32 = 420.0;

/// TF Playground's learning rates.
const LEARNING_RATES: [f64; 11] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0,
];
/// TF Playground's regularisation rates.
const REGULARIZATION_RATES: [f64; 10] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0];
/// Speeds on offer, in epochs per frame; `None` is "max".
const SPEEDS: [Option<u32>; 9] = [
    Some(1),
    Some(2),
    Some(5),
    Some(10),
    Some(50),
    Some(100),
    Some(1000),
    Some(10_000),
    None,
];

fn speed_name(speed: Speed) -> String {
    match speed {
        Speed::PerFrame(n) => format!("{n} / frame"),
        Speed::Max => "max".into(),
    }
}

/// The menu bar and the training controls across the top (no state of their own).
#[derive(Default)]
pub struct TopBar;

impl Panel for TopBar {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        menu_bar_ui(input, actions, ui);
        controls_ui(input, actions, ui);
    }
}

/// Presets, File and View menus.
fn menu_bar_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    egui::Panel::top("menu")
        .frame(super::background::top_panel_frame(ui))
        .show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("Presets", |ui| presets_menu_ui(actions, ui))
                    .response
                    .on_hover_text("Load a course chapter's scene in one click.");
                ui.menu_button("File", |ui| {
                    if ui
                        .button("Open or save a scene…")
                        .on_hover_text("Open a scene file or save this one.")
                        .clicked()
                    {
                        actions.push(Action::Open(Dialog::SceneFile));
                        ui.close();
                    }
                    let link = crate::engine::scene::playground_link::to_playground_link(
                        &input.snapshot.scene,
                    );
                    let copy = ui.add_enabled(
                        link.is_ok(),
                        egui::Button::new("Copy as TF Playground link"),
                    );
                    let copy = match &link {
                        Ok((_, notes)) if notes.is_empty() => copy
                            .on_hover_text("Copies this scene as a link that TF Playground opens."),
                        Ok((_, notes)) => copy.on_hover_text(format!(
                            "Copies this scene as a link that TF Playground opens. Left out: {}",
                            notes.join("; ")
                        )),
                        Err(why) => copy.on_disabled_hover_text(why.as_str()),
                    };
                    if copy.clicked()
                        && let Ok((link, _)) = link
                    {
                        ui.ctx().copy_text(link);
                        ui.close();
                    }
                    if ui
                        .button("Load data…")
                        .on_hover_text(
                            "Train on your own data: a CSV file (or .csv.gz) or a ROOT file's \
                             TTree.",
                        )
                        .clicked()
                    {
                        actions.push(Action::Open(Dialog::CsvData));
                        ui.close();
                    }
                    if ui
                        .button("Export model…")
                        .on_hover_text(
                            "Write the trained model as ONNX, or the network as a numpy, Keras or \
                         PyTorch script.",
                        )
                        .clicked()
                    {
                        actions.push(Action::Open(Dialog::Export));
                        ui.close();
                    }
                    if ui
                        .button("Save figure…")
                        .on_hover_text(
                            "Save the output map or a chart (loss, ROC, rejection, scores, …) as a \
                         PNG at twice its size or an SVG file, for slides and reports.",
                        )
                        .clicked()
                    {
                        actions.push(Action::Open(Dialog::Figure(FigureKind::Map)));
                        ui.close();
                    }
                });
                ui.menu_button("View", |ui| view_menu_ui(input, actions, ui));
            });
        });
}

fn presets_menu_ui(actions: &mut Actions, ui: &mut egui::Ui) {
    let mut course = String::new();
    for preset in PRESETS {
        let Ok(scene) = preset.scene() else { continue };
        if scene.lesson.course != course {
            course = scene.lesson.course.clone();
            ui.separator();
            ui.label(RichText::new(&course).strong());
        }
        let text = format!("{} — {}", scene.lesson.chapter, scene.lesson.title);
        if ui.button(text).on_hover_text(&scene.lesson.watch).clicked() {
            actions.push(Action::Load {
                scene: Box::new(scene),
                anchor: preset.label(),
                reason: format!("Preset \"{}\" loaded", preset.id),
            });
            ui.close();
        }
    }
}

fn view_menu_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let mut prefs = input.prefs.clone();
    ui.radio_value(
        &mut prefs.theme,
        Theme::Projector,
        "Projector theme (light)",
    )
    .on_hover_text("A light, high-contrast theme that reads well on a projector.");
    ui.radio_value(&mut prefs.theme, Theme::Dark, "Dark theme")
        .on_hover_text("A dark theme for screens.");
    let mut zoom = prefs.zoom;
    ui.add(
        egui::Slider::new(&mut zoom, MIN_ZOOM..=MAX_ZOOM)
            .step_by(0.25)
            .text("Zoom"),
    )
    .on_hover_text("Makes everything bigger for the back row (Ctrl + and Ctrl -, Ctrl 0 resets).");
    prefs.set_zoom(zoom);
    ui.separator();
    ui.checkbox(&mut prefs.show_lesson, "Lesson panel")
        .on_hover_text("Shows the lesson text and what to watch.");
    ui.checkbox(&mut prefs.show_test_points, "Test points")
        .on_hover_text("Draws the test points (outlined) on the output view.");
    let mut view = *input.view;
    if ui
        .checkbox(&mut view.discrete, "Discretise output")
        .on_hover_text("Colours the output by its sign only.")
        .changed()
    {
        actions.push(Action::View(view));
    }
    ui.checkbox(&mut prefs.show_stats, "Performance overlay")
        .on_hover_text("Shows frames per second and the UI thread's frame time.");
    if ui
        .button("Fullscreen (F11)")
        .on_hover_text("Fills the screen with the window.")
        .clicked()
    {
        let now = ui.input(|i| i.viewport().fullscreen.unwrap_or(false));
        ui.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!now));
    }
    ui.separator();
    ui.checkbox(&mut prefs.presenting, "Presenter mode (P)")
        .on_hover_text("Hides the controls unticked below; the P key toggles it.");
    ui.label("Shown in presenter mode:");
    for group in ControlGroup::ALL {
        let mut shown = prefs.shown_when_presenting.contains(&group);
        if ui
            .checkbox(&mut shown, group.name())
            .on_hover_text("Keep this group visible while presenting.")
            .changed()
        {
            prefs.shown_when_presenting.retain(|g| *g != group);
            if shown {
                prefs.shown_when_presenting.push(group);
            }
        }
    }
    if prefs != *input.prefs {
        actions.push(Action::Preferences(prefs));
    }
}

/// A label, then the combo box it names (label first, as people read), offering `choices`,
/// kept together on one row. Returns the combo box's response.
pub(super) fn choice<T: PartialEq + Copy>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    choices: &[T],
    name: impl Fn(T) -> String,
) -> egui::Response {
    group(ui, label, |ui| {
        let label_id = ui.label(label).id;
        egui::ComboBox::from_id_salt(label)
            .selected_text(name(*value))
            .height(400.0)
            .show_ui(ui, |ui| {
                for &c in choices {
                    ui.selectable_value(value, c, name(c));
                }
            })
            .response
            .labelled_by(label_id)
    })
}

/// Play, Step, Reset, the epoch counter, speed and the training settings.
fn controls_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let snapshot = input.snapshot;
    egui::Panel::top("controls")
        .frame(super::background::top_panel_frame(ui))
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let playing = snapshot.playing;
                let label = if playing { "Pause" } else { "Play" };
                let play = egui::Button::new(RichText::new(label).size(20.0))
                    .min_size(egui::vec2(100.0, 34.0));
                let play = ui.add(play);
                super::layout::record(ui.ctx(), super::layout::Part::Play, play.rect);
                if play
                    .on_hover_text("Starts or pauses training (Space).")
                    .clicked()
                {
                    actions.send(if playing {
                        Command::Pause
                    } else {
                        Command::Play
                    });
                }
                if ui
                    .button("Step")
                    .on_hover_text("Trains exactly one epoch (S or Right arrow).")
                    .clicked()
                {
                    actions.send(Command::Step);
                }
                if ui
                    .button("Reset")
                    .on_hover_text("Fresh weights, epoch 0 (R).")
                    .clicked()
                {
                    actions.send(Command::Reset);
                }
                let epoch = snapshot.epoch;
                let (counted, hover) = match snapshot.scene.trees.as_ref().map(|t| t.kind) {
                    None => ("Epoch", "Epochs trained so far."),
                    Some(TreeKind::Tree) => {
                        ("Depth", "Levels of the tree grown so far (one per step).")
                    }
                    Some(_) => ("Trees", "Trees grown so far (one per step)."),
                };
                ui.label(
                    RichText::new(format!(
                        "{counted} {}",
                        crate::engine::numbers::group_thousands(epoch)
                    ))
                    .size(20.0)
                    .monospace(),
                )
                .on_hover_text(hover);
                let mut speed = snapshot.speed;
                let speeds: Vec<Speed> = SPEEDS
                    .iter()
                    .map(|s| s.map_or(Speed::Max, Speed::PerFrame))
                    .collect();
                choice(ui, "Speed", &mut speed, &speeds, speed_name)
                    .on_hover_text("Epochs trained per displayed frame.");
                if speed != snapshot.speed {
                    actions.send(Command::SetSpeed(speed));
                }
                if input.prefs.shows(ControlGroup::TrainingSettings) {
                    ui.separator();
                    // On a short screen the settings fold into a menu so the panels keep room.
                    if ui.ctx().content_rect().height() < COMPACT_SCREEN_BELOW {
                        ui.menu_button("Settings", |ui| training_settings_ui(input, actions, ui))
                            .response
                            .on_hover_text("Learning rate, batch size, optimiser, penalty, loss.");
                    } else {
                        training_settings_ui(input, actions, ui);
                    }
                }
            });
        });
}

fn training_settings_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    if let Some(trees) = &input.snapshot.scene.trees {
        super::tree_view::settings_ui(ui, trees, actions);
        return;
    }
    let t = &input.snapshot.scene.training;
    let number = |v: f64| format!("{v}");
    let mut lr = t.learning_rate;
    choice(ui, "Learning rate", &mut lr, &LEARNING_RATES, number)
        .on_hover_text("Step size of each update; applies at once, without a reset.");
    if lr != t.learning_rate {
        actions.edit(SceneEdit::LearningRate(lr));
    }

    let mut batch = t.batch_size;
    let response = group(ui, "Batch size", |ui| {
        let label = ui.label("Batch size");
        ui.add(egui::DragValue::new(&mut batch).range(1..=100_000))
            .labelled_by(label.id)
            .on_hover_text("Samples per update; applies at once.")
    });
    if response.changed() && batch != t.batch_size {
        actions.edit(SceneEdit::BatchSize(batch));
    }

    let mut optimizer = t.optimizer;
    ui.add_enabled_ui(!t.playground_compatible, |ui| {
        let optimizers = [
            OptimizerKind::Sgd,
            OptimizerKind::Momentum,
            OptimizerKind::Adam,
        ];
        choice(ui, "Optimiser", &mut optimizer, &optimizers, |o| {
            optimizer_name(o).into()
        })
        .on_hover_text("How gradients become steps.")
        .on_disabled_hover_text("TF Playground's mode trains with plain SGD: untick it to choose.");
    });
    if optimizer != t.optimizer {
        actions.edit(SceneEdit::Optimizer(optimizer));
    }

    let (mut kind, mut rate) = (t.regularization, t.regularization_rate);
    let kinds = [Regularization::None, Regularization::L1, Regularization::L2];
    choice(ui, "Regularisation", &mut kind, &kinds, |k| {
        regularization_name(k).into()
    })
    .on_hover_text("Penalty pulling weights towards zero; applies at once.");
    choice(ui, "Rate", &mut rate, &REGULARIZATION_RATES, number)
        .on_hover_text("Strength of the weight penalty.");
    if (kind, rate) != (t.regularization, t.regularization_rate) {
        actions.edit(SceneEdit::Regularization(kind, rate));
    }

    let classification = input.snapshot.task.is_classification();
    let mut want_classification = classification;
    let problem_name = |c: bool| if c { "Classification" } else { "Regression" }.to_string();
    choice(
        ui,
        "Problem",
        &mut want_classification,
        &[true, false],
        problem_name,
    )
    .on_hover_text("Classify points into classes, or predict a number; switches the dataset.");
    if want_classification != classification {
        actions.edit(SceneEdit::Problem {
            classification: want_classification,
        });
    }

    let mut loss = t.loss;
    let losses = [Loss::Playground, Loss::Mse, Loss::Bce, Loss::SoftmaxCe];
    choice(ui, "Loss", &mut loss, &losses, |l| l.name().into())
        .on_hover_text("What training minimises; changing it restarts training.");
    let mut compatible = t.playground_compatible;
    ui.checkbox(&mut compatible, "TF Playground mode")
        .on_hover_text(
            "Train exactly as TF Playground does: fixed order, its update rule, plain SGD.",
        );
    if loss != t.loss || compatible != t.playground_compatible {
        actions.edit(SceneEdit::Loss {
            loss,
            playground_compatible: compatible,
        });
    }
    let scene = &input.snapshot.scene;
    if scene.data.weight_column().is_some() && scene.trees.is_none() {
        let mut how = t.loss_weights;
        let ways = [LossWeights::Off, LossWeights::Events, LossWeights::Balanced];
        choice(ui, "Loss weights", &mut how, &ways, |w| {
            loss_weights_name(w).into()
        })
        .on_hover_text(
            "How the event weights count in the training loss: not at all, each event by its \
             weight, or by its weight with both classes weighing the same in total. The loss \
             curves are then weighted too; changing it restarts training.",
        );
        if how != t.loss_weights {
            actions.edit(SceneEdit::LossWeights(how));
        }
    }
}

fn loss_weights_name(w: LossWeights) -> &'static str {
    match w {
        LossWeights::Off => "Off",
        LossWeights::Events => "Event weights",
        LossWeights::Balanced => "Balanced",
    }
}

fn optimizer_name(o: OptimizerKind) -> &'static str {
    match o {
        OptimizerKind::Sgd => "SGD",
        OptimizerKind::Momentum => "Momentum",
        OptimizerKind::Adam => "Adam",
    }
}

fn regularization_name(r: Regularization) -> &'static str {
    match r {
        Regularization::None => "None",
        Regularization::L1 => "L1",
        Regularization::L2 => "L2",
    }
}
