//! The data window's "one file per class" choice: a name and a file for each class ("signal
//! from this file, background from that one"). The first file's columns or branches are the
//! ones offered; the trainer reads every file and keeps the class fractions in each split.

use super::csv_reading::typed_path;
use crate::engine::scene::ClassFile;

/// The most classes the window offers files for.
const MAX_CLASS_FILES: usize = 8;

/// One class: its name (empty: the file's name) and its file as typed.
#[derive(Clone, Debug, Default)]
struct ClassRow {
    name: String,
    path: String,
}

/// Whether the data comes as one file per class, and the files.
#[derive(Debug)]
pub struct ClassFilesChoice {
    /// One file per class (instead of one file with a label column).
    pub on: bool,
    rows: Vec<ClassRow>,
}

impl Default for ClassFilesChoice {
    fn default() -> Self {
        ClassFilesChoice {
            on: false,
            rows: vec![
                ClassRow {
                    name: "background".into(),
                    path: String::new(),
                },
                ClassRow {
                    name: "signal".into(),
                    path: String::new(),
                },
            ],
        }
    }
}

impl ClassFilesChoice {
    /// The first class's file as typed: the file whose columns are offered.
    pub fn first_path(&self) -> &str {
        self.rows.first().map_or("", |r| r.path.as_str())
    }

    /// The classes as a scene names them, or what is missing.
    pub fn classes(&self) -> Result<Vec<ClassFile>, String> {
        self.rows
            .iter()
            .enumerate()
            .map(|(k, row)| {
                if row.path.trim().is_empty() {
                    Err(format!("class {k} needs a file"))
                } else {
                    Ok(ClassFile {
                        name: row.name.trim().to_string(),
                        path: typed_path(&row.path),
                    })
                }
            })
            .collect()
    }

    /// The number of classes.
    pub fn count(&self) -> usize {
        self.rows.len()
    }

    /// The switch, and when on, a name and a file field per class with buttons to add and
    /// remove classes.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        ui.checkbox(&mut self.on, "One file per class")
            .on_hover_text(
                "Signal from one file, background from another (or a file for each of N classes): \
             each file is a class, and the splits keep the class fractions.",
            );
        if !self.on {
            return;
        }
        egui::Grid::new("class-files")
            .num_columns(3)
            .show(ui, |ui| {
                for (k, row) in self.rows.iter_mut().enumerate() {
                    ui.label(format!("Class {k}"));
                    // Each field is named for screen readers (and tests) by its class.
                    let named = |response: egui::Response, name: String| {
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, &name)
                        });
                    };
                    let name = ui
                        .add_sized(
                            [110.0, ui.spacing().interact_size.y],
                            egui::TextEdit::singleline(&mut row.name).hint_text("name"),
                        )
                        .on_hover_text("The class's name (left empty: the file's name).");
                    named(name, format!("Class {k} name"));
                    let file = ui
                        .add(
                            egui::TextEdit::singleline(&mut row.path)
                                .desired_width(320.0)
                                .hint_text("a .csv, .csv.gz or .root file"),
                        )
                        .on_hover_text(format!("The file holding class {k}'s events."));
                    named(file, format!("Class {k} file"));
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let (n, most) = (self.rows.len(), MAX_CLASS_FILES);
            if ui
                .add_enabled(n < most, egui::Button::new("+ class"))
                .on_hover_text("One more class with its own file.")
                .clicked()
            {
                self.rows.push(ClassRow::default());
            }
            if ui
                .add_enabled(n > 2, egui::Button::new("− class"))
                .on_hover_text("Drops the last class.")
                .clicked()
            {
                self.rows.pop();
            }
            ui.label("With two classes the second is the signal (the ROC's positive class).");
        });
    }
}
