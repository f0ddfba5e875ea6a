//! Generated enums: open ones keep unknown values unchanged, aliases parse to
//! their canonical variant, closed ones reject what they do not know.

use cloud_task_clients::{aliyun_imm, huawei_vias};
use serde_json::json;

#[test]
fn unknown_values_round_trip_unchanged() {
    let status: aliyun_imm::TaskStatus =
        serde_json::from_value(json!("Paused")).expect("open enum");
    assert!(matches!(status, aliyun_imm::TaskStatus::Unknown(_)));
    assert_eq!(status.as_str(), "Paused");
    assert_eq!(status.to_string(), "Paused");
    assert_eq!(
        serde_json::to_value(&status).expect("serializes"),
        json!("Paused")
    );
    assert_eq!(
        "Paused".parse::<aliyun_imm::TaskStatus>(),
        Ok(status.clone())
    );
    assert_ne!(status, aliyun_imm::TaskStatus::Running);
}

#[test]
fn unknown_value_is_not_a_known_variant_in_disguise() {
    // Case matters: `running` is not a declared spelling.
    let status = aliyun_imm::TaskStatus::from("running");
    assert!(matches!(status, aliyun_imm::TaskStatus::Unknown(_)));
}

#[test]
fn aliases_parse_to_the_canonical_variant() {
    let status: aliyun_imm::TaskStatus = serde_json::from_value(json!("RUNNING")).expect("alias");
    assert_eq!(status, aliyun_imm::TaskStatus::Running);
    assert_eq!(
        serde_json::to_value(&status).expect("serializes"),
        json!("Running")
    );
}

#[test]
fn known_values_use_their_wire_spelling() {
    assert_eq!(
        huawei_vias::TaskState::CreateFailed.as_str(),
        "CREATE_FAILED"
    );
    assert_eq!(huawei_vias::DeploymentType::Edge.to_string(), "1");
    let state: huawei_vias::TaskStateFilter = "LACK_OF_RESOURCES".parse().expect("infallible");
    assert_eq!(state, huawei_vias::TaskStateFilter::LackOfResources);
}

#[test]
fn closed_enums_reject_unknown_values() {
    let err = "DESC"
        .parse::<aliyun_imm::SortOrder>()
        .expect_err("closed enum");
    assert_eq!(err.value, "DESC");
    assert_eq!(err.expected, ["ASC", "DES"]);
    let from_json = serde_json::from_value::<aliyun_imm::SortOrder>(json!("DESC"));
    assert!(from_json.is_err());
    assert_eq!(
        "DES".parse::<aliyun_imm::SortOrder>(),
        Ok(aliyun_imm::SortOrder::Des)
    );
}
