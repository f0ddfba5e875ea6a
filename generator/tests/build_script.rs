//! `taskgen::build_with_overlays`, as a `build.rs` calls it: the overlays
//! change the one file written under `OUT_DIR`. Alone in its test binary,
//! since it sets `OUT_DIR` for the whole process.

use std::fs;

const SPEC: &str = "\
openapi: 3.0.3
info: {title: Tasks, version: '1'}
servers: [{url: 'https://tasks.example.com'}]
paths:
  /tasks:
    get:
      operationId: ListTasks
      parameters:
        - {name: pageToken, in: query, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  nextPageToken: {type: string}
";

const OVERLAY: &str = "\
overlay: 1.0.0
info: {title: Paging, version: '1'}
actions:
  - target: $.paths['/tasks'].get
    update:
      x-taskgen-pagination:
        style: next-token
        request: {cursor: pageToken}
        response: {items: items, next-cursor: nextPageToken}
        stop: token-absent-or-empty
";

#[test]
fn overlays_apply_to_the_build_script_file() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let spec = dir.path().join("tasks.yaml");
    let overlay = dir.path().join("paging.yaml");
    fs::write(&spec, SPEC).unwrap();
    fs::write(&overlay, OVERLAY).unwrap();
    std::env::set_var("OUT_DIR", dir.path());

    let plain = fs::read_to_string(taskgen::build(&spec).expect("builds")).unwrap();
    assert!(!plain.contains("fn into_paginator"), "{plain}");
    let written =
        taskgen::build_with_overlays(&spec, std::slice::from_ref(&overlay)).expect("builds");
    assert_eq!(written, dir.path().join("tasks.rs"));
    let paged = fs::read_to_string(&written).unwrap();
    assert!(paged.contains("fn into_paginator"), "{paged}");

    fs::write(&overlay, OVERLAY.replace("$.paths['/tasks']", "$.paths[")).unwrap();
    let err = taskgen::build_with_overlays(&spec, &[overlay]).unwrap_err();
    assert!(err.to_string().contains("paging.yaml"), "{err}");
}
