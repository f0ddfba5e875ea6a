//! Pagination benchmark: `cargo bench -p taskgen-tests --bench pagination`.
//!
//! Prints two lines on stdout (details go to stderr):
//!
//! - `pagination overhead: X.XX`: the generated IMM client's
//!   `list_tasks().into_paginator()?.items()`, drained over 1,000 pages of
//!   10 tasks, divided by a hand-written reqwest + serde_json loop over the
//!   same pages that decodes them into the same types (target: at most
//!   1.05).
//! - `prefetch speedup: X.XX`: 200 pages with 1 ms of server latency and
//!   1 ms of consumer work per page, without prefetch divided by
//!   `prefetch(1)` (target: at least 1.6).
//!
//! No assertion is made on time; the bench only prints.
//!
//! # Method
//!
//! A `harness = false` bench rather than criterion or divan: the figures
//! wanted are ratios of variants measured in the same run, which those
//! harnesses print only as separate absolute timings, and each variant here
//! is a whole pagination (about 0.1 to 0.5 s), so a harness's per-iteration
//! machinery buys nothing, and no dependency is added for it. Every round
//! runs each variant once, back to back, the first variant moving on by one
//! each round (AB, BA, ... or ABC, BCA, CAB, ...). Each figure is the
//! median, over an odd number of rounds, of the two variants' ratio within
//! a round: load that drifts over seconds (this project's 2-core VMs have
//! noisy neighbours) hits both sides of a round alike and cancels, and the
//! median ignores the rounds a preemption spoils. One unmeasured warm-up round runs first (connections, allocator,
//! caches). The bench takes about 30 s on 2 cores; the machine should be
//! otherwise idle (the load average is printed first): a parallel build or
//! test run moves the figures by tens of percent.
//!
//! # Overhead
//!
//! Both variants sign every request with the runtime's real `Acs3Signer`
//! (the generated client through `Client::with_access_key`; the
//! hand-written loop calls `Signer::sign` itself with the same headers), so
//! both pay for signing. Both send the same query in the same order
//! (`Action`, `Version`, `ProjectName`, `NextToken`, `MaxResults`) and the
//! same headers, over a `reqwest::Client` set up as the runtime's
//! `Transport` sets it up (plain http, one kept-alive connection, the same
//! timeouts, no redirects, no proxy), on the same current-thread runtime,
//! and both read the whole body before decoding it into the generated
//! `ListTasksResponse`, so the ratio is the cost of the paginator and the
//! runtime's transport. A third variant, printed on stderr only, is the
//! same loop decoding a minimal struct (token, task id, status): against
//! it, the paginator also pays for decoding every field of `TaskInfo`
//! (about 5% more).
//!
//! The server is a minimal HTTP/1.1 keep-alive server on 127.0.0.1 running
//! on plain threads (one per connection), outside the client's tokio
//! runtime, so it does not compete with the client for the runtime's
//! scheduler, and its artificial latency is a `std::thread::sleep`, which
//! Linux keeps within about 0.1 ms of 1 ms (tokio's timer rounds up to its
//! next millisecond tick). Every response is rendered before the
//! measurement; per request the server only checks what was sent (path,
//! query, an ACS3 `Authorization` header) and writes the prepared bytes. A
//! request it does not expect gets a 400, which fails the run (retries are
//! disabled).
//!
//! # Prefetch
//!
//! The consumer's 1 ms of work per page is a busy loop until 1 ms of
//! wall-clock time has passed: exact without relying on any timer's
//! resolution, and CPU work as a real consumer's processing would be. The
//! consumer runs in `block_on` (as under `#[tokio::main]`) on a
//! multi-threaded runtime with one worker, where the prefetch task runs
//! meanwhile: with the busy consumer thread, one thread per core of the
//! 2-core machines this project runs on. (With tokio's default of one
//! worker per core, three client threads share two cores and the speedup
//! varies from run to run between about 1.0 and 1.3.) A diagnostic on
//! stderr runs the same consumer as a task spawned on a default runtime,
//! as a server handler would: its busy loop holds the worker it runs on,
//! and the paginator's hand-over yield (`runtime/src/paginate/prefetch.rs`)
//! is what lets the prefetch task send its request meanwhile (speedup about
//! 1.5 to 1.6; about 0.8 without that yield).
//!
//! Run without `--bench` (e.g. `cargo test --benches`), the binary only
//! checks, with a few pages, that every variant works, and prints no figure.

