//! The C ABI between the lede host and its analyzer plugins (ABI version [`ABI_VERSION`]).
//!
//! Only `extern "C"` functions and the `#[repr(C)]` structs of this crate cross the library
//! boundary: no Rust trait objects, no Rust-ABI types. Data crosses as UTF-8 JSON bytes with
//! explicit ownership:
//!
//! - [`LedeStr`]: bytes *borrowed* from the caller, valid only for the duration of the call.
//! - [`LedeBuf`]: bytes *allocated by the plugin*; the host copies them and hands them back to
//!   the plugin's `lede_plugin_free_buf`, exactly once. The host never frees plugin memory
//!   with its own allocator, and the plugin never frees host memory.
//!
//! The symbols a plugin exports (see `docs/plugins.md` for the full specification, written so
//! that a plugin can be implemented in C):
//!
//! | symbol | C signature |
//! |---|---|
//! | [`SYM_ABI_VERSION`] | `uint32_t lede_plugin_abi_version(void)` |
//! | [`SYM_INFO`] | `LedeBuf lede_plugin_info(void)` |
//! | [`SYM_CREATE`] | `int32_t lede_plugin_create(LedeStr config_json, void **state, LedeBuf *out)` |
//! | [`SYM_ANALYZE`] | `int32_t lede_plugin_analyze(void *state, LedeStr text, LedeStr request_json, LedeBuf *out)` |
//! | [`SYM_FREE_BUF`] | `void lede_plugin_free_buf(LedeBuf buf)` |
//! | [`SYM_DESTROY`] | `void lede_plugin_destroy(void *state)` |
//!
//! The JSON payloads are [`PluginInfo`] (from `info`), [`Instance`] (from a successful
//! `create`), [`Request`] (the input of `analyze`, next to the text itself, which crosses as raw
//! UTF-8 bytes so that neither side escapes or unescapes it); the output of a successful `analyze` is the
//! analyzer's result, any JSON value.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::c_void;

/// The ABI version this crate describes. Bumped only on breaking changes to the symbols, the
/// structs or the JSON payloads; it is independent of the lede version.
pub const ABI_VERSION: u32 = 1;

/// `uint32_t lede_plugin_abi_version(void)`: resolved and checked before any other symbol.
pub const SYM_ABI_VERSION: &[u8] = b"lede_plugin_abi_version";
/// `LedeBuf lede_plugin_info(void)`: the static [`PluginInfo`] as JSON.
pub const SYM_INFO: &[u8] = b"lede_plugin_info";
/// `int32_t lede_plugin_create(LedeStr config_json, void **state, LedeBuf *out)`.
pub const SYM_CREATE: &[u8] = b"lede_plugin_create";
/// `int32_t lede_plugin_analyze(void *state, LedeStr text, LedeStr request_json, LedeBuf *out)`.
pub const SYM_ANALYZE: &[u8] = b"lede_plugin_analyze";
/// `void lede_plugin_free_buf(LedeBuf buf)`.
pub const SYM_FREE_BUF: &[u8] = b"lede_plugin_free_buf";
/// `void lede_plugin_destroy(void *state)`.
pub const SYM_DESTROY: &[u8] = b"lede_plugin_destroy";

/// Status returned by `create` and `analyze`: success; `out` holds the JSON result.
pub const STATUS_OK: i32 = 0;
/// Status: the call failed; `out` holds a UTF-8 message for the user.
pub const STATUS_ERROR: i32 = 1;
/// Status: the plugin panicked (caught at the boundary); `out` holds the panic message.
pub const STATUS_PANIC: i32 = 2;

/// Bytes borrowed from the caller: `ptr` points to `len` readable bytes (it may be null when
/// `len` is 0). Valid only during the call it is passed to.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct LedeStr {
    /// First byte.
    pub ptr: *const u8,
    /// Number of bytes.
    pub len: usize,
}

impl LedeStr {
    /// Borrows `bytes` for a call.
    pub fn new(bytes: &[u8]) -> LedeStr {
        LedeStr { ptr: bytes.as_ptr(), len: bytes.len() }
    }

