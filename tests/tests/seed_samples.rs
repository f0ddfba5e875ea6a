//! Every seed document's sample response deserializes into the generated
//! response type, and re-serializes to equal JSON: no field lost or altered.

use cloud_task_clients::{aliyun_imm, baidu_vod, huawei_vias};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use taskgen_tests::{SeedSample, SEED_SAMPLES};

fn sample(seed: &str) -> &'static SeedSample {
    SEED_SAMPLES
        .iter()
        .find(|s| s.seed == seed)
        .expect("known seed")
}

/// Parses the sample from its verbatim text, checks the round trip, and
/// returns the typed value for further checks.
fn round_trip<T: DeserializeOwned + Serialize>(seed: &str) -> T {
    let sample = sample(seed);
    let typed: T = serde_json::from_str(&sample.text())
        .unwrap_or_else(|err| panic!("seed {seed} does not deserialize: {err}"));
    let again = serde_json::to_value(&typed).expect("serializes");
    assert_eq!(
        again,
        sample.json(),
        "seed {seed} changed in the round trip"
    );
    typed
}

#[test]
fn imm_list_tasks_keeps_string_max_results_and_numeric_tags() {
    let response: aliyun_imm::ListTasksResponse = round_trip("000");
    assert_eq!(response.max_results.as_deref(), Some("1"));
    let task = &response.tasks.as_ref().expect("tasks")[0];
    assert_eq!(task.status, Some(aliyun_imm::TaskStatus::Running));
    assert_eq!(
        task.task_type,
        Some(aliyun_imm::TaskType::VideoLabelClassification)
    );
    let tags = task.tags.as_ref().expect("tags");
    assert_eq!(tags["test2"], Value::from(1));
    assert_eq!(tags["test"], Value::from("test"));
}

#[test]
fn imm_get_task() {
    let response: aliyun_imm::GetTaskResponse = round_trip("001");
    assert_eq!(response.progress, Some(100));
    assert_eq!(response.status, Some(aliyun_imm::TaskStatus::Running));
}

#[test]
fn imm_list_batches() {
    let response: aliyun_imm::ListBatchesResponse = round_trip("002");
    let batch = &response.batches.as_ref().expect("batches")[0];
    assert_eq!(batch.state, Some(aliyun_imm::BatchState::Succeeded));
    assert_eq!(
        batch.statistic.as_ref().and_then(|s| s.submit_success),
        Some(10)
    );
}

#[test]
fn vod_list_tasks() {
    let response: baidu_vod::ListTasksResponse = round_trip("003");
    assert_eq!(response.is_truncated, Some(false));
    let data = response.data.expect("data");
    assert_eq!(data[0].status, Some(baidu_vod::TaskStatus::Failed));
    assert_eq!(data[1].r#type, Some(baidu_vod::TaskType::Preset));
}

#[test]
fn vias_list_tasks() {
    let response: huawei_vias::ListTasksResponse = round_trip("004");
    assert_eq!(response.count, Some(2));
    let tasks = response.tasks.expect("tasks");
    assert_eq!(tasks[0].state, Some(huawei_vias::TaskState::Pending));
    assert_eq!(tasks[0].r#type, Some(huawei_vias::DeploymentType::Cloud));
    assert_eq!(tasks[0].created_at.as_deref(), Some("1686034773024"));
}
