//! The `taskgen` command runs on jemalloc with the options `main.rs` gives
//! it: jemalloc prints the options it runs with when told (through its
//! environment variable) to print its statistics at exit.

#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[test]
fn the_command_runs_on_jemalloc_with_its_options() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_taskgen"))
        .arg("--version")
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .expect("taskgen runs");
    assert!(output.status.success());
    let stats = String::from_utf8_lossy(&output.stderr);
    assert!(stats.contains("opt.dirty_decay_ms: 100 "), "{stats}");
    assert!(stats.contains("opt.muzzy_decay_ms: 0 "), "{stats}");
}
