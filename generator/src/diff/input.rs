//! The two sides of `taskgen diff`: each a spec file, a folder of specs
//! (matched with the other side by file name), or `REV:PATH` read from git
//! with `git show` (a file or a folder at that revision; no checkout).

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{compare, rules, Change, Place, Spec, SpecDiff};
use crate::error::{Error, Result};

/// The specs one side names, and whether it named a folder.
pub struct Side {
    /// Each spec read, lowered.
    pub specs: Vec<Spec>,
    /// The side named a folder (specs are matched by file name).
    pub folder: bool,
}

/// Reads one side. An existing path is read from disk; otherwise
/// `REV:PATH` is read from the git repository around the current folder.
pub fn read(arg: &str) -> Result<Side> {
    let path = Path::new(arg);
    if path.exists() {
        let folder = path.is_dir();
        let files = crate::find_specs(&[path.to_path_buf()])?;
        let specs = each(files.iter().map(|file| Spec::read(file)))?;
        return Ok(Side { specs, folder });
    }
    match arg.split_once(':') {
        Some((rev, inner)) if !rev.is_empty() && !inner.is_empty() => read_git(rev, inner),
        _ => Err(Error::io(
            path,
            "cannot read spec",
            io::Error::new(io::ErrorKind::NotFound, "no such file or folder"),
        )),
    }
}

/// Compares two sides: two single files directly, else spec by spec by file
/// name (a spec on one side only is added or removed).
pub fn compare_sides(old: &Side, new: &Side) -> Vec<SpecDiff> {
    if !old.folder && !new.folder && old.specs.len() == 1 && new.specs.len() == 1 {
        return vec![compare(&old.specs[0], &new.specs[0])];
    }
    let mut names: Vec<String> = old
        .specs
        .iter()
        .chain(&new.specs)
        .map(|s| file_name(&s.loaded.path))
        .collect();
    names.sort();
    names.dedup();
    names
        .iter()
        .filter_map(|name| match (named(old, name), named(new, name)) {
            (Some(a), Some(b)) => Some(compare(a, b)),
            (Some(a), None) => Some(one_sided(a, OneSide::Removed)),
            (None, Some(b)) => Some(one_sided(b, OneSide::Added)),
            (None, None) => None,
        })
        .collect()
}

enum OneSide {
    Added,
    Removed,
}

/// A spec that exists on one side only: its module appears or goes.
fn one_sided(spec: &Spec, side: OneSide) -> SpecDiff {
    let place = Some(Place {
        pointer: "#".into(),
        line: None,
    });
    let (rule, verb, old, new) = match side {
        OneSide::Added => (rules::SPEC_ADDED, "added", None, place),
        OneSide::Removed => (rules::SPEC_REMOVED, "removed", place, None),
    };
    let name = Some(spec.name.clone());
    SpecDiff {
        old: old.as_ref().and(name.clone()),
        new: new.as_ref().and(name),
        changes: vec![Change {
            id: rule.id,
            api: rule.api,
            rust: rule.rust,
            pointer: "#".into(),
            message: format!(
                "API `{}` (module `{}`) {verb}",
                spec.api.title, spec.api.module
            ),
            old,
            new,
        }],
    }
}

fn named<'a>(side: &'a Side, name: &str) -> Option<&'a Spec> {
    side.specs
        .iter()
        .find(|s| file_name(&s.loaded.path) == name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every spec read, or every error at once.
fn each(results: impl Iterator<Item = Result<Spec>>) -> Result<Vec<Spec>> {
    let (specs, mut errors): (Vec<_>, Vec<_>) = results.partition(Result::is_ok);
    match errors.len() {
        0 => Ok(specs.into_iter().filter_map(Result::ok).collect()),
        1 => Err(errors.remove(0).err().expect("partitioned")),
        _ => Err(Error::Many(
            errors.into_iter().filter_map(Result::err).collect(),
        )),
    }
}

fn read_git(rev: &str, path: &str) -> Result<Side> {
    let object = format!("{rev}:{path}");
    let kind = git(&["cat-file", "-t", &object], &object)?;
    if kind.trim() != "tree" {
        let text = git(&["show", &object], &object)?;
        let spec = Spec::from_text(&PathBuf::from(&object), text)?;
        return Ok(Side {
            specs: vec![spec],
            folder: false,
        });
    }
    let listing = git(&["ls-tree", "--name-only", &object], &object)?;
    let mut names: Vec<&str> = listing
        .lines()
        .filter(|name| {
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .collect();
    names.sort_unstable();
    let specs = each(names.iter().map(|name| {
        let file = format!("{}/{name}", object.trim_end_matches('/'));
        let text = git(&["show", &file], &file)?;
        Spec::from_text(&PathBuf::from(&file), text)
    }))?;
    Ok(Side {
        specs,
        folder: true,
    })
}

/// Runs git, returning its output or its complaint as an error on `object`.
fn git(args: &[&str], object: &str) -> Result<String> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| Error::io(object, "cannot run git", e))?;
    if !output.status.success() {
        let complaint = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(Error::io(
            object,
            "cannot read it from git",
            io::Error::other(complaint),
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| {
        Error::io(
            object,
            "cannot read it from git",
            io::Error::new(io::ErrorKind::InvalidData, e),
        )
    })
}
