#!/usr/bin/env python3
"""Differential test of taskgen-runtime's signers against the vendors' SDKs.

Generates random requests with a seeded RNG, signs each with the vendor's
own Python signing function and with the Rust signer (the `sign_stdin`
example, fed JSON lines), and compares the Authorization value, the headers
sent and the encoded wire path. Exits 1 on any difference, printing the
first differing case.

Each `*_sdk` function below does what that SDK's client does around its
signing function (which headers it sets, how it encodes the path), with the
date and nonce fixed instead of taken from the clock.

Deliberate differences, kept out of the generated requests (see the Rust
module docs): a bce query key `authorization` (the Python SDK's exclusion
of it is broken); unlisted `x-bce-*` headers when a bce signed-header list
is given (the Python SDK signs them without listing them); Huawei's
`Content-Type` is always spelled so (the SDK looks it up case-sensitively,
the Rust signer does not).
"""

import argparse
import datetime
import json
import random
import string
import subprocess
import sys
import time
import warnings
from urllib.parse import quote

from alibabacloud_openapi_util.client import Client as AliUtil
from baidubce import utils as bce_utils
from baidubce.auth import bce_v1_signer
from baidubce.auth.bce_credentials import BceCredentials
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer as HuaweiSigner
from Tea.request import TeaRequest

warnings.simplefilter("ignore", DeprecationWarning)  # utcfromtimestamp in baidubce

ACS3 = "ACS3-HMAC-SHA256"
SCHEME_NAMES = {"acs3": ACS3, "bce": "bce-auth-v1", "huawei": "SDK-HMAC-SHA256"}


def utc(ts, fmt):
    return datetime.datetime.fromtimestamp(ts, datetime.timezone.utc).strftime(fmt)


# ---------------------------------------------------------------- the SDKs


def acs3_sdk(case):
    """alibabacloud_tea_openapi's do_request (V3) around get_authorization."""
    req = TeaRequest()
    req.method = case["method"]
    req.pathname = AliUtil.get_encode_path(case["path"])
    req.query = dict(case["query"])
    headers = {
        "host": case["host"],
        # Utils.get_timestamp() format, at the case's time.
        "x-acs-date": utc(case["time"], "%Y-%m-%dT%H:%M:%SZ"),
        "x-acs-signature-nonce": case["nonce"],
    }
    headers.update(dict(case["headers"]))  # x-acs-action, x-acs-version, extras
    body = bytes.fromhex(case["body_hex"])
    payload = AliUtil.hex_encode(AliUtil.hash(body, ACS3))
    headers["x-acs-content-sha256"] = payload
    if case.get("security_token"):
        headers["x-acs-accesskey-id"] = case["ak"]
        headers["x-acs-security-token"] = case["security_token"]
    req.headers = headers
    headers["Authorization"] = AliUtil.get_authorization(
        req, ACS3, payload, case["ak"], case["sk"]
    )
    return req.pathname, list(headers.items())


class MultiParams(list):
    """Query pairs with repeated keys, shaped like the dict the SDK iterates."""

    def items(self):
        return list(self)


def bce_sdk(case):
    """bce_http_client.send_request around bce_v1_signer.sign."""
    ts = case["time"]
    headers = {b"Host": case["host"].encode(), b"x-bce-date": bce_utils.get_canonical_time(ts)}
    for name, value in case["headers"]:
        headers[name.encode()] = value
    path = bce_utils.normalize_string(case["path"], False)  # as utils.append_uri builds it
    signed = case.get("signed_headers")
    auth = bce_v1_signer.sign(
        BceCredentials(case["ak"], case["sk"]),
        case["method"].encode(),
        path,
        headers,
        MultiParams(tuple(p) for p in case["query"]),
        timestamp=ts,
        expiration_in_seconds=case.get("expiration", 1800),
        headers_to_sign=[n.encode() for n in signed] if signed else None,
    )
    headers[b"Authorization"] = auth
    pairs = [(k.decode(), v.decode() if isinstance(v, bytes) else v) for k, v in headers.items()]
    return path.decode(), pairs


