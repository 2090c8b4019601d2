//! Stable machine codes: the one trait every code and error of the core implements, and the
//! [`codes!`](crate::codes) macro that declares a concern's codes as an enum, each variant with its
//! text, its HTTP status when it is answered as an error, and whether a retry may help.
//!
//! A code is written once, in its enum: findings, errors, the Worker's JSON, the translation tables
//! and [`crate::all_codes`] all take it from there, so a code cannot be misspelt in one place or
//! left without a status.

/// A value with a stable machine code, such as `region.unknown`.
///
/// Every code enum of the core implements it (through [`codes!`](crate::codes)), and so does
/// every error type, by its code; adapters map any of them to the one JSON error shape and the page
/// translates it by its code.
pub trait Coded {
    /// The stable machine code; one of [`crate::all_codes`].
    fn code(&self) -> &'static str;

    /// The HTTP status the Worker answers with when this is the error of a request: 400 (the
    /// request must change) unless the code says otherwise.
    fn status(&self) -> u16 {
        400
    }

    /// Whether sending the same request again later may succeed.
    fn retryable(&self) -> bool {
        false
    }
}

impl<T: Coded + ?Sized> Coded for &T {
    fn code(&self) -> &'static str {
        (**self).code()
    }

    fn status(&self) -> u16 {
        (**self).status()
    }

    fn retryable(&self) -> bool {
        (**self).retryable()
    }
}

/// Declares a concern's codes as a field-less enum implementing [`Coded`], with `ALL` listing
/// every variant. Each variant is `Name = "code"`, optionally followed by `@ status` (400 when
/// left out) and `retryable`:
///
/// ```
/// mimecast_sso_core::codes! {
///     /// Why a request was refused.
///     pub enum ExampleError {
///         /// The body is too large.
///         TooLarge = "example.too_large" @ 413,
///         /// The upstream did not answer in time.
///         Timeout = "example.timeout" @ 504 retryable,
///         /// A field is wrong.
///         Invalid = "example.invalid",
///     }
/// }
/// use mimecast_sso_core::Coded;
/// assert_eq!(ExampleError::Timeout.code(), "example.timeout");
/// assert_eq!((ExampleError::Timeout.status(), ExampleError::Timeout.retryable()), (504, true));
/// assert_eq!((ExampleError::Invalid.status(), ExampleError::Invalid.retryable()), (400, false));
/// assert_eq!(ExampleError::ALL.len(), 3);
/// ```
#[macro_export]
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $code:literal $(@ $status:literal)? $($retry:ident)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$variant_meta])* $variant, )*
        }

        impl $name {
            /// Every code of this enum, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }

        impl $crate::Coded for $name {
            fn code(&self) -> &'static str {
                match self {
                    $($name::$variant => $code,)*
                }
            }

            fn status(&self) -> u16 {
                match self {
                    $($name::$variant => $crate::codes!(@status $($status)?),)*
                }
            }

            fn retryable(&self) -> bool {
                match self {
                    $($name::$variant => $crate::codes!(@retry $($retry)?),)*
                }
            }
        }
    };
    (@status) => { 400 };
    (@status $status:literal) => { $status };
    (@retry) => { false };
    (@retry retryable) => { true };
}
