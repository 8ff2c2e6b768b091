//! Tauri's build step: generates the context (config, icons, capabilities) the shell embeds.

fn main() {
    tauri_build::build()
}