def huawei_sdk(case):
    """huaweicloudsdkcore's client (path params quoted per segment) around Signer.sign."""
    header_params = dict(case["headers"])
    header_params["X-Sdk-Date"] = utc(case["time"], HuaweiSigner._BASIC_DATE_FORMAT)
    resource_path = "/".join(quote(seg, safe="") for seg in case["path"].split("/"))
    req = SdkRequest(
        method=case["method"],
        schema="https",
        host=case["host"],
        resource_path=resource_path,
        query_params=[tuple(p) for p in case["query"]],
        header_params=header_params,
        body=bytes.fromhex(case["body_hex"]),
    )
    HuaweiSigner(BasicCredentials(case["ak"], case["sk"])).sign(req)
    # The SDK rewrites values as UTF-8 bytes read as Latin-1 for the wire.
    pairs = [(k, v.encode("latin-1").decode("utf-8")) for k, v in req.header_params.items()]
    return resource_path, pairs


SDK = {"acs3": acs3_sdk, "bce": bce_sdk, "huawei": huawei_sdk}


def header_view(scheme, pairs):
    """Headers as sent, names case-insensitive. Huawei's SDK also sends the
    values stripped; the Rust signer leaves them as given (the signature
    covers the stripped form either way)."""
    view = [(k.lower(), v.strip() if scheme == "huawei" else v) for k, v in pairs]
    return sorted(p for p in view if p[0] != "authorization")  # compared on its own


# ---------------------------------------------------------- vendor vectors