use std::future::Future;
use std::hint::black_box;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use cloud_task_clients::aliyun_imm::{Client, ClientConfig, ListTasksResponse, RetryPolicy};
use futures_util::TryStreamExt;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use taskgen_runtime::credentials::AccessKey;
use taskgen_runtime::sign::{Acs3Signer, SignableRequest, Signer};
use tokio::runtime::Runtime;

const PROJECT: &str = "immtest";
const TASKS_PER_PAGE: usize = 10;
const ACTION: &str = "ListTasks";
const VERSION: &str = "2020-09-30";
/// Page `n` starts at token `TOKEN_PREFIX` + `n` (6 digits); the prefix is
/// the start of the seed sample's token.
const TOKEN_PREFIX: &str = "MTIzNDU2Nzg6aW1tdGVzdDp";

/// Sizes of one run of the bench.
struct Plan {
    /// Pages and rounds of the overhead comparison.
    overhead_pages: usize,
    overhead_rounds: usize,
    /// Pages and rounds of the prefetch comparison, and rounds of its
    /// spawned-consumer diagnostic.
    prefetch_pages: usize,
    prefetch_rounds: usize,
    spawned_rounds: usize,
    warm_up: bool,
    /// Server latency and consumer work per page (prefetch comparison).
    latency: Duration,
    work: Duration,
}

const MEASURE: Plan = Plan {
    overhead_pages: 1_000,
    overhead_rounds: 31,
    prefetch_pages: 200,
    prefetch_rounds: 9,
    spawned_rounds: 5,
    warm_up: true,
    latency: Duration::from_millis(1),
    work: Duration::from_millis(1),
};

/// Without `--bench`: does every variant work at all?
const SMOKE: Plan = Plan {
    overhead_pages: 20,
    overhead_rounds: 1,
    prefetch_pages: 5,
    prefetch_rounds: 1,
    spawned_rounds: 1,
    warm_up: false,
    latency: Duration::from_millis(1),
    work: Duration::from_millis(1),
};

fn main() {
    let measuring = std::env::args().any(|arg| arg == "--bench");
    let plan = if measuring { MEASURE } else { SMOKE };
    let started = Instant::now();
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        eprintln!(
            "pagination bench: load average {} (figures need an idle machine)",
            load.join(" ")
        );
    }
    let template = seed_task();
    let overhead = measure_overhead(&plan, &template);
    let speedup = measure_prefetch(&plan, &template);
    if measuring {
        println!("pagination overhead: {overhead:.2}");
        println!("prefetch speedup: {speedup:.2}");
        eprintln!("pagination bench: {:.1} s", started.elapsed().as_secs_f64());
    } else {
        println!("pagination bench: smoke run passed (`cargo bench` measures)");
    }
}

/// Paginator time over the time of a hand-written loop decoding the same
/// types, no latency. Also reports (stderr) the loop decoding a minimal
/// struct, which adds the cost of typed decoding.
fn measure_overhead(plan: &Plan, template: &Value) -> f64 {
    let pages = plan.overhead_pages;
    let server = PageServer::start(template, pages, Duration::ZERO);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = imm_client(&server);
    let hand = HandClient::new(&server);
    let items = pages * TASKS_PER_PAGE;
    let times = rotate(
        plan.overhead_rounds,
        plan.warm_up,
        &mut [
            &mut || time_run(&runtime, items, paginator_run(&client)),
            &mut || {
                time_run(
                    &runtime,
                    items,
                    hand_written_run::<ListTasksResponse>(&hand),
                )
            },
            &mut || time_run(&runtime, items, hand_written_run::<MinimalPage>(&hand)),
        ],
    );
    let runs = plan.overhead_rounds + usize::from(plan.warm_up);
    assert_eq!(server.requests(), 3 * runs * pages, "requests served");
    report(
        &format!(
            "{pages} pages x {TASKS_PER_PAGE} tasks, no latency, {} rounds",
            plan.overhead_rounds
        ),
        &[
            ("paginator items()", &times[0]),
            ("hand-written loop", &times[1]),
            ("hand-written, minimal struct", &times[2]),
        ],
    );
    eprintln!(
        "  paginator / hand-written decoding a minimal struct: {:.2}",
        ratio(&times[0], &times[2])
    );
    ratio(&times[0], &times[1])
}

