//! Errors of the encoder, the packer and the vector files, with the same `context`,
//! `bail!` and `ensure!` conveniences the code used before it had a type of its own.

use std::fmt::Display;

/// A model, checkpoint or vector file that cannot be read, built or used.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// The files are there but not what the encoder needs (a message says what).
    #[error("{0}")]
    Model(String),
    /// What was being done when `source` happened.
    #[error("{context}: {source}")]
    Context {
        context: String,
        #[source]
        source: Box<EmbedError>,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Candle(#[from] candle_core::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Safetensors(#[from] safetensors::SafeTensorError),
}

impl EmbedError {
    /// A `Model` error from anything printable (tokenizer errors, messages).
    pub fn msg(m: impl Display) -> EmbedError {
        EmbedError::Model(m.to_string())
    }
}

/// Bytes of a vector or weights file that do not decode: the file is malformed.
macro_rules! malformed_from {
    ($($t:ty),*) => {$(
        impl From<$t> for EmbedError {
            fn from(e: $t) -> Self {
                EmbedError::Model(format!("malformed file: {e}"))
            }
        }
    )*};
}
malformed_from!(
    std::array::TryFromSliceError,
    std::string::FromUtf8Error,
    std::num::TryFromIntError
);

pub type Result<T, E = EmbedError> = std::result::Result<T, E>;

/// Adds what was being done to an error, or turns a missing value into an error.
pub trait Context<T> {
    fn context(self, c: impl Display) -> Result<T>;
    fn with_context<C: Display>(self, f: impl FnOnce() -> C) -> Result<T>;
}

impl<T, E: Into<EmbedError>> Context<T> for std::result::Result<T, E> {
    fn context(self, c: impl Display) -> Result<T> {
        self.map_err(|e| EmbedError::Context {
            context: c.to_string(),
            source: Box::new(e.into()),
        })
    }
    fn with_context<C: Display>(self, f: impl FnOnce() -> C) -> Result<T> {
        self.map_err(|e| EmbedError::Context {
            context: f().to_string(),
            source: Box::new(e.into()),
        })
    }
}

impl<T> Context<T> for Option<T> {
    fn context(self, c: impl Display) -> Result<T> {
        self.ok_or_else(|| EmbedError::msg(c))
    }
    fn with_context<C: Display>(self, f: impl FnOnce() -> C) -> Result<T> {
        self.ok_or_else(|| EmbedError::msg(f()))
    }
}

/// Returns a `Model` error made with `format!`.
macro_rules! bail {
    ($($t:tt)*) => {
        return Err($crate::embed::error::EmbedError::Model(format!($($t)*)))
    };
}

/// `bail!` unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($t:tt)*) => {
        if !$cond {
            bail!($($t)*);
        }
    };
}

pub(crate) use {bail, ensure};