VECTORS = [
    (
        {
            "scheme": "acs3", "method": "POST", "host": "ecs.cn-shanghai.aliyuncs.com", "path": "/",
            "query": [["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
                      ["RegionId", "cn-shanghai"]],
            "headers": [["x-acs-action", "RunInstances"], ["x-acs-version", "2014-05-26"]],
            "body_hex": "", "time": 1698315752, "nonce": "3156853299f313e23d1673dc12e1703d",
            "ak": "YourAccessKeyId", "sk": "YourAccessKeySecret",
        },
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
        "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    ),
    (
        {
            "scheme": "bce", "method": "PUT", "host": "bj.bcebos.com",
            "path": "/v1/test/myfolder/readme.txt",
            "query": [["partNumber", "9"], ["uploadId", "a44cc9bab11cbd156984767aad637851"]],
            "headers": [["Content-Type", "text/plain"], ["Content-Length", "8"],
                        ["Content-Md5", "NFzcPqhviddjRNnSOGo4rw=="]],
            "body_hex": "", "time": 1430123029, "ak": "a" * 32, "sk": "b" * 32,
        },
        "bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800//"
        "d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e",
    ),
    (
        {
            "scheme": "huawei", "method": "GET", "host": "service.region.example.com",
            "path": "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            "query": [["limit", "2"], ["marker", "13551d6b-755d-4757-b956-536f674975c0"]],
            "headers": [["Content-Type", "application/json"]],
            "body_hex": "", "time": 1573789015,
            "ak": "AK", "sk": "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
        },
        "SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-sdk-date, "
        "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe",
    ),
]


def check_vectors():
    """The harness must reproduce the vendor vectors (specs/SOURCES.md) on the
    SDKs before it may judge the Rust side."""
    for case, expected in VECTORS:
        _, headers = SDK[case["scheme"]](case)
        got = dict((k.lower(), v) for k, v in headers)["authorization"]
        if got != expected:
            sys.exit(f"harness error: SDK gives {got!r} for the {case['scheme']} vector, "
                     f"the vector says {expected!r}")


# ------------------------------------------------------- random requests


UNRESERVED = string.ascii_letters + string.digits + "-_.~"
RESERVED = " !\"#$%&'()*+,/:;<=>?@[\\]^`{|}"
UNICODE = ["é", "ü", "ß", "中", "文", "日本", "😀", "Ω", "\u00a0", "\u3000", "ñ", "€"]


def text(rng, lo, hi, reserved=True, unicode=True, slash=True):
    pool = list(UNRESERVED) * 3
    if reserved:
        pool += [c for c in RESERVED if slash or c != "/"]
    if unicode:
        pool += UNICODE
    return "".join(rng.choice(pool) for _ in range(rng.randint(lo, hi)))


def rand_path(rng):
    segments = []
    for _ in range(rng.randint(0, 4)):
        roll = rng.random()
        if roll < 0.1:
            segments.append("")  # "//"
        elif roll < 0.4:
            segments.append(text(rng, 1, 8, reserved=False, unicode=False))
        else:
            segments.append(text(rng, 1, 10, slash=False))
    path = "/" + "/".join(segments)
    if segments and rng.random() < 0.2:
        path += "/"
    return path


def rand_query(rng, scheme):
    query = []
    for _ in range(rng.randint(0, 7)):
        if query and scheme != "acs3" and rng.random() < 0.25:
            key = rng.choice(query)[0]  # repeated key
        elif rng.random() < 0.6:
            key = rng.choice(["Action", "Version", "ProjectName", "MaxResults", "NextToken",
                              "TaskTypes", "Tag.1.Key", "marker", "maxSize", "page_size", "sort_dir"])
        else:
            key = text(rng, 1, 8)
        if scheme == "acs3" and any(k == key for k, _ in query):
            continue  # the SDK's query is a map
        if scheme == "bce" and key.lower() == "authorization":
            continue
        roll = rng.random()
        if roll < 0.15:
            value = ""
        elif roll < 0.3:
            value = json.dumps(["FileCompression", "MediaConvert"], separators=(",", ":"))
        else:
            value = text(rng, 1, 16)
        query.append([key, value])
    return query


HEADER_VALUE_CHARS = string.ascii_letters + string.digits + " -_.~!#$%&'()*+,/:;<=>?@[]^`{|}\"\\"


def header_value(rng):
    roll = rng.random()
    if roll < 0.08:
        return ""
    body = "".join(rng.choice(HEADER_VALUE_CHARS) for _ in range(rng.randint(1, 20)))
    if rng.random() < 0.2:
        body += rng.choice(UNICODE) + "x"
    pad = ["", " ", "  ", "\t", " \t", "\u3000", "\u00a0"]
    return rng.choice(pad) + body + rng.choice(pad)


OWNED = {
    "acs3": {"host", "authorization", "x-acs-date", "x-acs-signature-nonce",
             "x-acs-content-sha256", "x-acs-accesskey-id", "x-acs-security-token",
             "x-acs-action", "x-acs-version"},
    "bce": {"host", "authorization", "x-bce-date"},
    "huawei": {"host", "authorization", "x-sdk-date", "x-sdk-content-sha256", "content-type"},
}


def rand_headers(rng, scheme, list_mode):
    names = ["Accept", "User-Agent", "X-Request-Id", "Content-MD5", "Content-Length",
             "Content-Type", "x-acs-meta-a", "x-bce-meta-a", "X-Bce-Request-Id", "x-sdk-extra",
             "X_Under_Score", "If-Match", "Cache-Control", "x-custom"]
    headers, seen = [], set()
    for _ in range(rng.randint(0, 6)):
        name = rng.choice(names)
        if rng.random() < 0.3:
            name += "-" + text(rng, 1, 5, reserved=False, unicode=False).replace("~", "")
        if rng.random() < 0.3:
            name = rng.choice([name.lower(), name.upper(), name.title()])
        lower = name.lower()
        if lower in OWNED[scheme] or (list_mode and lower.startswith("x-bce-")):
            continue
        if lower in seen and (scheme != "acs3" or name in dict(headers)):
            continue  # only ACS3 signs case variants of one name (merged, as the SDK does)
        seen.add(lower)
        headers.append([name, header_value(rng)])
    return headers


def rand_body(rng, method):
    if method.upper() not in ("POST", "PUT", "PATCH") or rng.random() < 0.3:
        return b""
    if rng.random() < 0.5:
        return json.dumps({"k": text(rng, 0, 12)}, ensure_ascii=False).encode()
    return rng.randbytes(rng.randint(1, 64))


def rand_case(rng, scheme, i):
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "post"])
    case = {
        "id": i,
        "scheme": scheme,
        "method": method,
        "host": rng.choice(["imm.cn-hangzhou.aliyuncs.com", "vod.bj.baidubce.com",
                            "vias.cn-north-4.myhuaweicloud.com", "127.0.0.1:8443"]),
        "path": rand_path(rng),
        "query": rand_query(rng, scheme),
        "body_hex": rand_body(rng, method).hex(),
        # 2001..2035, whole seconds.
        "time": rng.randint(978307200, 2082758399),
        "ak": text(rng, 8, 24, reserved=False, unicode=False),
        "sk": text(rng, 16, 40, reserved=False, unicode=False),
    }
    list_mode = False
    if scheme == "acs3":
        case["nonce"] = "%032x" % rng.getrandbits(128)
        if rng.random() < 0.3:
            case["security_token"] = text(rng, 10, 40, reserved=False, unicode=False)
        case["headers"] = [["x-acs-action", rng.choice(["ListTasks", "GetTask", "ListBatches"])],
                           ["x-acs-version", "2020-09-30"]]
    elif scheme == "bce":
        case["expiration"] = rng.choice([1800, 1800, 60, 3600, 86400])
        if rng.random() < 0.5:
            list_mode = True
            case["signed_headers"] = ["host", "x-bce-date"]
        case["headers"] = []
    else:
        case["headers"] = []
        ctype = rng.choice([None, None, "application/json", "application/json;charset=UTF-8",
                            "text/plain", "application/octet-stream", "application/bson"])
        if ctype:
            case["headers"].append(["Content-Type", ctype])
        if case["body_hex"] and rng.random() < 0.15:
            case["headers"].append(["X-Sdk-Content-Sha256", "%064x" % rng.getrandbits(256)])
    case["headers"] += rand_headers(rng, scheme, list_mode)
    rng.shuffle(case["headers"])
    return case