/// Time without prefetch over time with `prefetch(1)`, the consumer in
/// `block_on` beside one runtime worker. Also reports (stderr) the same with
/// the consumer spawned on a worker of a default runtime.
fn measure_prefetch(plan: &Plan, template: &Value) -> f64 {
    let pages = plan.prefetch_pages;
    let items = pages * TASKS_PER_PAGE;
    let work = plan.work;
    let server = PageServer::start(template, pages, plan.latency);
    let setting = format!(
        "{pages} pages, {:?} server latency and {:?} consumer work per page",
        plan.latency, plan.work
    );

    // One worker: with the busy consumer thread, one thread per core.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = imm_client(&server);
    let times = rotate(
        plan.prefetch_rounds,
        plan.warm_up,
        &mut [
            &mut || time_run(&runtime, items, working_run(&client, 0, work)),
            &mut || time_run(&runtime, items, working_run(&client, 1, work)),
        ],
    );
    report(
        &format!(
            "{setting}, consumer in block_on + 1 worker, {} rounds",
            plan.prefetch_rounds
        ),
        &[("no prefetch", &times[0]), ("prefetch(1)", &times[1])],
    );
    drop(runtime);

    // The consumer's busy loop holds the worker it runs on.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let client = imm_client(&server);
    let spawned = |ahead: usize| {
        let client = client.clone();
        let consumer = tokio::spawn(async move { working_run(&client, ahead, work).await });
        async move { consumer.await.expect("consumer task") }
    };
    let spawned_times = rotate(
        plan.spawned_rounds,
        plan.warm_up,
        &mut [
            &mut || time_run(&runtime, items, async { spawned(0).await }),
            &mut || time_run(&runtime, items, async { spawned(1).await }),
        ],
    );
    report(
        &format!(
            "{setting}, consumer spawned on a default runtime, {} rounds",
            plan.spawned_rounds
        ),
        &[
            ("no prefetch", &spawned_times[0]),
            ("prefetch(1)", &spawned_times[1]),
        ],
    );
    eprintln!(
        "  speedup with the consumer spawned: {:.2}",
        ratio(&spawned_times[0], &spawned_times[1])
    );

    let runs = plan.prefetch_rounds + plan.spawned_rounds + 2 * usize::from(plan.warm_up);
    assert_eq!(server.requests(), 2 * runs * pages, "requests served");
    ratio(&times[0], &times[1])
}

// ---------------------------------------------------------------------------
// The measured variants.

fn imm_client(server: &PageServer) -> Client {
    let config = ClientConfig::new()
        .base_url(server.url())
        .retry_policy(RetryPolicy::disabled());
    Client::with_access_key(config, access_key()).expect("IMM client")
}

fn access_key() -> AccessKey {
    AccessKey::new("bench-access-key-id", "bench-access-key-secret")
}

/// The generated client's paginator, every item consumed.
async fn paginator_run(client: &Client) -> usize {
    let mut items = client
        .list_tasks()
        .project_name(PROJECT)
        .max_results(TASKS_PER_PAGE as i64)
        .into_paginator()
        .expect("valid request")
        .items();
    let mut count = 0;
    while let Some(task) = items.try_next().await.expect("every page arrives") {
        count += 1;
        black_box(&task.task_id);
    }
    count
}

/// Pages (prefetching `ahead`) with `work` of busy CPU per page.
async fn working_run(client: &Client, ahead: usize, work: Duration) -> usize {
    let mut pages = client
        .list_tasks()
        .project_name(PROJECT)
        .max_results(TASKS_PER_PAGE as i64)
        .into_paginator()
        .expect("valid request")
        .prefetch(ahead)
        .pages();
    let mut count = 0;
    while let Some(page) = pages.try_next().await.expect("every page arrives") {
        count += page.tasks.map_or(0, |tasks| tasks.len());
        busy(work);
    }
    count
}

/// Spins until `duration` of wall-clock time has passed.
fn busy(duration: Duration) {
    let start = Instant::now();
    while start.elapsed() < duration {
        std::hint::spin_loop();
    }
}

/// A page as the hand-written loop decodes it.
trait HandPage: DeserializeOwned {
    /// Counts the page's items (touching each) and returns the next token.
    fn consume(self, count: &mut usize) -> Option<String>;
}

/// The least a page's consumer needs decoded (diagnostic variant).
#[derive(Deserialize)]
struct MinimalPage {
    #[serde(rename = "NextToken")]
    next_token: Option<String>,
    #[serde(rename = "Tasks", default)]
    tasks: Vec<MinimalTask>,
}

#[derive(Deserialize)]
struct MinimalTask {
    #[serde(rename = "TaskId")]
    task_id: String,
    #[serde(rename = "Status")]
    status: String,
}

impl HandPage for MinimalPage {
    fn consume(self, count: &mut usize) -> Option<String> {
        for task in &self.tasks {
            *count += 1;
            black_box((&task.task_id, &task.status));
        }
        self.next_token
    }
}

