//! Regeneration records history. The generated crate keeps, beside its
//! code, the specs it was generated from (`specs/<file>`), its version (in
//! `Cargo.toml`) and a `CHANGELOG.md`. Regenerating compares the specs
//! with those snapshots: when the API changed, the version is bumped by
//! [`super::semver`] of the changes and an entry (date, specs, changes in
//! Markdown) is put at the top of the changelog. Unchanged specs change
//! nothing, so `generate --check` stays green.
//!
//! The snapshots live in the output folder, written with the rest of the
//! crate: `--out` elsewhere keeps its own history, `--check` covers it, and
//! `taskgen diff generated/specs specs` re-runs the comparison at any time.
//! With no snapshot yet (a first run), the version stays and the changelog
//! gets a first entry. A newer taskgen that writes the same specs
//! differently bumps the version too ([`super::output_version`]).

use std::fmt::Write;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::input::{compare_sides, Side};
use super::output_version::{self, Step};
use super::{render, semver, Level, Spec, SpecDiff};
use crate::error::{Error, Result};
use crate::fileset::Packed;
use crate::ir::Api;
use crate::load::ReadSpec;
use crate::{Config, Generated};

/// Folder of the generated crate holding the spec snapshots.
pub const SNAPSHOTS: &str = "specs";
/// The changelog file of the generated crate.
pub const CHANGELOG: &str = "CHANGELOG.md";

const CHANGELOG_HEADER: &str = "# Changelog\n\n\
All notable changes to this crate. Written by `taskgen generate` from the \
changes between the specs in `specs/` and the new ones; do not edit.\n";

/// What a regeneration did to the crate's version.
#[derive(Debug)]
pub struct History {
    /// The crate's files, with the new version, changelog and snapshots.
    pub generated: Generated,
    /// The version before.
    pub from: String,
    /// The version after.
    pub to: String,
    /// The bump (`None`: the API did not change, or this is the first run).
    pub level: Option<Level>,
    /// No snapshot existed: this run started the history.
    pub first: bool,
    /// The changes against the snapshots, per spec.
    pub diffs: Vec<SpecDiff>,
    /// What taskgen changed in its output since the one that wrote the
    /// crate (see [`output_version`]).
    pub generator: Vec<Step>,
}

/// Generates the crate for `specs` as [`crate::generate`] does, carrying
/// forward the history kept in the folder `out` (which may not exist yet).
/// `date` (`YYYY-MM-DD`) heads a new changelog entry.
pub fn generate(specs: &[PathBuf], config: &Config, out: &Path, date: &str) -> Result<History> {
    config.check()?;
    let from = previous_version(out).unwrap_or_else(|| config.version.clone());
    let recorded = output_version::recorded(out)?;
    // First, so that every spec's errors are reported at once. Each spec is
    // loaded and lowered once: the same IR is compared and emitted.
    let overlays = crate::load::overlay::read_all(&config.overlays, specs)?;
    let snapshots = out.join(SNAPSHOTS);
    let first = !snapshots.is_dir();
    let old = match first {
        true => Vec::new(),
        false => read_snapshots(&crate::find_specs(&[snapshots])?)?,
    };
    // A spec is compared unless this is the first run or its snapshot is
    // its text: the same text lowers to the same API. The text is asked
    // for only then: a spec whose wide numbers were rewritten (see
    // `load::numbers`) makes it anew, a copy at the peak of loading.
    let compared =
        |read: &ReadSpec| !first && !is_snapshot(&old, &file_name(read.path()), &read.text());
    let mut lowered = crate::each_spec(specs, |spec| Spec::read_with(spec, &overlays, compared))?;
    for spec in &mut lowered {
        spec.name = file_name(&spec.api.spec);
    }
    let lowered = Side {
        specs: lowered,
        folder: true,
    };
    let diffs = if first {
        Vec::new()
    } else {
        let new: Vec<_> = lowered
            .specs
            .iter()
            .map(|spec| (spec.name.as_str(), spec.loaded.text()))
            .collect();
        if unchanged(&old, &new) {
            Vec::new()
        } else {
            compare_snapshots(&old, &lowered)?
        }
    };
    let generator = match recorded {
        Some(version) if !first => output_version::steps_since(version),
        _ => Vec::new(),
    };
    let level = semver(&diffs).max(generator.iter().map(|step| step.level).max());
    let to = match level {
        Some(level) => bump(&from, level)?,
        None => from.clone(),
    };
    let config = Config {
        version: to.clone(),
        ..config.clone()
    };
    // A snapshot is the document generation read (with overlays, the
    // overlaid one), so the next run compares like with like. Each text
    // moves out of its spec as the spec is let go, and waits packed: whole,
    // it would raise generation's peak of memory by the spec's size.
    let (modules, new): (Vec<_>, Vec<_>) = lowered
        .specs
        .into_iter()
        .map(|spec| (spec.api, (spec.name, Packed::new(&spec.loaded.into_text()))))
        .unzip();
    let mut generated = crate::emit_crate(&modules, &config)?;
    for (name, text) in new {
        generated
            .files
            .insert_packed(Path::new(SNAPSHOTS).join(name), text);
    }
    let changelog = fs::read_to_string(out.join(CHANGELOG)).ok();
    let entry = match (first, level) {
        (true, _) => Some(first_entry(&to, date, &modules)),
        (false, Some(_)) => Some(entry(&to, date, &generator, &diffs)),
        (false, None) => None,
    };
    let changelog = match (entry, changelog) {
        (Some(entry), old) => Some(prepend(old.as_deref(), &entry)),
        (None, old) => old,
    };
    if let Some(changelog) = changelog {
        generated.files.insert(CHANGELOG, changelog);
    }
    Ok(History {
        generated,
        from,
        to,
        level,
        first,
        diffs,
        generator,
    })
}

