//! Clients of specs without vendor signing, against a loopback mock
//! server: the fixtures `security.yaml` (every standard scheme, each
//! operation's requirements, server variables) and `responses.yaml`
//! (responses by status, typed error bodies, text and bytes, retries, a
//! relative server URL). The fixtures' expected modules are the code under
//! test, so a golden change is exercised here too.
//!
//! Every test talks only to a server it starts on 127.0.0.1, and never
//! waits on the clock: retry delays are recorded by an injected `Sleep`.

// Only some of each fixture's items are called here.
#![allow(dead_code, unused_imports)]

#[path = "../../runtime/tests/support/mock_server.rs"]
mod mock_server;
#[path = "clients/support.rs"]
mod support;

#[rustfmt::skip]
#[path = "../fixtures/expected/security/mod.rs"]
mod security;
#[rustfmt::skip]
#[path = "../fixtures/expected/responses/mod.rs"]
mod responses;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mock_server::MockResponse;
use support::{path_and_query, Harness};
use taskgen_runtime::{ClientConfig, ConfigError, Error, RetryPolicy};

const PET: &str = r#"{"name":"Rex"}"#;

async fn security_client(
    script: Vec<MockResponse>,
    credentials: impl FnOnce(security::Client) -> security::Client,
) -> Harness<security::Client> {
    Harness::start(
        script,
        |c| c,
        |config| security::Client::new(config).map(credentials),
    )
    .await
}

async fn responses_client(
    script: Vec<MockResponse>,
    tweak: impl FnOnce(ClientConfig) -> ClientConfig,
) -> Harness<responses::Client> {
    Harness::start(script, tweak, |config| {
        responses::Client::new(config).map(|c| c.with_bearer_token("t0k3n"))
    })
    .await
}

fn pet(name: &str) -> security::Pet {
    security::Pet::builder().name(name).build().unwrap()
}

mod security_schemes {
    use super::*;

    #[tokio::test]
    async fn the_spec_requirement_sends_the_bearer_token() {
        let h = security_client(vec![MockResponse::json(200, "[]")], |c| {
            c.with_bearer_token("jwt-SECRET")
        })
        .await;
        let pets = h.client.list_pets().send().await.unwrap();
        assert!(pets.is_empty());
        let request = h.only_request();
        assert_eq!(request.header("authorization"), Some("Bearer jwt-SECRET"));
        assert!(!format!("{:?}", h.client).contains("jwt-SECRET"));
        assert!(h.hook.log().iter().all(|line| !line.contains("jwt-SECRET")));
    }