/// The generated client's own page type, as the paginator decodes it.
impl HandPage for ListTasksResponse {
    fn consume(self, count: &mut usize) -> Option<String> {
        for task in self.tasks.unwrap_or_default() {
            *count += 1;
            black_box(&task.task_id);
        }
        self.next_token
    }
}

/// reqwest set up as `taskgen_runtime::Transport` sets it up, and the
/// same signer.
struct HandClient {
    http: reqwest::Client,
    base_url: String,
    host: String,
    signer: Acs3Signer,
}

impl HandClient {
    fn new(server: &PageServer) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .expect("reqwest client");
        HandClient {
            http,
            base_url: server.url(),
            host: server.addr.to_string(),
            signer: Acs3Signer::new(access_key()),
        }
    }
}

/// RFC 3986 unreserved characters stay, as the runtime encodes queries.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The same requests as the paginator, written out by hand, each page
/// decoded as `P`.
async fn hand_written_run<P: HandPage>(client: &HandClient) -> usize {
    let mut token: Option<String> = None;
    let mut count = 0;
    loop {
        let mut query = vec![
            ("Action".to_string(), ACTION.to_string()),
            ("Version".to_string(), VERSION.to_string()),
            ("ProjectName".to_string(), PROJECT.to_string()),
        ];
        if let Some(token) = &token {
            query.push(("NextToken".to_string(), token.clone()));
        }
        query.push(("MaxResults".to_string(), TASKS_PER_PAGE.to_string()));
        let mut headers = vec![
            ("x-acs-action".to_string(), ACTION.to_string()),
            ("x-acs-version".to_string(), VERSION.to_string()),
            (
                "user-agent".to_string(),
                taskgen_runtime::DEFAULT_USER_AGENT.to_string(),
            ),
            ("accept".to_string(), "application/json".to_string()),
        ];
        let mut signable = SignableRequest {
            method: "POST",
            host: &client.host,
            path: "/",
            query: &query,
            headers: &mut headers,
            body: &[],
        };
        client
            .signer
            .sign(&mut signable, SystemTime::now())
            .expect("signing");

        let mut url = format!("{}/?", client.base_url);
        for (i, (key, value)) in query.iter().enumerate() {
            if i > 0 {
                url.push('&');
            }
            url.extend(utf8_percent_encode(key, COMPONENT));
            url.push('=');
            url.extend(utf8_percent_encode(value, COMPONENT));
        }
        let mut request = client.http.post(url);
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let body = response.bytes().await.expect("response body");
        assert!(status.is_success(), "{status}: {body:?}");
        let page: P = serde_json::from_slice(&body).expect("a page");
        match page.consume(&mut count) {
            Some(next) if !next.is_empty() => token = Some(next),
            _ => return count,
        }
    }
}

// ---------------------------------------------------------------------------
// Timing and statistics.

/// Wall-clock time of one run; checks that it saw every item.
fn time_run(runtime: &Runtime, items: usize, run: impl Future<Output = usize>) -> Duration {
    let start = Instant::now();
    let count = runtime.block_on(run);
    let elapsed = start.elapsed();
    assert_eq!(count, items, "items seen");
    elapsed
}

