//! What changed between two versions of a spec, and the semver bump it means (`taskgen diff`).
