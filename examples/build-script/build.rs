//! Generates the Baidu VOD client into `$OUT_DIR/baidu_vod.rs`, which
//! `src/lib.rs` includes.

fn main() {
    if let Err(err) = taskgen::build("../../specs/baidu-vod.yaml") {
        // Display, not Debug: a spec error shows file:line:col and a hint.
        eprintln!("{err}");
        std::process::exit(1);
    }
}