/// The text of each snapshot; every error is reported at once.
fn read_snapshots(paths: &[PathBuf]) -> Result<Vec<(PathBuf, String)>> {
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match fs::read_to_string(path) {
            Ok(text) => texts.push((path.clone(), text)),
            Err(e) => errors.push(Error::io(path, "cannot read snapshot", e)),
        }
    }
    match errors.len() {
        0 => Ok(texts),
        1 => Err(errors.remove(0)),
        _ => Err(Error::Many(errors)),
    }
}

/// Whether the snapshots are the new specs' texts (by file name) byte for
/// byte, one for one: then the same text lowers to the same API and nothing
/// changed, and loading the snapshots again, as much as a second generation
/// on a large spec, would only find so (a rerun with the same specs is the
/// common regeneration: a build step, `--check`).
fn unchanged(old: &[(PathBuf, String)], new: &[(&str, impl AsRef<str>)]) -> bool {
    old.len() == new.len()
        && new
            .iter()
            .all(|(name, text)| is_snapshot(old, name, text.as_ref()))
}

/// Whether the snapshot of the spec file `name` is `text`.
fn is_snapshot(old: &[(PathBuf, String)], name: &str, text: &str) -> bool {
    old.iter()
        .any(|(path, snapshot)| file_name(path) == name && snapshot == text)
}

/// Compares snapshot and new specs by file name, each shown by its file
/// name as the changelog names them; specs without changes are left out.
fn compare_snapshots(old: &[(PathBuf, String)], new: &Side) -> Result<Vec<SpecDiff>> {
    let specs = old
        .iter()
        .map(|(path, text)| {
            let mut spec = Spec::from_text(path, text.clone())?;
            spec.name = file_name(path);
            Ok(spec)
        })
        .collect::<Result<_>>()?;
    let old = Side {
        specs,
        folder: true,
    };
    let mut diffs = compare_sides(&old, new);
    diffs.retain(|diff| !diff.changes.is_empty());
    Ok(diffs)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The `version` of the generated crate's `Cargo.toml` in `out`.
fn previous_version(out: &Path) -> Option<String> {
    let manifest = fs::read_to_string(out.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let value = line.strip_prefix("version = \"")?.strip_suffix('"')?;
        Some(value.to_string())
    })
}

/// `version` bumped by `level` the way Cargo reads versions: the first
/// non-zero part is the "major" one, so before 1.0 a major change bumps
/// the minor part (`0.3.1` -> `0.4.0`), and a minor or patch change the
/// patch part (`0.3.1` -> `0.3.2`); in `0.0.z` every change bumps `z`.
/// From 1.0 on it is plain semver (`1.4.2` + minor = `1.5.0`).
pub fn bump(version: &str, level: Level) -> Result<String> {
    let core = version.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core
        .split('.')
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| not_semver(version))?;
    let [major, minor, patch] = parts[..] else {
        return Err(not_semver(version));
    };
    Ok(match (major, minor, level) {
        (0, 0, _) | (0, _, Level::Minor | Level::Patch) | (1.., _, Level::Patch) => {
            format!("{major}.{minor}.{}", patch + 1)
        }
        (0, _, Level::Major) | (1.., _, Level::Minor) => format!("{major}.{}.0", minor + 1),
        (1.., _, Level::Major) => format!("{}.0.0", major + 1),
    })
}

fn not_semver(version: &str) -> Error {
    Error::Config(format!(
        "the generated crate's version `{version}` is not MAJOR.MINOR.PATCH, so it cannot be bumped"
    ))
}

