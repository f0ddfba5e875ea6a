//! `parse-openapi FILE`: reads a JSON OpenAPI document into `openapiv3`
//! types with serde_json and nothing else. `tests/bench-generate.sh` times
//! it beside `taskgen generate` on the same file: the cost of merely reading
//! a spec, which generation is measured against.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: parse-openapi FILE.json");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("parse-openapi: {}: {err}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    match serde_json::from_str::<openapiv3::OpenAPI>(&text) {
        Ok(_) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("parse-openapi: {}: {err}", path.to_string_lossy());
            ExitCode::FAILURE
        }
    }
}
