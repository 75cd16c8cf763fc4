//! The lesson panel: the chosen preset's title, course and chapter, the text to read aloud,
//! the settings to compare (one click each), and what to watch.

use super::PlaygroundApp;
use crate::worker::Command;
use egui::RichText;

/// Draws the lesson panel.
pub fn ui(app: &mut PlaygroundApp, ui: &mut egui::Ui) {
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
    let lesson = app.scene.lesson.clone();
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
            variants_ui(app, ui);
            ui.add_space(8.0);
        }
        ui.label(RichText::new("What to watch").strong());
        ui.label(RichText::new(&lesson.watch).size(16.0));
    });
}

/// One switch per lesson variant; the active one is highlighted. Switching restarts training
/// with the variant's settings, and keeps playing if it was.
fn variants_ui(app: &mut PlaygroundApp, ui: &mut egui::Ui) {
    ui.label(RichText::new("Compare").strong());
    let error_id = egui::Id::unique("lesson-variant-error");
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        for (index, variant) in app.scene.lesson.variants.iter().enumerate() {
            let active = app.scene.variant_is_active(index);
            if ui
                .selectable_label(active, RichText::new(&variant.label).size(16.0))
                .on_hover_text("Restarts training with this setting.")
                .clicked()
            {
                chosen = Some(index);
            }
        }
    });
    if let Some(message) = ui.data(|d| d.get_temp::<String>(error_id)) {
        ui.colored_label(ui.visuals().error_fg_color, message);
    }
    let Some(index) = chosen else { return };
    match app.scene.with_variant(index) {
        Ok(scene) => {
            let was_playing = app.playing();
            let label = app.scene.lesson.variants[index].label.clone();
            let anchor = app.anchor.clone();
            app.load(scene, anchor, format!("\"{label}\": training restarted"));
            if was_playing {
                app.send(Command::Play);
            }
            ui.data_mut(|d| d.remove::<String>(error_id));
        }
        Err(message) => {
            ui.data_mut(|d| d.insert_temp(error_id, message));
        }
    }
}
