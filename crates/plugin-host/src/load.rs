//! Loading a plugin library and calling it through the ABI.

use crate::validate::check_spans;
use lede_core::{AnalysisResult, AnalyzerError, Dependencies, Dependency, Document, DynAnalyzer};
use lede_plugin_abi::{
    ABI_VERSION, AbiVersionFn, AnalyzeFn, CreateFn, DestroyFn, FreeBufFn, InfoFn, Instance, LedeBuf, LedeStr,
    PanicStrategy, PluginInfo, RequestRef, STATUS_ERROR, STATUS_OK, STATUS_PANIC, SYM_ABI_VERSION, SYM_ANALYZE,
    SYM_CREATE, SYM_DESTROY, SYM_FREE_BUF, SYM_INFO,
};
use libloading::Library;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::c_void;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why a plugin could not be loaded. The message names the configured plugin; the caller
/// adds the path (as in `cannot load PATH: plugin `x`: ...`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// No file at the path.
    #[error("plugin `{plugin}`: no such file (build it first, e.g. `cargo build --release -p lede-plugin-NAME`)")]
    NotFound {
        /// Configured name.
        plugin: String,
    },
    /// The file exists but is not a dynamic library the system loader accepts.
    #[error("plugin `{plugin}`: not a loadable dynamic library: {message}")]
    NotALibrary {
        /// Configured name.
        plugin: String,
        /// The loader's message.
        message: String,
    },
    /// A required symbol is not exported.
    #[error(
        "plugin `{plugin}`: missing symbol `{symbol}`; a lede plugin exports it with lede_plugin_sdk::export_plugin! (or by hand, see docs/plugins.md)"
    )]
    MissingSymbol {
        /// Configured name.
        plugin: String,
        /// The symbol.
        symbol: String,
    },
    /// The plugin speaks another ABI version.
    #[error(
        "plugin `{plugin}`: ABI version mismatch: the plugin speaks ABI version {found}, this lede speaks version {expected}; rebuild the plugin against a matching lede-plugin-sdk"
    )]
    AbiMismatch {
        /// Configured name.
        plugin: String,
        /// What the plugin reported.
        found: u32,
        /// [`ABI_VERSION`].
        expected: u32,
    },
    /// `lede_plugin_info` returned something unusable, or the plugin is unsafe to run.
    #[error("plugin `{plugin}`: {message}")]
    BadInfo {
        /// Configured name.
        plugin: String,
        /// What is wrong.
        message: String,
    },
    /// `lede_plugin_create` refused the config (or panicked).
    #[error("plugin `{plugin}` ({path}) could not be created: {message}")]
    Create {
        /// Configured name.
        plugin: String,
        /// The library.
        path: String,
        /// The plugin's message.
        message: String,
    },
}

/// The plugin's functions, resolved once. Plain function pointers into a library that is
/// never unloaded, so they stay valid for the whole process.
#[derive(Clone, Copy)]
struct Fns {
    create: CreateFn,
    analyze: AnalyzeFn,
    free_buf: FreeBufFn,
    destroy: DestroyFn,
}

/// A dependency of a plugin instance: the name the plugin declared (and reads its result
/// under) and the configured analyzer that provides it.
#[derive(Clone, Debug)]
struct Dep {
    declared: String,
    configured: String,
    optional: bool,
}

/// An analyzer backed by a plugin instance; implements [`DynAnalyzer`] by calling the plugin
/// through the ABI.
pub struct PluginAnalyzer {
    plugin: String,
    name: String,
    path: PathBuf,
    info: PluginInfo,
    fns: Fns,
    state: *mut c_void,
    deps: Vec<Dep>,
    /// Held around every call when the plugin's state is not thread-safe.
    lock: Option<Mutex<()>>,
}

// SAFETY: `state` is only used through the plugin's functions. A plugin that declares
// `thread_safe` promises that concurrent `analyze` calls on one state are sound (the SDK
// guarantees it with `Analyzer: Send + Sync`); for any other plugin every call is serialized by
// `lock`. `destroy` runs from `Drop`, which has exclusive access.
#[allow(unsafe_code)]
unsafe impl Send for PluginAnalyzer {}
// SAFETY: see `Send`.
#[allow(unsafe_code)]
unsafe impl Sync for PluginAnalyzer {}

impl std::fmt::Debug for PluginAnalyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PluginAnalyzer")
            .field("plugin", &self.plugin)
            .field("name", &self.name)
            .field("path", &self.path)
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// Serializes `dlopen`/`dlerror`, which are not thread-safe on every platform.
static LOADER: Mutex<()> = Mutex::new(());

