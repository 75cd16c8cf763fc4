//! The lesson panel: the chosen preset's title, course and chapter, the text to read aloud,
//! the settings to compare (one click each), and what to watch.

use super::panel::{Action, Actions, Panel, PanelInput};
use crate::engine::scene::SceneEdit;
use crate::worker::Command;
use egui::RichText;

/// The lesson panel.
#[derive(Default)]
pub struct LessonPanel {
    /// The text shown in a window while the panel is collapsed to a strip.
    window_open: bool,
    /// Whether the panel was collapsed this frame.
    collapsed: bool,
}

impl LessonPanel {
    /// The collapsed panel: one line with the title and a button that opens the text.
    pub fn strip_ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, _: &mut Actions) {
        self.collapsed = true;
        let lesson = &input.snapshot.scene.lesson;
        ui.horizontal_wrapped(|ui| {
            let title = if lesson.title.is_empty() {
                "Lesson".to_string()
            } else {
                format!("Lesson: {}", lesson.title)
            };
            let shown = ui.label(RichText::new(title).strong().size(16.0));
            super::layout::record(ui.ctx(), super::layout::Part::LessonText, shown.rect);
            let label = if self.window_open { "Close" } else { "Read" };
            if ui
                .button(label)
                .on_hover_text("Opens the lesson text, the comparisons and what to watch.")
                .clicked()
            {
                self.window_open = !self.window_open;
            }
        });
    }

    /// While collapsed, the lesson in a window of its own (when asked for).
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        input: &PanelInput<'_>,
        actions: &mut Actions,
    ) {
        if !std::mem::take(&mut self.collapsed) {
            self.window_open = false;
            return;
        }
        let mut open = self.window_open;
        egui::Window::new("Lesson text")
            .open(&mut open)
            .default_width(320.0)
            .show(ctx, |ui| lesson_ui(ui, input, actions));
        self.window_open = open;
    }
}

impl Panel for LessonPanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
        self.collapsed = false;
        ui.horizontal(|ui| {
            ui.heading("Lesson");
            if ui
                .small_button("Hide")
                .on_hover_text("Hides the lesson panel (View menu brings it back).")
                .clicked()
            {
                let mut prefs = input.prefs.clone();
                prefs.show_lesson = false;
                actions.push(Action::Preferences(prefs));
            }
        });
        egui::ScrollArea::vertical().show(ui, |ui| lesson_ui(ui, input, actions));
    }
}

/// The title, course and chapter, the text, the variants and what to watch.
fn lesson_ui(ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
    let lesson = &input.snapshot.scene.lesson;
    if lesson.title.is_empty() {
        ui.label("This scene has no lesson text.");
        return;
    }
    ui.label(RichText::new(&lesson.title).size(18.0).strong());
    ui.label(RichText::new(format!("{} · {}", lesson.course, lesson.chapter)).italics());
    ui.add_space(8.0);
    let text = ui.label(RichText::new(&lesson.lesson).size(16.0));
    super::layout::record(ui.ctx(), super::layout::Part::LessonText, text.rect);
    ui.add_space(8.0);
    if !lesson.variants.is_empty() {
        variants_ui(input, actions, ui);
        ui.add_space(8.0);
    }
    side_by_side_ui(input, actions, ui);
    ui.label(RichText::new("What to watch").strong());
    ui.label(RichText::new(&lesson.watch).size(16.0));
}

/// The lesson's side-by-side comparison, started in one click (both sides restart).
fn side_by_side_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let scene = &input.snapshot.scene;
    let (Some(pair), Some(Ok((left, right)))) = (&scene.lesson.side_by_side, scene.side_by_side())
    else {
        return;
    };
    let left_name = pair.left.as_deref().unwrap_or("as set");
    let text = format!("Side by side: {left_name} | {}", pair.right);
    if ui
        .button(RichText::new(text).size(16.0))
        .on_hover_text("Trains both settings at once, side by side, on the same rows.")
        .clicked()
    {
        actions.push(Action::Load {
            scene: Box::new(left.with_comparison(right)),
            anchor: (*input.snapshot.anchor).clone(),
            reason: format!("Side by side: {left_name} | {}", pair.right),
        });
        actions.send(Command::Play);
    }
    ui.add_space(8.0);
}

/// One switch per lesson variant; the active one is highlighted. Switching restarts training
/// with the variant's settings (and keeps playing if it was); a variant that does not apply
/// is reported in the banner.
fn variants_ui(input: &PanelInput<'_>, actions: &mut Actions, ui: &mut egui::Ui) {
    let scene = &input.snapshot.scene;
    ui.label(RichText::new("Compare").strong());
    ui.horizontal_wrapped(|ui| {
        for (index, variant) in scene.lesson.variants.iter().enumerate() {
            let active = scene.variant_is_active(index);
            if ui
                .selectable_label(active, RichText::new(&variant.label).size(16.0))
                .on_hover_text("Restarts training with this setting.")
                .clicked()
            {
                actions.edit(SceneEdit::Variant(index));
            }
        }
    });
}
