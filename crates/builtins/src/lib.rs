//! The built-in analyzer kinds of lede, in one [`Registry`].

use lede_core::Registry;

/// A registry holding every built-in analyzer kind.
pub fn registry() -> Registry {
    Registry::new()
}