/// Loads the library at `path` as the plugin configured under the name `plugin`, checks it
/// and creates an instance from `config` (a JSON object).
///
/// The library is never unloaded, even when a later check fails: running its initializers
/// may have registered state (thread-local destructors) that unloading would leave dangling.
#[allow(unsafe_code)]
pub fn load(plugin: &str, path: &Path, config: &Value) -> Result<PluginAnalyzer, LoadError> {
    let p = || plugin.to_string();
    if !path.is_file() {
        return Err(LoadError::NotFound { plugin: p() });
    }
    let lib: &'static Library = {
        let _guard = LOADER.lock().unwrap_or_else(|e| e.into_inner());
        // SAFETY: loading runs the library's initializers: that is the trust the user gives a
        // plugin by naming it in the config. Nothing else is assumed about it here.
        let lib = unsafe { Library::new(path) }
            .map_err(|e| LoadError::NotALibrary { plugin: p(), message: e.to_string() })?;
        Box::leak(Box::new(lib))
    };
    let missing =
        |symbol: &[u8]| LoadError::MissingSymbol { plugin: p(), symbol: String::from_utf8_lossy(symbol).into_owned() };

    // SAFETY: the symbol has this C signature in every ABI version (that is what makes the
    // version check possible); the library is leaked, so the pointer never dangles.
    let abi_version: AbiVersionFn =
        unsafe { lib.get::<AbiVersionFn>(SYM_ABI_VERSION).map(|s| *s).map_err(|_| missing(SYM_ABI_VERSION))? };
    // SAFETY: a C function without arguments.
    let found = unsafe { abi_version() };
    if found != ABI_VERSION {
        return Err(LoadError::AbiMismatch { plugin: p(), found, expected: ABI_VERSION });
    }
    // SAFETY (all four): the ABI version matched, so these symbols have the signatures of
    // `lede_plugin_abi` version ABI_VERSION.
    let info_fn: InfoFn = unsafe { lib.get::<InfoFn>(SYM_INFO).map(|s| *s).map_err(|_| missing(SYM_INFO))? };
    let fns = unsafe {
        Fns {
            create: lib.get::<CreateFn>(SYM_CREATE).map(|s| *s).map_err(|_| missing(SYM_CREATE))?,
            analyze: lib.get::<AnalyzeFn>(SYM_ANALYZE).map(|s| *s).map_err(|_| missing(SYM_ANALYZE))?,
            free_buf: lib.get::<FreeBufFn>(SYM_FREE_BUF).map(|s| *s).map_err(|_| missing(SYM_FREE_BUF))?,
            destroy: lib.get::<DestroyFn>(SYM_DESTROY).map(|s| *s).map_err(|_| missing(SYM_DESTROY))?,
        }
    };

    // SAFETY: returns a plugin-owned buffer, handed back to `free_buf` by `take`.
    let info_buf = unsafe { info_fn() };
    let info_bytes = take(fns.free_buf, info_buf);
    let info: PluginInfo = serde_json::from_slice(&info_bytes).map_err(|e| LoadError::BadInfo {
        plugin: p(),
        message: format!("lede_plugin_info returned invalid JSON ({e}): {}", preview(&info_bytes)),
    })?;
    if info.abi != ABI_VERSION {
        return Err(LoadError::AbiMismatch { plugin: p(), found: info.abi, expected: ABI_VERSION });
    }
    if info.panic == PanicStrategy::Abort {
        return Err(LoadError::BadInfo {
            plugin: p(),
            message: format!(
                "`{}` was built with panic = \"abort\", so a panic in it would kill lede; rebuild it with panic = \"unwind\"",
                info.name
            ),
        });
    }

    let config_bytes = serde_json::to_vec(config).unwrap_or_else(|_| b"{}".to_vec());
    let mut state: *mut c_void = std::ptr::null_mut();
    let mut out = LedeBuf::EMPTY;
    // SAFETY: `config_bytes` outlives the call; `state` and `out` are valid for writes.
    let status = unsafe { (fns.create)(LedeStr::new(&config_bytes), &mut state, &mut out) };
    let out = take(fns.free_buf, out);
    let create_error = |message: String| LoadError::Create { plugin: p(), path: path.display().to_string(), message };
    let instance: Instance = match status {
        STATUS_OK if !state.is_null() => serde_json::from_slice(&out).map_err(|e| {
            create_error(format!("lede_plugin_create returned an invalid description ({e}): {}", preview(&out)))
        })?,
        STATUS_OK => return Err(create_error("lede_plugin_create reported success but returned no state".into())),
        STATUS_PANIC => return Err(create_error(format!("panicked: {}", String::from_utf8_lossy(&out)))),
        STATUS_ERROR => return Err(create_error(String::from_utf8_lossy(&out).into_owned())),
        other => return Err(create_error(format!("lede_plugin_create returned unknown status {other}"))),
    };
    let deps = instance
        .dependencies
        .into_iter()
        .map(|d| Dep { configured: d.name.clone(), declared: d.name, optional: d.optional })
        .collect();
    Ok(PluginAnalyzer {
        plugin: plugin.to_string(),
        name: instance.name,
        path: path.to_path_buf(),
        lock: if info.thread_safe { None } else { Some(Mutex::new(())) },
        info,
        fns,
        state,
        deps,
    })
}

