//! Signs requests read as JSON lines on stdin and prints one JSON line per
//! request: the headers after signing, or the error. The differential test
//! (`runtime/differential/run.sh`) feeds it the same random requests it
//! signs with the vendors' Python SDKs.
//!
//! Input fields: `id`, `scheme` (`acs3`, `bce`, `huawei`), `method`, `host`,
//! `path`, `query` and `headers` (arrays of `[name, value]`), `body_hex`,
//! `time` (Unix seconds), `ak`, `sk`; optional `security_token`, `nonce`
//! (acs3), `signed_headers` and `expiration` (bce).
//!
//! Output: `{"id", "wire_path", "headers": [[name, value], ...]}` or
//! `{"id", "error"}`.

use std::error::Error;
use std::io::{self, BufRead, Write};
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use taskgen_runtime::credentials::AccessKey;
use taskgen_runtime::sign::{
    encode_path, Acs3Signer, BceSigner, FixedNonce, HuaweiAkSkSigner, SignableRequest, Signer,
};

fn main() -> Result<(), Box<dyn Error>> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let case: Value = serde_json::from_str(&line)?;
        let reply = match sign(&case) {
            Ok(reply) => reply,
            Err(err) => json!({ "id": case["id"], "error": err.to_string() }),
        };
        writeln!(out, "{reply}")?;
    }
    out.flush()?;
    Ok(())
}

fn sign(case: &Value) -> Result<Value, Box<dyn Error>> {
    let text = |field: &str| -> Result<&str, Box<dyn Error>> {
        case[field]
            .as_str()
            .ok_or_else(|| format!("field `{field}` missing or not a string").into())
    };
    let mut key = AccessKey::new(text("ak")?, text("sk")?);
    if let Some(token) = case["security_token"].as_str() {
        key = key.with_security_token(token);
    }
    let signer: Box<dyn Signer> = match text("scheme")? {
        "acs3" => {
            Box::new(Acs3Signer::new(key).with_nonce_source(FixedNonce(text("nonce")?.to_string())))
        }
        "bce" => {
            let mut signer = BceSigner::new(key);
            if let Some(names) = case["signed_headers"].as_array() {
                signer = signer.with_signed_headers(names.iter().filter_map(Value::as_str));
            }
            if let Some(seconds) = case["expiration"].as_u64() {
                signer = signer.with_expiration_seconds(u32::try_from(seconds)?);
            }
            Box::new(signer)
        }
        "huawei" => Box::new(HuaweiAkSkSigner::new(key)),
        other => return Err(format!("unknown scheme `{other}`").into()),
    };
    let query = pairs(&case["query"])?;
    let mut headers = pairs(&case["headers"])?;
    let body = hex::decode(text("body_hex")?)?;
    let time = case["time"].as_u64().ok_or("field `time` missing")?;
    let path = text("path")?;
    let mut request = SignableRequest {
        method: text("method")?,
        host: text("host")?,
        path,
        query: &query,
        headers: &mut headers,
        body: &body,
    };
    signer.sign(
        &mut request,
        SystemTime::UNIX_EPOCH + Duration::from_secs(time),
    )?;
    Ok(json!({ "id": case["id"], "wire_path": encode_path(path), "headers": headers }))
}

fn pairs(value: &Value) -> Result<Vec<(String, String)>, Box<dyn Error>> {
    let items = value.as_array().ok_or("expected an array of pairs")?;
    items
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
            _ => Err(format!("expected a [name, value] pair, got {pair}").into()),
        })
        .collect()
}
