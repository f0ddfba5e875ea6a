//! The sample spec and helpers shared by the unit tests of every submodule.

use std::path::Path;

use crate::error::{Error, Result, SpecError};

use super::{load_str, LoadedSpec};

pub(super) const MINIMAL: &str = "\
openapi: 3.0.3
info:
  title: T
  version: '1'
paths:
  /v2/tasks:
    get:
      operationId: ListTasks
      parameters:
        - name: marker
          in: query
          schema:
            type: string
        - $ref: '#/components/parameters/MaxSize'
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Task'
components:
  parameters:
    MaxSize:
      name: maxSize
      in: query
      schema: {type: integer, minimum: 1}
  schemas:
    Task:
      type: object
      properties:
        id: {type: string, example: {$ref: not-a-ref}}
";

pub(super) fn load_text(text: &str) -> Result<LoadedSpec> {
    load_str(Path::new("spec.yaml"), text)
}

pub(super) fn spec_error(text: &str) -> SpecError {
    match load_text(text) {
        Err(Error::Spec(err)) => *err,
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(_) => panic!("expected an error, the spec loaded"),
    }
}

/// `MINIMAL` with `from` replaced by `to` (which must occur).
pub(super) fn edited(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "{from:?} not in MINIMAL");
    MINIMAL.replacen(from, to, 1)
}