/// The entry of a run that changed the API: through taskgen, the specs or both.
fn entry(version: &str, date: &str, generator: &[Step], diffs: &[SpecDiff]) -> String {
    format!(
        "## {version} ({date})\n\n{}{}",
        output_version::markdown(generator),
        render::markdown(diffs)
    )
}

/// The entry that starts the history: which specs the crate came from.
fn first_entry(version: &str, date: &str, modules: &[Api]) -> String {
    let mut text = format!("## {version} ({date})\n\nFirst generated from:\n\n");
    for api in modules {
        let _ = writeln!(
            text,
            "- `{}`: {} (API version {})",
            file_name(&api.spec),
            api.title,
            api.version
        );
    }
    text.push('\n');
    text
}

/// `entry` put above the newest entry of `changelog` (or a new changelog).
fn prepend(changelog: Option<&str>, entry: &str) -> String {
    let old = changelog.unwrap_or(CHANGELOG_HEADER);
    let (head, rest) = match old.find("\n## ") {
        Some(at) => old.split_at(at + 1),
        None => (old, ""),
    };
    let head = head.trim_end();
    format!("{head}\n\n{entry}{rest}").trim_end().to_string() + "\n"
}

/// Today's date (UTC) as `YYYY-MM-DD`, or that of `SOURCE_DATE_EPOCH`
/// when set, so builds and tests are reproducible.
pub fn today() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or_else(SystemTime::now, |seconds| {
            UNIX_EPOCH + Duration::from_secs(seconds)
        });
    date(now)
}

/// The `YYYY-MM-DD` part of a time's RFC 3339 form.
fn date(time: SystemTime) -> String {
    let mut text = humantime::format_rfc3339_seconds(time).to_string();
    text.truncate(10);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_texts_under_the_same_names_are_unchanged() {
        let old: Vec<(PathBuf, String)> = [("out/specs/a.yaml", "A"), ("out/specs/b.yaml", "B")]
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect();
        // Snapshots are files; new specs go by their file names.
        assert!(unchanged(&old, &[("b.yaml", "B"), ("a.yaml", "A")]));
        assert!(!unchanged(&old, &[("a.yaml", "A"), ("b.yaml", "B ")]));
        assert!(!unchanged(&old, &[("a.yaml", "A")]));
        assert!(!unchanged(&old, &[("a.yaml", "A"), ("c.yaml", "B")]));
        assert!(!unchanged(
            &old,
            &[("a.yaml", "A"), ("b.yaml", "B"), ("c.yaml", "C")]
        ));
    }

    #[test]
    fn bumps_each_level() {
        assert_eq!(bump("1.4.2", Level::Patch).unwrap(), "1.4.3");
        assert_eq!(bump("1.4.2", Level::Minor).unwrap(), "1.5.0");
        assert_eq!(bump("1.4.2", Level::Major).unwrap(), "2.0.0");
        assert!(bump("1.4", Level::Major).is_err());
        assert!(bump("x.y.z", Level::Minor).is_err());
    }

    /// Cargo treats `0.x` -> `0.(x+1)` as the breaking step and `0.x.y` ->
    /// `0.x.(y+1)` as compatible; in `0.0.z` every release is breaking.
    #[test]
    fn bumps_before_1_0_follow_cargo() {
        assert_eq!(bump("0.1.0", Level::Patch).unwrap(), "0.1.1");
        assert_eq!(bump("0.1.3", Level::Minor).unwrap(), "0.1.4");
        assert_eq!(bump("0.1.3", Level::Major).unwrap(), "0.2.0");
        assert_eq!(bump("0.0.7", Level::Major).unwrap(), "0.0.8");
        assert_eq!(bump("0.0.7", Level::Minor).unwrap(), "0.0.8");
    }

    #[test]
    fn dates_are_utc_days() {
        let day = |seconds| date(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(day(0), "1970-01-01");
        assert_eq!(day(951_782_400), "2000-02-29");
        assert_eq!(day(1_796_083_199), "2026-11-30");
    }

    #[test]
    fn entries_go_above_the_newest_one() {
        let first = prepend(None, "## 0.1.0 (d)\n\nFirst.\n");
        assert!(first.starts_with("# Changelog\n"));
        let second = prepend(Some(&first), "## 0.2.0 (e)\n\nSecond.\n");
        let at = |needle| second.find(needle).unwrap();
        assert!(at("# Changelog") < at("## 0.2.0") && at("## 0.2.0") < at("## 0.1.0"));
        assert!(second.ends_with("First.\n"));
    }
}
