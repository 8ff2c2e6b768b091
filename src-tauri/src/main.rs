//! The studio's executable: everything is in the library crate.

// Keeps a console window from opening beside the studio on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    segue_studio_lib::run()
}
