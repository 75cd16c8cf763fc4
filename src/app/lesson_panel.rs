//! The lesson panel: the chosen preset's title, course and chapter, the text to read aloud,
//! the settings to compare (one click each), and what to watch.

use super::panel::{Action, Actions, Panel, PanelInput};
use crate::engine::scene::SceneEdit;
use egui::RichText;

/// The lesson panel (it keeps no state of its own).
#[derive(Default)]
pub struct LessonPanel;

impl Panel for LessonPanel {
    fn ui(&mut self, ui: &mut egui::Ui, input: &PanelInput<'_>, actions: &mut Actions) {
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
        let scene = &input.snapshot.scene;
        let lesson = &scene.lesson;
        egui::ScrollArea::vertical().show(ui, |ui| {
            if lesson.title.is_empty() {
                ui.label("This scene has no lesson text.");
                return;
            }
            ui.label(RichText::new(&lesson.title).size(18.0).strong());
            ui.label(RichText::new(format!("{} · {}", lesson.course, lesson.chapter)).italics());
            ui.add_space(8.0);
            ui.label(RichText::new(&lesson.lesson).size(16.0));
            ui.add_space(8.0);
            if !lesson.variants.is_empty() {
                variants_ui(input, actions, ui);
                ui.add_space(8.0);
            }
            ui.label(RichText::new("What to watch").strong());
            ui.label(RichText::new(&lesson.watch).size(16.0));
        });
    }
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
