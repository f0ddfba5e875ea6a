//! Lists tasks with the client `build.rs` generated, against a loopback
//! mock, and prints the decoded response.

use taskgen_build_script_example::mock::Mock;
use taskgen_build_script_example::vod::{AccessKey, Client, ClientConfig, ListTasksResponse};

/// A page of one failed task, as Baidu VOD answers `GET /v2/tasks`.
const PAGE: &str = r#"{
  "data": [{"taskId": "tsk-emeqb9c1kmdd7rns", "type": "WORKFLOW", "status": "FAILED"}],
  "isTruncated": false
}"#;

/// Sends `list_tasks` to a mock answering with [`PAGE`]; returns the
/// request the mock received and the decoded response.
async fn list_tasks_from_mock() -> Result<(String, ListTasksResponse), Box<dyn std::error::Error>> {
    let mock = Mock::serve_once(PAGE)?;
    let config = ClientConfig::new().base_url(&mock.base_url);
    let client = Client::with_access_key(config, AccessKey::new("example-ak", "example-sk"))?;
    let response = client.list_tasks().max_size(10).send().await?;
    Ok((mock.request()?, response))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_, response) = list_tasks_from_mock().await?;
    println!("{response:#?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use taskgen_build_script_example::vod::TaskStatus;

    use super::*;

    #[tokio::test]
    async fn the_included_client_sends_a_signed_request_and_decodes_the_page() {
        let (request, response) = list_tasks_from_mock().await.unwrap();
        assert!(
            request.starts_with("GET /v2/tasks?maxSize=10 HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            request
                .to_ascii_lowercase()
                .contains("authorization: bce-auth-v1/example-ak/"),
            "{request}"
        );
        let tasks = response.data.unwrap();
        assert_eq!(tasks[0].task_id.as_deref(), Some("tsk-emeqb9c1kmdd7rns"));
        assert_eq!(tasks[0].status, Some(TaskStatus::Failed));
        assert_eq!(response.is_truncated, Some(false));
    }
}