    /// The bytes.
    ///
    /// # Safety
    /// `ptr` must point to `len` initialized bytes that stay valid and unmodified for `'a`
    /// (or `len` must be 0).
    #[allow(unsafe_code)]
    pub unsafe fn as_bytes<'a>(self) -> &'a [u8] {
        if self.ptr.is_null() || self.len == 0 {
            &[]
        } else {
            // SAFETY: guaranteed by the caller.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

/// Bytes allocated by the plugin and owned by it: the receiver reads `len` bytes at `ptr` and
/// then passes the struct, unchanged, to `lede_plugin_free_buf`. `cap` is for the plugin's own
/// bookkeeping (a Rust plugin stores its `Vec` capacity there); the host never interprets it.
/// An empty buffer has a null `ptr`.
#[repr(C)]
#[derive(Debug)]
pub struct LedeBuf {
    /// First byte, or null.
    pub ptr: *mut u8,
    /// Number of initialized bytes.
    pub len: usize,
    /// Allocation size, for the plugin's allocator.
    pub cap: usize,
}

impl LedeBuf {
    /// The empty buffer (null pointer), which needs no freeing.
    pub const EMPTY: LedeBuf = LedeBuf { ptr: std::ptr::null_mut(), len: 0, cap: 0 };
}

/// `lede_plugin_abi_version`.
pub type AbiVersionFn = unsafe extern "C" fn() -> u32;
/// `lede_plugin_info`.
pub type InfoFn = unsafe extern "C" fn() -> LedeBuf;
/// `lede_plugin_create`.
pub type CreateFn = unsafe extern "C" fn(config_json: LedeStr, state: *mut *mut c_void, out: *mut LedeBuf) -> i32;
/// `lede_plugin_analyze`.
pub type AnalyzeFn =
    unsafe extern "C" fn(state: *mut c_void, text: LedeStr, request_json: LedeStr, out: *mut LedeBuf) -> i32;
/// `lede_plugin_free_buf`.
pub type FreeBufFn = unsafe extern "C" fn(buf: LedeBuf);
/// `lede_plugin_destroy`.
pub type DestroyFn = unsafe extern "C" fn(state: *mut c_void);

/// How a plugin was built to handle panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PanicStrategy {
    /// Panics unwind and are caught at the boundary (required).
    Unwind,
    /// Panics abort the process: the host refuses such plugins.
    Abort,
    /// Not Rust, or no panics possible (a C plugin).
    None,
}

/// The static description returned by `lede_plugin_info`, readable before `create`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PluginInfo {
    /// The ABI version again (must equal `lede_plugin_abi_version()`).
    pub abi: u32,
    /// The plugin's name (a Rust plugin reports its package name).
    pub name: String,
    /// The plugin's own version.
    #[serde(default)]
    pub version: String,
    /// How panics are handled; the host refuses `abort`.
    pub panic: PanicStrategy,
    /// True when one state may be used by several threads at once; otherwise the host
    /// serializes calls to `analyze` on a state.
    #[serde(default)]
    pub thread_safe: bool,
    /// What built it, such as `lede-plugin-sdk 0.1.0` (informational).
    #[serde(default)]
    pub sdk: String,
}

/// A dependency declared by a plugin instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DependencySpec {
    /// The configured name of the analyzer whose result the plugin reads.
    pub name: String,
    /// When true the pipeline is valid without it (the result is then absent).
    #[serde(default)]
    pub optional: bool,
}

/// What a successful `lede_plugin_create` writes to `out`: the instance's name and the
/// analyzers it depends on (they may depend on the config).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// The analyzer name used in messages.
    pub name: String,
    /// Dependencies, whose results arrive in [`Request::dependencies`].
    #[serde(default)]
    pub dependencies: Vec<DependencySpec>,
}

/// The JSON input of `lede_plugin_analyze`, as the plugin reads it. The text itself is the
/// separate `text` argument (UTF-8 bytes); every span the plugin returns is a byte range into it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Request {
    /// Document id.
    pub id: String,
    /// Extra input fields, or null.
    #[serde(default)]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// The results of the declared dependencies that ran on this document, by declared name.
    #[serde(default)]
    pub dependencies: BTreeMap<String, serde_json::Value>,
}

/// The input of `lede_plugin_analyze`, as the host writes it (borrowing everything).
#[derive(Clone, Debug, Serialize)]
pub struct RequestRef<'a> {
    /// Document id.
    pub id: &'a str,
    /// Extra input fields, or null.
    pub meta: Option<&'a serde_json::Map<String, serde_json::Value>>,
    /// Dependency results by declared name.
    pub dependencies: BTreeMap<&'a str, &'a serde_json::Value>,
}