    #[tokio::test]
    async fn an_empty_security_list_sends_no_credentials() {
        let h = security_client(
            vec![MockResponse::new(200)
                .header("content-type", "text/plain")
                .body("ok")],
            |c| c.with_bearer_token("jwt").with_api_key("k"),
        )
        .await;
        assert_eq!(h.client.get_health().send().await.unwrap(), "ok");
        let request = h.only_request();
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.header("x-api-key"), None);
    }

    #[tokio::test]
    async fn the_first_requirement_the_client_meets_is_used() {
        // `createPet`: an API key, or else basic.
        let h = security_client(vec![MockResponse::json(201, PET)], |c| {
            c.with_basic("Aladdin", "open sesame")
        })
        .await;
        h.client.create_pet().body(pet("Rex")).send().await.unwrap();
        let request = h.only_request();
        assert_eq!(
            request.header("authorization"),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
        assert_eq!(request.header("x-api-key"), None);

        let h = security_client(vec![MockResponse::json(201, PET)], |c| {
            c.with_basic("Aladdin", "open sesame").with_api_key("key-1")
        })
        .await;
        h.client.create_pet().body(pet("Rex")).send().await.unwrap();
        let request = h.only_request();
        assert_eq!(request.header("x-api-key"), Some("key-1"));
        assert_eq!(request.header("authorization"), None);
    }

    #[tokio::test]
    async fn an_and_requirement_applies_both_schemes() {
        let h = security_client(vec![MockResponse::json(200, PET)], |c| {
            c.with_api_key("key-SECRET")
                .with_api_key_session("sess-SECRET")
        })
        .await;
        let pet = h.client.get_pet().pet_id("p1").send().await.unwrap();
        assert_eq!(pet.name, "Rex");
        let request = h.only_request();
        assert_eq!(request.header("x-api-key"), Some("key-SECRET"));
        assert_eq!(request.header("cookie"), Some("SESSIONID=sess-SECRET"));
        let log = h.hook.log().join("\n");
        assert!(!log.contains("SECRET"), "{log}");
    }

    #[tokio::test]
    async fn a_missing_credential_fails_before_anything_is_sent() {
        let h = security_client(vec![MockResponse::json(200, PET)], |c| {
            c.with_api_key("key")
        })
        .await;
        let err = h.client.get_pet().pet_id("p1").send().await.unwrap_err();
        assert!(matches!(err, Error::Credentials(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the operation needs credentials the client was not given: `api_key` and `session`"
        );
        let err = h.client.list_pets().send().await.unwrap_err();
        assert!(err.to_string().ends_with("`bearer`"), "{err}");
        assert!(!err.is_retryable());
        assert_eq!(h.server.request_count(), 0);
    }

    #[tokio::test]
    async fn an_api_key_in_the_query_is_sent_and_never_printed() {
        let h = security_client(vec![MockResponse::json(200, "[]")], |c| {
            c.with_api_key_query_key("qk-SECRET")
        })
        .await;
        h.client.search_pets().q("rex").send().await.unwrap();
        let (path, query) = path_and_query(&h.only_request());
        assert_eq!(path, "/search"); // the base URL replaces the whole server URL
        assert_eq!(
            query,
            [
                ("q".to_string(), "rex".to_string()),
                ("api_key".to_string(), "qk-SECRET".to_string())
            ]
        );
        let log = h.hook.log().join("\n");
        assert!(
            log.contains("api_key") && !log.contains("qk-SECRET"),
            "{log}"
        );
    }

    #[tokio::test]
    async fn a_token_provider_is_asked_before_every_attempt() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let provider = security::token_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Ok(security::Token::new(format!("access-{n}")))
        });
        // DELETE is idempotent: the 503 is retried with a fresh token.
        let h = security_client(vec![MockResponse::new(503), MockResponse::new(204)], |c| {
            c.with_token_provider_oauth(provider)
        })
        .await;
        h.client.delete_pet().pet_id("p1").send().await.unwrap();
        let requests = h.server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].header("authorization"), Some("Bearer access-0"));
        assert_eq!(requests[1].header("authorization"), Some("Bearer access-1"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_optional_requirement_sends_what_the_client_has() {
        let h = security_client(vec![MockResponse::json(200, PET)], |c| c).await;
        h.client.get_me().send().await.unwrap();
        assert_eq!(h.only_request().header("authorization"), None);

        let h = security_client(vec![MockResponse::json(200, PET)], |c| {
            c.with_bearer_token_openid("oidc")
        })
        .await;
        h.client.get_me().send().await.unwrap();
        assert_eq!(
            h.only_request().header("authorization"),
            Some("Bearer oidc")
        );
    }

    #[test]
    fn server_variables_default_and_can_be_overridden() {
        let url = ClientConfig::new()
            .resolve_base_url(&security::SERVICE)
            .unwrap();
        assert_eq!(url.as_str(), "https://api.example.com/v1");
        let url = ClientConfig::new()
            .server_variable("env", "sandbox")
            .server_variable("port", "8443")
            .resolve_base_url(&security::SERVICE)
            .unwrap();
        assert_eq!(url.as_str(), "https://sandbox.example.com:8443/v1");
        let err =
            security::Client::new(ClientConfig::new().server_variable("env", "prod")).unwrap_err();
        assert!(matches!(err, ConfigError::InvalidVariable { .. }), "{err}");
    }
}

mod responses_by_status {
    use super::*;

    #[test]
    fn a_relative_server_needs_a_base_url() {
        let err = responses::Client::new(ClientConfig::new()).unwrap_err();
        assert!(matches!(err, ConfigError::MissingBaseUrl { .. }), "{err}");
        assert!(err.to_string().contains("`/api/v1`"), "{err}");
    }

    #[tokio::test]
    async fn the_relative_server_path_is_joined_to_the_base_url() {
        let h = responses_client(vec![MockResponse::json(200, PET)], |c| c).await;
        let pet = h.client.get_pet().pet_id("p1").send().await.unwrap();
        assert_eq!(pet.name, "Rex");
        let request = h.only_request();
        assert_eq!(request.target, "/api/v1/pets/p1");
        assert_eq!(request.header("authorization"), Some("Bearer t0k3n"));
    }

    #[tokio::test]
    async fn several_success_bodies_decode_into_an_enum() {
        let h = responses_client(
            vec![
                MockResponse::json(201, PET),
                MockResponse::json(202, r#"{"jobId":"j-1"}"#),
            ],
            |c| c,
        )
        .await;
        let body = || responses::Pet::builder().name("Rex").build().unwrap();
        let created = h.client.create_pet().body(body()).send().await.unwrap();
        assert_eq!(
            created,
            responses::operations::create_pet::CreatePetResponse::Created(body())
        );
        let accepted = h.client.create_pet().body(body()).send().await.unwrap();
        let responses::operations::create_pet::CreatePetResponse::Accepted(job) = accepted else {
            panic!("expected Accepted, got {accepted:?}");
        };
        assert_eq!(job.job_id, "j-1");
    }

    #[tokio::test]
    async fn no_content_is_a_variant_or_unit() {
        let h = responses_client(
            vec![
                MockResponse::json(200, PET),
                // A server may send a body with 204 anyway: it is ignored.
                MockResponse::new(204).body("ignored"),
            ],
            |c| c,
        )
        .await;
        let body = || responses::Pet::builder().name("Rex").build().unwrap();
        let updated = h.client.update_pet().pet_id("p1").body(body()).send().await;
        assert_eq!(
            updated.unwrap(),
            responses::operations::update_pet::UpdatePetResponse::Ok(body())
        );
        let updated = h.client.update_pet().pet_id("p1").body(body()).send().await;
        assert_eq!(
            updated.unwrap(),
            responses::operations::update_pet::UpdatePetResponse::NoContent
        );
        let deleted: () = h.client.delete_pet().pet_id("p1").send().await.unwrap();
        assert_eq!(deleted, ());
    }

    #[tokio::test]
    async fn error_bodies_decode_by_status_range_and_default() {
        let h = responses_client(
            vec![
                MockResponse::json(404, r#"{"missing":"p1"}"#),
                MockResponse::json(409, r#"{"title":"conflict","status":409}"#),
                MockResponse::new(500)
                    .header("content-type", "application/problem+json")
                    .body(r#"{"title":"boom"}"#),
            ],
            |c| c.retry_policy(RetryPolicy::disabled()),
        )
        .await;
        let err = h.client.get_pet().pet_id("p1").send().await.unwrap_err();
        assert_eq!(err.status(), Some(404));
        let typed = responses::operations::get_pet::GetPetError::from_error(&err);
        let Some(responses::operations::get_pet::GetPetError::NotFound(not_found)) = typed else {
            panic!("expected NotFound, got {typed:?}");
        };
        assert_eq!(not_found.missing, "p1");

        let err = h.client.get_pet().pet_id("p1").send().await.unwrap_err();
        let typed = responses::operations::get_pet::GetPetError::from_error(&err);
        assert!(
            matches!(&typed, Some(responses::operations::get_pet::GetPetError::ClientError(p)) if p.status == Some(409)),
            "{typed:?}"
        );

        let err = h.client.get_pet().pet_id("p1").send().await.unwrap_err();
        assert_eq!(err.status(), Some(500));
        let typed = responses::operations::get_pet::GetPetError::from_error(&err);
        assert!(
            matches!(&typed, Some(responses::operations::get_pet::GetPetError::Default(p)) if p.title.as_deref() == Some("boom")),
            "{typed:?}"
        );
        // An error that carries no response has no typed body.
        let err = Error::invalid_request("petId", "must not be empty");
        assert_eq!(
            responses::operations::get_pet::GetPetError::from_error(&err),
            None
        );
    }

    #[tokio::test]
    async fn text_and_bytes_bodies() {
        let h = responses_client(
            vec![
                MockResponse::new(200)
                    .header("content-type", "text/plain; charset=utf-8")
                    .body("likes sticks"),
                MockResponse::new(200)
                    .header("content-type", "image/png")
                    .body("\u{89}PNG"),
            ],
            |c| c,
        )
        .await;
        let notes: String = h.client.get_notes().pet_id("p1").send().await.unwrap();
        assert_eq!(notes, "likes sticks");
        let photo: taskgen_runtime::Bytes = h.client.get_photo().pet_id("p1").send().await.unwrap();
        assert_eq!(&photo[..], "\u{89}PNG".as_bytes());
        let requests = h.server.requests();
        assert_eq!(requests[0].header("accept"), Some("text/plain"));
        assert_eq!(requests[1].header("accept"), Some("image/png"));
    }

    #[tokio::test]
    async fn json_under_another_media_type_is_asked_for_as_written() {
        let h = responses_client(
            vec![
                MockResponse::json(200, PET),
                MockResponse::new(200)
                    .header("content-type", "application/vnd.pets.v2+json")
                    .body(r#"["born","adopted"]"#),
            ],
            |c| c,
        )
        .await;
        h.client.get_pet().pet_id("p1").send().await.unwrap();
        let history = h.client.get_history().pet_id("p1").send().await.unwrap();
        assert_eq!(history, ["born", "adopted"]);
        let requests = h.server.requests();
        assert_eq!(requests[0].header("accept"), Some("application/json"));
        assert_eq!(
            requests[1].header("accept"),
            Some("application/vnd.pets.v2+json")
        );
    }

    #[tokio::test]
    async fn a_post_is_not_retried_unless_the_spec_says_so() {
        let h = responses_client(
            vec![MockResponse::new(503), MockResponse::json(201, PET)],
            |c| c,
        )
        .await;
        let body = responses::Pet::builder().name("Rex").build().unwrap();
        let err = h.client.create_pet().body(body).send().await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        assert_eq!(h.server.request_count(), 1);
        assert!(h.sleep.delays().is_empty());

        // `startJob` is a POST with `x-taskgen-idempotent: true`.
        let h = responses_client(
            vec![
                MockResponse::new(503),
                MockResponse::json(200, r#"{"id":"j"}"#),
            ],
            |c| c,
        )
        .await;
        let started = h.client.start_job().send().await.unwrap();
        assert_eq!(started.id.as_deref(), Some("j"));
        assert_eq!(h.server.request_count(), 2);
        assert_eq!(h.sleep.delays().len(), 1);
    }
}