/// Copies a plugin-owned buffer and hands it back to the plugin's `free_buf`.
#[allow(unsafe_code)]
fn take(free_buf: FreeBufFn, buf: LedeBuf) -> Vec<u8> {
    let bytes = if buf.ptr.is_null() || buf.len == 0 {
        Vec::new()
    } else {
        // SAFETY: the ABI says `ptr` points to `len` initialized bytes until `free_buf`.
        unsafe { std::slice::from_raw_parts(buf.ptr, buf.len) }.to_vec()
    };
    if !buf.ptr.is_null() {
        // SAFETY: the buffer came from this plugin and is freed exactly once.
        unsafe { free_buf(buf) };
    }
    bytes
}

/// The first bytes of a payload, for messages.
fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut end = text.len().min(80);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() { format!("{:?}...", &text[..end]) } else { format!("{text:?}") }
}

impl PluginAnalyzer {
    /// The static info the plugin reported.
    pub fn info(&self) -> &PluginInfo {
        &self.info
    }

    /// The library path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the dependency the plugin declares as `declared` come from the configured
    /// analyzer `configured`, for every pair of `renames`. Errors (with a message for the user)
    /// when a name is not declared by the plugin.
    pub fn rename_dependencies(&mut self, renames: &BTreeMap<String, String>) -> Result<(), String> {
        for (declared, configured) in renames {
            match self.deps.iter_mut().find(|d| &d.declared == declared) {
                Some(dep) => dep.configured = configured.clone(),
                None => {
                    let names: Vec<&str> = self.deps.iter().map(|d| d.declared.as_str()).collect();
                    return Err(format!(
                        "`requires` renames `{declared}`, which plugin `{}` does not declare (it declares: {})",
                        self.plugin,
                        if names.is_empty() { "nothing".to_string() } else { names.join(", ") }
                    ));
                }
            }
        }
        Ok(())
    }

    fn failed(&self, what: &str) -> AnalyzerError {
        AnalyzerError::Failed(format!("plugin `{}` ({}): {what}", self.plugin, self.path.display()))
    }

    /// Calls `lede_plugin_analyze` with a serialized request and returns the status and the
    /// copied output.
    #[allow(unsafe_code)]
    fn call(&self, text: &str, request: &[u8]) -> (i32, Vec<u8>) {
        let _guard = self.lock.as_ref().map(|l| l.lock().unwrap_or_else(|e| e.into_inner()));
        let mut out = LedeBuf::EMPTY;
        // SAFETY: `state` is a live instance (destroyed only in Drop); `text` and `request`
        // outlive the call; `out` is valid for a write. Concurrency: see the `Sync` impl.
        let status =
            unsafe { (self.fns.analyze)(self.state, LedeStr::new(text.as_bytes()), LedeStr::new(request), &mut out) };
        (status, take(self.fns.free_buf, out))
    }
}

impl DynAnalyzer for PluginAnalyzer {
    fn name(&self) -> &str {
        &self.name
    }

    fn dependencies(&self) -> Vec<Dependency> {
        self.deps.iter().map(|d| Dependency { name: d.configured.clone(), optional: d.optional }).collect()
    }

    fn analyze_dyn(&self, doc: &Document, deps: &Dependencies<'_>) -> Result<AnalysisResult, AnalyzerError> {
        let mut dependencies = BTreeMap::new();
        for dep in &self.deps {
            match deps.json(&dep.configured)? {
                Some(v) => {
                    dependencies.insert(dep.declared.as_str(), v);
                }
                None if dep.optional => {}
                None => return Err(AnalyzerError::MissingDependency(dep.configured.clone())),
            }
        }
        let request = RequestRef { id: doc.id(), meta: doc.meta(), dependencies };
        let request =
            serde_json::to_vec(&request).map_err(|e| self.failed(&format!("cannot write the request: {e}")))?;
        let (status, out) = self.call(doc.text(), &request);
        match status {
            STATUS_OK => {
                let value: Value = serde_json::from_slice(&out).map_err(|e| {
                    self.failed(&format!("returned malformed output (not JSON: {e}): {}", preview(&out)))
                })?;
                check_spans(&value, doc.text())
                    .map_err(|problem| self.failed(&format!("returned malformed output: {problem}")))?;
                Ok(AnalysisResult::from(value))
            }
            STATUS_ERROR => Err(self.failed(&String::from_utf8_lossy(&out))),
            STATUS_PANIC => Err(AnalyzerError::Panic(format!(
                "{} (in plugin `{}`, {})",
                String::from_utf8_lossy(&out),
                self.plugin,
                self.path.display()
            ))),
            other => Err(self.failed(&format!("lede_plugin_analyze returned unknown status {other}"))),
        }
    }
}

impl Drop for PluginAnalyzer {
    #[allow(unsafe_code)]
    fn drop(&mut self) {
        if !self.state.is_null() {
            // SAFETY: the instance came from `create`, is not used after this, and the library
            // is still loaded (it is never unloaded).
            unsafe { (self.fns.destroy)(self.state) };
            self.state = std::ptr::null_mut();
        }
    }
}
