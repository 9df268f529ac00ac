//! The built-in analyzer kinds of lede, in one [`Registry`].

use lede_core::Registry;

/// A registry holding every built-in analyzer kind.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry.register(lede_entity::analyzer_kind()).register(lede_quote::analyzer_kind());
    registry
}
