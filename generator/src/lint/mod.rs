//! Spec review: rules that find mistakes in a spec (`taskgen lint`).
