//! The keyboard: Space play/pause, S or Right step, R reset, P presenter mode, F11 fullscreen,
//! Ctrl +/-/0 zoom.

use super::panel::{Action, Actions, PanelInput};
use crate::worker::Command;
use egui::{Key, KeyboardShortcut, Modifiers};

/// Turns this frame's key presses into actions (none while a text field has the keyboard).
pub fn read(ctx: &egui::Context, input: &PanelInput<'_>, actions: &mut Actions) {
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    let zoom_in = KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus);
    let zoom_in_equals = KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals);
    let zoom_out = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
    let zoom_reset = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
    let mut zoom = None;
    let (mut toggle, mut step, mut reset, mut fullscreen) = (false, false, false, false);
    let mut presenter = false;
    ctx.input_mut(|i| {
        if i.consume_shortcut(&zoom_in) || i.consume_shortcut(&zoom_in_equals) {
            zoom = Some(input.prefs.zoom + 0.25);
        }
        if i.consume_shortcut(&zoom_out) {
            zoom = Some(input.prefs.zoom - 0.25);
        }
        if i.consume_shortcut(&zoom_reset) {
            zoom = Some(1.0);
        }
        toggle = i.consume_key(Modifiers::NONE, Key::Space);
        step = i.consume_key(Modifiers::NONE, Key::S)
            || i.consume_key(Modifiers::NONE, Key::ArrowRight);
        reset = i.consume_key(Modifiers::NONE, Key::R);
        fullscreen = i.consume_key(Modifiers::NONE, Key::F11);
        presenter = i.consume_key(Modifiers::NONE, Key::P);
    });
    if zoom.is_some() || presenter {
        let mut prefs = input.prefs.clone();
        if let Some(z) = zoom {
            prefs.set_zoom(z);
        }
        prefs.presenting ^= presenter;
        actions.push(Action::Preferences(prefs));
    }
    if toggle {
        actions.send(if input.snapshot.playing {
            Command::Pause
        } else {
            Command::Play
        });
    }
    if step {
        actions.send(Command::Step);
    }
    if reset {
        actions.send(Command::Reset);
    }
    if fullscreen {
        let now = ctx.input(|i| i.viewport().fullscreen.unwrap_or(false));
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(!now));
    }
}
