//! The generated clients (`cloud_task_clients`) against loopback mock
//! servers: for every operation of every spec, the request on the wire
//! (method, path, query, signing headers), the seed sample response decoded
//! into the typed response, and the vendor's error body as `Error::Api`;
//! per vendor, validation before sending, retries, timeouts, undecodable
//! bodies and redaction of secrets.
//!
//! Every test talks only to a server it starts on 127.0.0.1, and never
//! waits on the clock: retry delays are recorded by an injected `Sleep`.
//!
//! Layout: `clients/support.rs` (harness and assertions),
//! `clients/scenarios.rs` (behaviour shared by all clients, run from each
//! vendor module), and one module per spec.

/// The runtime's scripted HTTP server, shared rather than copied.
#[path = "../../runtime/tests/support/mock_server.rs"]
mod mock_server;

#[path = "clients/scenarios.rs"]
mod scenarios;
#[path = "clients/support.rs"]
mod support;

/// `specs/aliyun-imm.yaml`: ListTasks, GetTask, ListBatches.
#[path = "clients/imm.rs"]
mod imm;
/// `specs/huawei-vias.yaml`: ListTasks.
#[path = "clients/vias.rs"]
mod vias;
/// `specs/baidu-vod.yaml`: ListTasks.
#[path = "clients/vod.rs"]
mod vod;
