//! The SDK for lede analyzer plugins.
//!
//! A plugin is an ordinary [`Analyzer`] (the trait the built-in analyzers implement) plus a
//! constructor from its config table ([`Plugin::create`]), exported from a `cdylib` crate with
//! [`export_plugin!`]:
//!
//! ```
//! use lede_plugin_sdk::{Analyzer, AnalyzerError, Dependencies, Document, Plugin, PluginError};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Default)]
//! #[serde(deny_unknown_fields, default)]
//! struct Config { min_len: usize }
//!
//! pub struct LongWords { min_len: usize }
//!
//! impl Analyzer for LongWords {
//!     type Output = usize;
//!     fn name(&self) -> &str { "long-words" }
//!     fn analyze(&self, doc: &Document, _deps: &Dependencies<'_>) -> Result<usize, AnalyzerError> {
//!         Ok(doc.text().split_whitespace().filter(|w| w.chars().count() >= self.min_len).count())
//!     }
//! }
//!
//! impl Plugin for LongWords {
//!     fn create(config: serde_json::Value) -> Result<Self, PluginError> {
//!         let config: Config = lede_plugin_sdk::parse_config(config)?;
//!         Ok(LongWords { min_len: config.min_len.max(1) })
//!     }
//! }
//!
//! lede_plugin_sdk::export_plugin!(LongWords);
//! ```
//!
//! The macro writes the `extern "C"` functions of the lede plugin ABI ([`abi`], version
//! [`abi::ABI_VERSION`]); nothing but `#[repr(C)]` structs and JSON bytes crosses the library
//! boundary, so host and plugin may be built by different compilers. Every exported function
//! catches panics: a panic in [`Analyzer::analyze`] becomes an error for that document. The
//! crate refuses to compile a plugin with `panic = "abort"`, since such a plugin could take the
//! host down.
//!
//! On the plugin side the document is rebuilt from the request: its id, text and meta are
//! those of the host's document, and its segmentation is computed lazily, on first use, so a
//! plugin that never reads tokens never pays for segmentation. Dependency results arrive under
//! the names the plugin declared in [`Analyzer::dependencies`] and are read as usual with
//! [`Dependencies::require`].

pub use lede_core::{
    self, Analyzer, AnalyzerError, Dependencies, Dependency, Document, Segmentation, Sentence, Span, Token, TokenKind,
    schema,
};
pub use lede_plugin_abi as abi;
pub use serde_json;

use serde::de::DeserializeOwned;

/// Why a plugin could not be created from its config.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PluginError {
    /// The config table is invalid (unknown key, wrong type, bad value).
    #[error("invalid config: {0}")]
    Config(String),
    /// Any other reason (a resource could not be read, ...).
    #[error("{0}")]
    Other(String),
}

impl From<serde_json::Error> for PluginError {
    fn from(e: serde_json::Error) -> PluginError {
        PluginError::Config(e.to_string())
    }
}

/// An analyzer that can be built from its plugin config and exported with [`export_plugin!`].
pub trait Plugin: Analyzer + Sized {
    /// Builds the analyzer from the `config` table of its `[analyzers.NAME]` config (as JSON;
    /// an empty object when the table has no `config`).
    fn create(config: serde_json::Value) -> Result<Self, PluginError>;
}

/// Deserializes a plugin config (use `#[serde(deny_unknown_fields, default)]` on `T`, so that
/// a misspelt key is an error).
pub fn parse_config<T: DeserializeOwned>(config: serde_json::Value) -> Result<T, PluginError> {
    serde_json::from_value(config).map_err(PluginError::from)
}

