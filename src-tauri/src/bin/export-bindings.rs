//! Regenerates `ui/src/ipc/bindings.ts` from the commands.
fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(segue_studio_lib::BINDINGS_PATH);
    segue_studio_lib::export_bindings(&path).expect("export bindings");
    println!("wrote {}", path.display());
}