# ------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signer", required=True, help="path of the sign_stdin binary")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--cases", type=int, default=200, help="requests per scheme")
    args = parser.parse_args()

    started = time.monotonic()
    check_vectors()
    rng = random.Random(args.seed)
    cases = [rand_case(rng, scheme, i)
             for scheme in SDK for i in range(args.cases)]
    for n, case in enumerate(cases):
        case["id"] = n

    rust_input = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    proc = subprocess.run([args.signer], input=rust_input.encode(), capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"{args.signer} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')}")
    replies = {r["id"]: r for r in map(json.loads, proc.stdout.decode().splitlines())}

    passed, failures, per_scheme = 0, [], {s: [0, 0] for s in SDK}
    for case in cases:
        scheme = case["scheme"]
        problems = []
        try:
            sdk_path, sdk_headers = SDK[scheme](case)
        except Exception as err:  # an SDK crash is a finding, not a pass
            sdk_path, sdk_headers = None, None
            problems.append(f"SDK raised {err!r}")
        reply = replies.get(case["id"], {"error": "no reply"})
        if "error" in reply:
            problems.append(f"Rust signer error: {reply['error']}")
        elif sdk_headers is not None:
            sdk_auth = dict((k.lower(), v) for k, v in sdk_headers)["authorization"]
            rust_auth = dict((k.lower(), v) for k, v in reply["headers"])["authorization"]
            if sdk_auth != rust_auth:
                problems.append(f"Authorization differs:\n    SDK:  {sdk_auth}\n    Rust: {rust_auth}")
            sdk_view, rust_view = header_view(scheme, sdk_headers), header_view(scheme, reply["headers"])
            if sdk_view != rust_view:
                problems.append(f"headers differ:\n    SDK:  {sdk_view}\n    Rust: {rust_view}")
            if sdk_path != reply["wire_path"]:
                problems.append(f"wire path differs: SDK {sdk_path!r}, Rust {reply['wire_path']!r}")
        per_scheme[scheme][0 if not problems else 1] += 1
        if problems:
            failures.append((case, problems))
        else:
            passed += 1

    for scheme, (ok, bad) in per_scheme.items():
        print(f"  {SCHEME_NAMES[scheme]} -- {ok} agree, {bad} differ")
    if failures:
        case, problems = failures[0]
        print(f"\nfirst differing case ({SCHEME_NAMES[case['scheme']]}):")
        print("  request: " + json.dumps(case, ensure_ascii=False))
        for problem in problems:
            print("  " + problem)
        print()
    print(f"seed {args.seed}, {len(cases)} requests in {time.monotonic() - started:.2f} s")
    print(f"differential: {passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
