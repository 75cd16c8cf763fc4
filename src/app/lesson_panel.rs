//! The lesson panel: the chosen preset's title, course and chapter, the text to read aloud, and
//! what to watch.

use super::PlaygroundApp;
use egui::RichText;

/// Draws the lesson panel.
pub fn ui(app: &mut PlaygroundApp, ui: &mut egui::Ui) {
    let lesson = &app.scene.lesson;
    ui.horizontal(|ui| {
        ui.heading("Lesson");
        if ui
            .small_button("Hide")
            .on_hover_text("Hides the lesson panel (View menu brings it back).")
            .clicked()
        {
            app.prefs.show_lesson = false;
        }
    });
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
        ui.label(RichText::new("What to watch").strong());
        ui.label(RichText::new(&lesson.watch).size(16.0));
    });
}
