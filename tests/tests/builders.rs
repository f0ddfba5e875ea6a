//! Builders of the generated structs, used as another crate uses them (the
//! structs are `#[non_exhaustive]`, so builders are the way to make one):
//! they set exactly the fields asked for, refuse to build without a
//! required field, and never print a secret.

use cloud_task_clients::{aliyun_imm, huawei_vias};
use serde_json::json;

#[test]
fn a_built_response_equals_the_decoded_one() {
    let built = huawei_vias::TaskInfoDto::builder()
        .id("task-1")
        .state(huawei_vias::TaskState::Running)
        .error(
            huawei_vias::TaskError::builder()
                .code("VIAS.0001")
                .build()
                .expect("no required field"),
        )
        .build()
        .expect("no required field");
    let decoded: huawei_vias::TaskInfoDto = serde_json::from_value(json!({
        "id": "task-1",
        "state": "RUNNING",
        "error": {"code": "VIAS.0001"},
    }))
    .expect("decodes");
    assert_eq!(built, decoded);
    assert_eq!(built.name, None);
}

#[test]
fn building_without_a_required_field_names_it() {
    let err = aliyun_imm::operations::get_task::GetTaskRequest::builder()
        .project_name("my-project")
        .task_id("task-1")
        .build()
        .expect_err("task_type is required");
    assert_eq!((err.type_name, err.field), ("GetTaskRequest", "task_type"));
    assert_eq!(
        err.to_string(),
        "cannot build `GetTaskRequest`: required field `task_type` is not set"
    );

    let request = aliyun_imm::operations::get_task::GetTaskRequest::builder()
        .project_name("my-project")
        .task_id("task-1")
        .task_type(aliyun_imm::TaskType::FaceClustering)
        .build()
        .expect("every required field is set");
    assert_eq!(request.task_type, aliyun_imm::TaskType::FaceClustering);
    assert_eq!(request.request_definition, None);
    request.validate().expect("within the spec's bounds");
}

#[test]
fn a_builder_never_prints_a_secret() {
    let builder = huawei_vias::TaskInputVcn::builder()
        .username("operator")
        .password("hunter2");
    let printed = format!("{builder:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(printed.contains("<redacted>"), "{printed}");
    assert!(printed.contains("operator"), "{printed}");
}
