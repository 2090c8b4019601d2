//! State both page modules hold: whether the Worker answers (the page writes it on the helper's
//! root as `data-server`, the users module reads it back) and a copy button's feedback; and the
//! `localStorage` keys of the page's work and of the users step's outcomes, which the signon module
//! reads too.

/// The `localStorage` key of the page's work in progress (its plan input and language; the
/// loader reads its `lang` too).
pub(crate) const WORK_KEY: &str = "mimecast-sso-helper:v1";

/// The `localStorage` key of the users step's CSV outcomes (no passwords), which the signon
/// module reads for the addresses created or found in Mimecast.
pub(crate) const USERS_KEY: &str = "mimecast-sso-users:v1";

/// Whether the Worker's API answers beside the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Server {
    Checking,
    Available,
    /// The Worker answers and sends Mimecast calls to the local simulator (`cargo xtask dev`).
    Simulator,
    Unavailable,
}

impl Server {
    /// The name the markup and the users module read (`data-server`).
    pub fn name(self) -> &'static str {
        match self {
            Server::Checking => "checking",
            Server::Available => "available",
            Server::Simulator => "simulator",
            Server::Unavailable => "unavailable",
        }
    }

    /// The state named `name` (`checking`, `available`, `simulator`, `unavailable`).
    pub fn named(name: &str) -> Server {
        match name {
            "available" => Server::Available,
            "simulator" => Server::Simulator,
            "unavailable" => Server::Unavailable,
            _ => Server::Checking,
        }
    }

    /// Whether calls to Mimecast can be made.
    pub fn has_worker(self) -> bool {
        matches!(self, Server::Available | Server::Simulator)
    }
}

/// A copy button's feedback, shown for two seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Copied {
    /// The `data-copy` key of the value.
    pub key: String,
    pub ok: bool,
    pub seq: u32,
}
