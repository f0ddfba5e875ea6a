//! Each signer reproduces one published example per vendor, recomputed with
//! the vendor's own SDK; `specs/SOURCES.md` ("Signing test vectors") says
//! where each comes from and which SDK version reproduced it.

use std::time::{Duration, SystemTime};

use taskgen_runtime::credentials::{AccessKey, Token};
use taskgen_runtime::sign::{
    Acs3Signer, BceSigner, FixedNonce, HuaweiAkSkSigner, SignableRequest, Signer, TokenSigner,
};

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn at(unix_seconds: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(unix_seconds)
}

fn get<'h>(headers: &'h [(String, String)], name: &str) -> &'h str {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no header {name} in {headers:?}"))
}

#[test]
fn acs3_hmac_sha256_vector() {
    let signer = Acs3Signer::new(AccessKey::new("YourAccessKeyId", "YourAccessKeySecret"))
        .with_nonce_source(FixedNonce("3156853299f313e23d1673dc12e1703d".into()));
    let query = pairs(&[
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
        ("RegionId", "cn-shanghai"),
    ]);
    let mut headers = pairs(&[
        ("x-acs-action", "RunInstances"),
        ("x-acs-version", "2014-05-26"),
    ]);
    let mut request = SignableRequest {
        method: "POST",
        host: "ecs.cn-shanghai.aliyuncs.com",
        path: "/",
        query: &query,
        headers: &mut headers,
        body: b"",
    };
    // 2023-10-26T10:22:32Z
    signer.sign(&mut request, at(1_698_315_752)).unwrap();
    assert_eq!(
        get(&headers, "Authorization"),
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;\
         x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
         Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
    assert_eq!(get(&headers, "host"), "ecs.cn-shanghai.aliyuncs.com");
    assert_eq!(get(&headers, "x-acs-date"), "2023-10-26T10:22:32Z");
    assert_eq!(
        get(&headers, "x-acs-signature-nonce"),
        "3156853299f313e23d1673dc12e1703d"
    );
    assert_eq!(
        get(&headers, "x-acs-content-sha256"),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn bce_auth_v1_vector() {
    let signer = BceSigner::new(AccessKey::new("a".repeat(32), "b".repeat(32)));
    let query = pairs(&[
        ("partNumber", "9"),
        ("uploadId", "a44cc9bab11cbd156984767aad637851"),
    ]);
    let mut headers = pairs(&[
        ("Host", "bj.bcebos.com"),
        ("Content-Type", "text/plain"),
        ("Content-Length", "8"),
        ("Content-Md5", "NFzcPqhviddjRNnSOGo4rw=="),
    ]);
    let mut request = SignableRequest {
        method: "PUT",
        host: "bj.bcebos.com",
        path: "/v1/test/myfolder/readme.txt",
        query: &query,
        headers: &mut headers,
        body: b"Example\n",
    };
    // 2015-04-27T08:23:49Z
    signer.sign(&mut request, at(1_430_123_029)).unwrap();
    assert_eq!(
        get(&headers, "Authorization"),
        "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800//\
         d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e"
    );
    assert_eq!(get(&headers, "x-bce-date"), "2015-04-27T08:23:49Z");
}

#[test]
fn huawei_sdk_hmac_sha256_vector() {
    let signer = HuaweiAkSkSigner::new(AccessKey::new(
        "AK",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    ));
    let query = pairs(&[
        ("limit", "2"),
        ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
    ]);
    let mut headers = pairs(&[
        ("Content-Type", "application/json"),
        ("Host", "service.region.example.com"),
    ]);
    let mut request = SignableRequest {
        method: "GET",
        host: "service.region.example.com",
        path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        query: &query,
        headers: &mut headers,
        body: b"",
    };
    // 2019-11-15T03:36:55Z
    signer.sign(&mut request, at(1_573_789_015)).unwrap();
    assert_eq!(
        get(&headers, "Authorization"),
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, \
         Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
    assert_eq!(get(&headers, "X-Sdk-Date"), "20191115T033655Z");
}

#[test]
fn huawei_token_sets_x_auth_token() {
    let signer = TokenSigner::huawei(Token::new("MIIE-token"));
    let mut headers = Vec::new();
    let mut request = SignableRequest {
        method: "GET",
        host: "vias.cn-north-4.myhuaweicloud.com",
        path: "/v2/project/tasks",
        query: &[],
        headers: &mut headers,
        body: b"",
    };
    signer.sign(&mut request, at(0)).unwrap();
    assert_eq!(
        headers,
        pairs(&[("X-Auth-Token", "MIIE-token")]),
        "the token signer adds exactly one header"
    );
}

#[test]
fn signers_debug_never_shows_secrets() {
    let secret = "s3cr3t-VALUE";
    let signers: Vec<Box<dyn Signer>> = vec![
        Box::new(Acs3Signer::new(
            AccessKey::new("id", secret).with_security_token(secret),
        )),
        Box::new(BceSigner::new(AccessKey::new("id", secret))),
        Box::new(HuaweiAkSkSigner::new(AccessKey::new("id", secret))),
        Box::new(TokenSigner::huawei(Token::new(secret))),
    ];
    for signer in &signers {
        let shown = format!("{signer:?} {signer:#?}");
        assert!(!shown.contains(secret), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