/// Runs each variant once per round, the round's first variant moving on
/// by one each round (ABC, BCA, CAB, ...), after an unmeasured warm-up
/// round if asked. Returns each variant's times.
fn rotate(
    rounds: usize,
    warm_up: bool,
    variants: &mut [&mut dyn FnMut() -> Duration],
) -> Vec<Vec<Duration>> {
    if warm_up {
        for variant in variants.iter_mut() {
            variant();
        }
    }
    let n = variants.len();
    let mut times = vec![Vec::with_capacity(rounds); n];
    for round in 0..rounds {
        for i in 0..n {
            let which = (round + i) % n;
            times[which].push(variants[which]());
        }
    }
    times
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// The median of the per-round ratios `numerator[r] / denominator[r]`.
fn ratio(numerator: &[Duration], denominator: &[Duration]) -> f64 {
    let mut ratios: Vec<f64> = numerator
        .iter()
        .zip(denominator)
        .map(|(n, d)| n.as_secs_f64() / d.as_secs_f64())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn report(what: &str, variants: &[(&str, &[Duration])]) {
    eprintln!("pagination bench: {what}");
    for (name, times) in variants {
        let min = times.iter().min().copied().unwrap_or_default();
        let max = times.iter().max().copied().unwrap_or_default();
        eprintln!(
            "  {name:<30} median {:8.2} ms (min {:.2}, max {:.2})",
            ms(median(times)),
            ms(min),
            ms(max)
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

// ---------------------------------------------------------------------------
// The loopback server.

/// The seed sample's task (`tests/seed-samples/000-aliyun-imm-list-tasks.json`).
fn seed_task() -> Value {
    let path = taskgen_tests::repo_root().join("tests/seed-samples/000-aliyun-imm-list-tasks.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    let sample: Value = serde_json::from_str(&text).expect("seed sample is JSON");
    sample["Tasks"][0].clone()
}

fn token(page: usize) -> String {
    format!("{TOKEN_PREFIX}{page:06}")
}

/// HTTP/1.1 response for page `page` (0-based) of `pages`: the seed's task
/// ten times over, each with its own id and a status; `NextToken` absent
/// on the last page.
fn render_page(template: &Value, page: usize, pages: usize) -> Vec<u8> {
    let statuses = ["Succeeded", "Running", "Failed"];
    let tasks: Vec<Value> = (0..TASKS_PER_PAGE)
        .map(|i| {
            let mut task = template.clone();
            task["TaskId"] = Value::from(format!("c2b277b9-0d30-4882-{page:04}-ad661382{i:04}"));
            task["Status"] = Value::from(statuses[(page + i) % statuses.len()]);
            task
        })
        .collect();
    let request_id = format!("9847E7D0-A9A3-0053-84C6-{page:012}");
    let mut body = serde_json::json!({
        "RequestId": request_id,
        "ProjectName": PROJECT,
        "MaxResults": TASKS_PER_PAGE.to_string(),
        "Tasks": tasks,
    });
    if page + 1 < pages {
        body["NextToken"] = Value::from(token(page + 1));
    }
    let body = serde_json::to_vec(&body).expect("page serializes");
    let mut response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=utf-8\r\n\
         x-acs-request-id: {request_id}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    response
}

/// Serves IMM `ListTasks` pages over kept-alive connections, one thread per
/// connection, waiting `latency` before each answer. Its threads end with
/// the process.
struct PageServer {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl PageServer {
    fn start(template: &Value, pages: usize, latency: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let responses: Arc<Vec<Vec<u8>>> = Arc::new(
            (0..pages)
                .map(|page| render_page(template, page, pages))
                .collect(),
        );
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let responses = responses.clone();
                let counter = counter.clone();
                std::thread::spawn(move || serve(stream, &responses, &counter, latency));
            }
        });
        PageServer { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(mut stream: TcpStream, responses: &[Vec<u8>], counter: &AtomicUsize, latency: Duration) {
    let _ = stream.set_nodelay(true);
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos + 4;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
        let request_end = head_end + content_length(&head);
        while buffer.len() < request_end {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..request_end);

        counter.fetch_add(1, Ordering::SeqCst);
        let written = match page_index(&head, responses.len()) {
            Ok(page) => {
                if !latency.is_zero() {
                    std::thread::sleep(latency);
                }
                stream.write_all(&responses[page])
            }
            Err(problem) => {
                let body = serde_json::json!({
                    "RequestId": "bench",
                    "Code": "InvalidParameter",
                    "Message": problem,
                })
                .to_string();
                let response = format!(
                    "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(response.as_bytes())
            }
        };
        if written.is_err() {
            return;
        }
    }
}

fn content_length(head: &str) -> usize {
    head.split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// The page a request asks for, after checking it is the `ListTasks` call
/// both variants make.
fn page_index(head: &str, pages: usize) -> Result<usize, String> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let target = request_line
        .strip_prefix("POST ")
        .and_then(|rest| rest.strip_suffix(" HTTP/1.1"))
        .ok_or_else(|| format!("unexpected request line `{request_line}`"))?;
    let query = target
        .strip_prefix("/?")
        .ok_or_else(|| format!("unexpected target `{target}`"))?;
    let signed = lines.any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("authorization")
                && value.trim_start().starts_with("ACS3-HMAC-SHA256 ")
        })
    });
    if !signed {
        return Err("no ACS3 Authorization header".to_string());
    }
    let page_size = TASKS_PER_PAGE.to_string();
    let mut page = 0;
    let mut seen = 0;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let expected = match key {
            "Action" => ACTION,
            "Version" => VERSION,
            "ProjectName" => PROJECT,
            "MaxResults" => page_size.as_str(),
            "NextToken" => {
                page = value
                    .strip_prefix(TOKEN_PREFIX)
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n < pages)
                    .ok_or_else(|| format!("unknown NextToken `{value}`"))?;
                continue;
            }
            _ => return Err(format!("unexpected query parameter `{key}`")),
        };
        if value != expected {
            return Err(format!("{key} is `{value}`, expected `{expected}`"));
        }
        seen += 1;
    }
    if seen != 4 {
        return Err(format!("missing query parameters in `{query}`"));
    }
    Ok(page)
}
