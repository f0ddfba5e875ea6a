//! Errors creating a client from the environment.

use crate::credentials::CredentialsError;
use crate::ConfigError;

/// A client could not be created: no usable credentials, or a bad
/// configuration.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// None of the client's credential sources had credentials; one entry
    /// per source tried, each naming its variables.
    #[error("no credentials found: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; or "))]
    NoCredentials(Vec<CredentialsError>),
}