/// Exports an analyzer type implementing [`Plugin`] through the lede plugin ABI.
///
/// Use it once, at the top level of a crate with `crate-type = ["cdylib"]` (add `"rlib"` to
/// call the analyzer directly from tests). It defines the `#[no_mangle]` symbols
/// `lede_plugin_abi_version`, `lede_plugin_info`, `lede_plugin_create`, `lede_plugin_analyze`,
/// `lede_plugin_free_buf` and `lede_plugin_destroy`; the plugin's name and version in
/// `lede_plugin_info` are the crate's package name and version.
#[macro_export]
macro_rules! export_plugin {
    ($ty:ty) => {
        #[cfg(not(panic = "unwind"))]
        ::core::compile_error!(
            "lede plugins must be built with panic = \"unwind\": with panic = \"abort\" a panicking plugin would kill the host"
        );

        const _: () = {
            /// ABI version check (lede plugin ABI).
            #[unsafe(no_mangle)]
            pub extern "C" fn lede_plugin_abi_version() -> u32 {
                $crate::abi::ABI_VERSION
            }

            /// Static plugin information as JSON (lede plugin ABI).
            #[unsafe(no_mangle)]
            pub extern "C" fn lede_plugin_info() -> $crate::abi::LedeBuf {
                $crate::__private::info(
                    ::core::env!("CARGO_PKG_NAME"),
                    ::core::env!("CARGO_PKG_VERSION"),
                    ::core::cfg!(panic = "unwind"),
                )
            }

            /// Creates an analyzer from its JSON config (lede plugin ABI).
            ///
            /// # Safety
            /// See the lede plugin ABI: `config` borrowed for the call, `state` and `out` writable.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn lede_plugin_create(
                config: $crate::abi::LedeStr,
                state: *mut *mut ::core::ffi::c_void,
                out: *mut $crate::abi::LedeBuf,
            ) -> i32 {
                // SAFETY: forwarded contract.
                unsafe { $crate::__private::create::<$ty>(config, state, out) }
            }

            /// Analyzes one document (lede plugin ABI).
            ///
            /// # Safety
            /// See the lede plugin ABI: `state` from `lede_plugin_create`, `text` and `request`
            /// borrowed, `out` writable.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn lede_plugin_analyze(
                state: *mut ::core::ffi::c_void,
                text: $crate::abi::LedeStr,
                request: $crate::abi::LedeStr,
                out: *mut $crate::abi::LedeBuf,
            ) -> i32 {
                // SAFETY: forwarded contract.
                unsafe { $crate::__private::analyze::<$ty>(state, text, request, out) }
            }

            /// Frees a buffer this plugin returned (lede plugin ABI).
            ///
            /// # Safety
            /// `buf` must come from this plugin, unchanged, and be freed once.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn lede_plugin_free_buf(buf: $crate::abi::LedeBuf) {
                // SAFETY: forwarded contract.
                unsafe { $crate::__private::free_buf(buf) }
            }

            /// Destroys a state made by `lede_plugin_create` (lede plugin ABI).
            ///
            /// # Safety
            /// `state` must come from `lede_plugin_create` and not be used afterwards.
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn lede_plugin_destroy(state: *mut ::core::ffi::c_void) {
                // SAFETY: forwarded contract.
                unsafe { $crate::__private::destroy::<$ty>(state) }
            }
        };
    };
}

#[doc(hidden)]
#[allow(unsafe_code)]
pub mod __private {
    //! The bodies of the exported functions; not a public API.

    use super::Plugin;
    use lede_core::{AnalysisResult, Dependencies, Document};
    use lede_plugin_abi::{
        ABI_VERSION, Instance, LedeBuf, LedeStr, PanicStrategy, PluginInfo, Request, STATUS_ERROR, STATUS_OK,
        STATUS_PANIC,
    };
    use std::ffi::c_void;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// Hands `bytes` over to the receiver as a buffer it will give back to [`free_buf`].
    pub fn into_buf(bytes: Vec<u8>) -> LedeBuf {
        if bytes.capacity() == 0 {
            return LedeBuf::EMPTY;
        }
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        LedeBuf { ptr: bytes.as_mut_ptr(), len: bytes.len(), cap: bytes.capacity() }
    }

    /// Frees a buffer made by [`into_buf`].
    ///
    /// # Safety
    /// `buf` must come from [`into_buf`] in this library, unchanged, and be freed once.
    pub unsafe fn free_buf(buf: LedeBuf) {
        if buf.ptr.is_null() || buf.cap == 0 {
            return;
        }
        // SAFETY: ptr/len/cap are those of a Vec<u8> we leaked in `into_buf`.
        drop(unsafe { Vec::from_raw_parts(buf.ptr, buf.len, buf.cap) });
    }

    fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
        let text = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "unknown panic payload".to_string()
        };
        // Dropping a payload can itself panic; never let that cross the boundary.
        if catch_unwind(AssertUnwindSafe(|| drop(payload))).is_err() {
            return text + " (and dropping the panic payload panicked)";
        }
        text
    }

    /// Runs `f` with panics caught, writing its bytes to `out` and returning the status.
    ///
    /// # Safety
    /// `out` must be null or valid for a write.
    unsafe fn respond(out: *mut LedeBuf, f: impl FnOnce() -> Result<Vec<u8>, String>) -> i32 {
        let (status, bytes) = match catch_unwind(AssertUnwindSafe(f)) {
            Ok(Ok(bytes)) => (STATUS_OK, bytes),
            Ok(Err(message)) => (STATUS_ERROR, message.into_bytes()),
            Err(payload) => (STATUS_PANIC, panic_text(payload).into_bytes()),
        };
        if out.is_null() {
            return STATUS_ERROR;
        }
        // SAFETY: `out` is valid for a write (caller's contract).
        unsafe { out.write(into_buf(bytes)) };
        status
    }

    /// Body of `lede_plugin_info`.
    pub fn info(name: &str, version: &str, unwind: bool) -> LedeBuf {
        let info = PluginInfo {
            abi: ABI_VERSION,
            name: name.to_string(),
            version: version.to_string(),
            panic: if unwind { PanicStrategy::Unwind } else { PanicStrategy::Abort },
            thread_safe: true,
            sdk: concat!("lede-plugin-sdk ", env!("CARGO_PKG_VERSION")).to_string(),
        };
        match catch_unwind(|| serde_json::to_vec(&info)) {
            Ok(Ok(bytes)) => into_buf(bytes),
            _ => LedeBuf::EMPTY,
        }
    }

    /// Body of `lede_plugin_create`.
    ///
    /// # Safety
    /// `config` readable for the call; `state` and `out` valid for writes (or null).
    pub unsafe fn create<T: Plugin>(config: LedeStr, state: *mut *mut c_void, out: *mut LedeBuf) -> i32 {
        if state.is_null() {
            return STATUS_ERROR;
        }
        // SAFETY: `state` is valid for a write.
        unsafe { state.write(std::ptr::null_mut()) };
        // SAFETY: borrowed for the call.
        let bytes = unsafe { config.as_bytes() };
        let make = || {
            let config: serde_json::Value = if bytes.is_empty() {
                serde_json::Value::Object(serde_json::Map::new())
            } else {
                serde_json::from_slice(bytes).map_err(|e| format!("the config is not valid JSON: {e}"))?
            };
            let analyzer = T::create(config).map_err(|e| e.to_string())?;
            let instance = Instance {
                name: analyzer.name().to_string(),
                dependencies: analyzer
                    .dependencies()
                    .into_iter()
                    .map(|d| lede_plugin_abi::DependencySpec { name: d.name, optional: d.optional })
                    .collect(),
            };
            let description = serde_json::to_vec(&instance).map_err(|e| e.to_string())?;
            // SAFETY: `state` is valid for a write.
            unsafe { state.write(Box::into_raw(Box::new(analyzer)).cast::<c_void>()) };
            Ok(description)
        };
        // SAFETY: `out` valid for a write.
        unsafe { respond(out, make) }
    }

    /// Body of `lede_plugin_analyze`.
    ///
    /// # Safety
    /// `state` from [`create`] with the same `T`; `text` and `request` readable for the call;
    /// `out` valid for a write.
    pub unsafe fn analyze<T: Plugin>(state: *mut c_void, text: LedeStr, request: LedeStr, out: *mut LedeBuf) -> i32 {
        // SAFETY: borrowed for the call.
        let (text, bytes) = unsafe { (text.as_bytes(), request.as_bytes()) };
        let run = || {
            if state.is_null() {
                return Err("no analyzer state (lede_plugin_create failed or was not called)".to_string());
            }
            // SAFETY: a live `T` made by `create`; `T: Sync`, so shared use is fine.
            let analyzer = unsafe { &*state.cast::<T>() };
            let request: Request =
                serde_json::from_slice(bytes).map_err(|e| format!("malformed request from the host: {e}"))?;
            let text = std::str::from_utf8(text).map_err(|e| format!("the text from the host is not UTF-8: {e}"))?;
            let Request { id, meta, dependencies } = request;
            let results: Vec<(String, AnalysisResult)> =
                dependencies.into_iter().map(|(name, value)| (name, AnalysisResult::from(value))).collect();
            let pairs: Vec<(&str, &AnalysisResult)> = results.iter().map(|(name, r)| (name.as_str(), r)).collect();
            let doc = Document::new(id, text.to_owned(), meta);
            let output = analyzer.analyze(&doc, &Dependencies::new(&pairs)).map_err(|e| e.to_string())?;
            serde_json::to_vec(&output).map_err(|e| format!("could not serialize the result: {e}"))
        };
        // SAFETY: `out` valid for a write.
        unsafe { respond(out, run) }
    }

    /// Body of `lede_plugin_destroy`.
    ///
    /// # Safety
    /// `state` from [`create`] with the same `T`, not used afterwards.
    pub unsafe fn destroy<T: Plugin>(state: *mut c_void) {
        if state.is_null() {
            return;
        }
        // SAFETY: made by `Box::into_raw` in `create`.
        let analyzer = unsafe { Box::from_raw(state.cast::<T>()) };
        // A panicking Drop must not cross the boundary; leak instead.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(analyzer)));
    }
}
