//! The built-in analyzer kinds of lede, and `plugin` for dynamic libraries, in one [`Registry`].

use lede_core::Registry;

/// A registry holding every built-in analyzer kind and the `plugin` kind.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    registry
        .register(lede_entity::analyzer_kind())
        .register(lede_quote::analyzer_kind())
        .register(lede_number::analyzer_kind())
        .register(lede_sentiment::analyzer_kind())
        .register(lede_plugin_host::plugin_kind());
    registry
}
