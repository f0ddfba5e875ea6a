//! Each operation is documented once in full: its module in `operations`
//! carries the whole description; the client method has only the call, the
//! summary and a link to the module, and the request struct one line.

use std::collections::BTreeMap;

use taskgen_tests::repo_root;

/// Doc lines (the text after `///` or `//!`) joined into paragraphs.
#[derive(Default)]
struct Paragraphs {
    paragraphs: Vec<String>,
    open: bool,
}

impl Paragraphs {
    fn push(&mut self, doc: &str) {
        let doc = doc.trim();
        match (doc.is_empty(), self.open) {
            (true, _) => self.open = false,
            (false, true) => {
                let paragraph = self.paragraphs.last_mut().expect("an open paragraph");
                paragraph.push(' ');
                paragraph.push_str(doc);
            }
            (false, false) => {
                self.paragraphs.push(doc.to_string());
                self.open = true;
            }
        }
    }
}

/// The doc comments of `text` (4-space indented or not), each with the
/// line of the item it documents, split into paragraphs.
fn documented_items(text: &str) -> Vec<(String, Vec<String>)> {
    let mut items = Vec::new();
    let mut docs = Paragraphs::default();
    for line in text.lines().map(str::trim_start) {
        if let Some(doc) = line.strip_prefix("///") {
            docs.push(doc);
        } else if !line.starts_with("#[") && !docs.paragraphs.is_empty() {
            items.push((line.to_string(), std::mem::take(&mut docs).paragraphs));
        }
    }
    items
}

/// The inner docs (`//!`) of each `pub mod name {` in `text`, by name.
fn module_docs(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut modules = BTreeMap::new();
    let mut current: Option<(String, Paragraphs)> = None;
    for line in text.lines().map(str::trim_start) {
        match (line.strip_prefix("//!"), &mut current) {
            (Some(doc), Some((_, docs))) => docs.push(doc),
            _ => {
                if let Some((name, docs)) = current.take() {
                    modules.insert(name, docs.paragraphs);
                }
                let name = line
                    .strip_prefix("pub mod ")
                    .and_then(|l| l.strip_suffix(" {"));
                current = name.map(|name| (name.to_string(), Paragraphs::default()));
            }
        }
    }
    modules
}

#[test]
fn each_operation_is_documented_once_in_full() {
    let mut methods_seen = 0;
    for module in ["aliyun_imm", "baidu_vod", "huawei_vias"] {
        let dir = repo_root().join("generated/src").join(module);
        let read = |file: &str| std::fs::read_to_string(dir.join(file)).expect("generated file");
        let modules = module_docs(&read("operations.rs"));
        for (item, docs) in documented_items(&read("operations.rs")) {
            if item.starts_with("pub struct ") && item.contains("Request ") {
                assert_eq!(docs.len(), 1, "{module}: `{item}` is one line: {docs:#?}");
            }
        }
        for (item, docs) in documented_items(&read("client.rs")) {
            let Some(op_module) = item
                .strip_prefix("pub fn ")
                .and_then(|rest| rest.split_once("(&self) -> operations::"))
                .and_then(|(_, ret)| ret.split_once("::"))
                .map(|(op_module, _)| op_module)
            else {
                continue;
            };
            methods_seen += 1;
            let full = &modules[op_module];
            let request = format!("operations::{op_module}");
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
