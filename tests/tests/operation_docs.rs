//! Each operation is documented once in full: its request struct carries
//! the whole description; the client method has only the call, the summary
//! and a link to the request struct.

use std::collections::BTreeMap;

use taskgen_tests::repo_root;

/// The doc comments of `text` (4-space indented or not), each with the
/// line of the item it documents, split into paragraphs.
fn documented_items(text: &str) -> Vec<(String, Vec<String>)> {
    let mut items = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim_start) {
        if let Some(doc) = line.strip_prefix("///") {
            let doc = doc.trim();
            match (doc.is_empty(), open) {
                (true, _) => open = false,
                (false, true) => {
                    let paragraph = paragraphs.last_mut().expect("an open paragraph");
                    paragraph.push(' ');
                    paragraph.push_str(doc);
                }
                (false, false) => {
                    paragraphs.push(doc.to_string());
                    open = true;
                }
            }
        } else if !line.starts_with("#[") && !paragraphs.is_empty() {
            items.push((line.to_string(), std::mem::take(&mut paragraphs)));
            open = false;
        }
    }
    items
}

#[test]
fn each_operation_is_documented_once_in_full() {
    let mut methods_seen = 0;
    for module in ["aliyun_imm", "baidu_vod", "huawei_vias"] {
        let dir = repo_root().join("generated/src").join(module);
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("generated file");
        let requests: BTreeMap<String, Vec<String>> = documented_items(&read("types.rs"))
            .into_iter()
            .filter_map(|(item, docs)| {
                let name = item.strip_prefix("pub struct ")?.strip_suffix(" {")?;
                name.ends_with("Request").then(|| (name.to_string(), docs))
            })
            .collect();
        for (item, docs) in documented_items(&read("client.rs")) {
            let Some(builder) = item
                .strip_prefix("pub fn ")
                .and_then(|rest| rest.split_once("(&self) -> "))
                .and_then(|(_, ret)| ret.strip_suffix("Builder<'_> {"))
            else {
                continue;
            };
            methods_seen += 1;
            let request = format!("{builder}Request");
            let full = &requests[&request];
            assert!(
                docs.last()
                    .is_some_and(|link| link.contains(&format!("[`{request}`]"))),
                "{module}: `{item}` links to {request}: {docs:#?}"
            );
            let repeated: Vec<&String> = docs
                .iter()
                .filter(|paragraph| paragraph.len() > 80 && full.contains(paragraph))
                .collect();
            assert!(
                repeated.is_empty(),
                "{module}: `{item}` repeats the description of {request}: {repeated:#?}"
            );
            assert!(
                docs.len() <= 3 && full.len() > docs.len() - 2,
                "{module}: the full text belongs on {request}, not on `{item}`: {docs:#?}"
            );
        }
    }
    assert_eq!(methods_seen, 5, "the specs define five operations");
}
