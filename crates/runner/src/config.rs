//! The pipeline config file (`config/pipeline.toml`): parsing, validation and building.
//!
//! Every problem found is collected (not just the first) and reported as
//! `file:line:column: message`, the way compilers do.

use crate::pipeline::{Node, Pipeline, panic_message};
use lede_core::{AnalyzerKind, BuildContext, BuildError, DynAnalyzer, Options, Registry};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// What happens when an analyzer fails on a document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnError {
    /// Keep going, write the failure under the document's `errors`, and end the run non-zero.
    #[default]
    Fail,
    /// Keep going and end the run with status 0 all the same.
    Continue,
}

/// The `[run]` section: how documents are read and scheduled.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct RunSettings {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Inputs used when the command line names none; relative to the config file's folder.
    pub input: Vec<PathBuf>,
    /// Documents analyzed together before their output is written (memory stays bounded by it).
    pub batch_size: usize,
    /// Documents larger than this many MiB are not analyzed; they get an error entry instead.
    pub max_document_mib: usize,
}

impl Default for RunSettings {
    fn default() -> RunSettings {
        RunSettings { threads: 0, input: Vec::new(), batch_size: 64, max_document_mib: 64 }
    }
}

/// The top-level keys other than `[analyzers]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TopLevel {
    version: u32,
    // CONTRACT.md spells this key with an underscore.
    #[serde(default, rename = "on_error", alias = "on-error")]
    on_error: OnError,
    #[serde(default)]
    run: RunSettings,
    #[serde(default)]
    #[allow(dead_code)]
    analyzers: serde::de::IgnoredAny,
}

/// One problem in a config file, with its position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what is expected.
    pub message: String,
}

/// A config file that could not be read or is invalid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config {}: {source}", path.display())]
    Read {
        /// The config path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file was read but has problems; all of them are listed.
    #[error("{}", render_problems(path, problems))]
    Invalid {
        /// The config path.
        path: PathBuf,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
}

fn render_problems(path: &Path, problems: &[Problem]) -> String {
    let mut out = String::new();
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{}:{}:{}: {}", path.display(), p.line, p.column, p.message));
    }
    out
}

/// The supported config `version`.
pub const CONFIG_VERSION: u32 = 1;

/// A validated pipeline config with its analyzers built.
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// What to do when an analyzer fails.
    pub on_error: OnError,
    /// Scheduling and default inputs.
    pub run: RunSettings,
    /// The analyzers in dependency order.
    pub pipeline: Pipeline,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("path", &self.path)
            .field("on_error", &self.on_error)
            .field("run", &self.run)
            .field("analyzers", &self.pipeline.names())
            .finish()
    }
}

impl Config {
    /// Reads and builds the config at `path`.
    pub fn load(path: &Path, registry: &Registry) -> Result<Config, ConfigError> {
        let src =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        Config::parse(&src, path, registry)
    }

    /// Parses and builds a config from its text; `path` is used for messages and to resolve
    /// relative paths.
    pub fn parse(src: &str, path: &Path, registry: &Registry) -> Result<Config, ConfigError> {
        let mut problems = Problems { src, list: Vec::new() };
        let config_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = match DeTable::parse(src) {
            Ok(root) => root,
            Err(e) => {
                problems.push(e.span(), e.message().trim_end().to_string());
                return Err(problems.into_error(path));
            }
        };
        let root_span = root.span();
        let top = TopLevel::deserialize(ValueDeserializer::from(Spanned::new(
            root_span,
            DeValue::Table(root.get_ref().clone()),
        )));
        let (on_error, run) = match top {
            Ok(top) => {
                if top.version != CONFIG_VERSION {
                    let span = key_value_span(root.get_ref(), "version");
                    problems.push(
                        span,
                        format!("unsupported config version {}; this lede reads version {CONFIG_VERSION}", top.version),
                    );
                }
                (top.on_error, top.run)
            }
            Err(e) => {
                let msg = e.message().trim_end().to_string();
                let msg = if msg.contains("missing field `version`") {
                    format!("missing `version = {CONFIG_VERSION}` at the top of the file")
                } else {
                    msg
                };
                problems.push(e.span(), msg);
                (OnError::default(), RunSettings::default())
            }
        };

        let specs = analyzer_tables(root.get_ref(), &mut problems);
        let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
        let mut known = Vec::new();
        for spec in specs {
            match registry.get(&spec.kind) {
                Some(kind) => known.push((spec, kind)),
                None => {
                    let kinds: Vec<&str> = registry.kinds().iter().map(|k| k.kind).collect();
                    problems.push(
                        Some(spec.kind_span.clone()),
                        format!(
                            "unknown analyzer kind `{}` in [analyzers.{}]; expected one of: {}",
                            spec.kind,
                            spec.name,
                            kinds.join(", ")
                        ),
                    );
                }
            }
        }
        let built = build_all(&known, &config_dir, &names);
        let mut nodes = Vec::new();
        for ((spec, _), result) in known.into_iter().zip(built) {
            match result {
                Ok(analyzer) => nodes.push(Node::new(spec.name, spec.table_span, analyzer)),
                Err(err) => {
                    let span = match &err {
                        BuildError::Option { span, .. } => span.clone().or(Some(spec.table_span.clone())),
                        _ => Some(spec.table_span.clone()),
                    };
                    problems.push(span, format!("[analyzers.{}] ({}): {err}", spec.name, spec.kind));
                }
            }
        }
        if !problems.list.is_empty() {
            return Err(problems.into_error(path));
        }
        match Pipeline::new(nodes) {
            Ok(pipeline) => Ok(Config { path: path.to_path_buf(), on_error, run, pipeline }),
            Err(graph_problems) => {
                for (span, message) in graph_problems {
                    problems.push(Some(span), message);
                }
                Err(problems.into_error(path))
            }
        }
    }

    /// The config file's folder, against which relative paths resolve.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }
}

/// Builds every analyzer, each on a thread of its own: loading models and lexicons is most of a
/// short run's start-up, and the analyzers do not depend on each other to be built. Results
/// come back in config order; an analyzer whose build panics gets a build error (a thread that
/// cannot be started builds its analyzer on this one).
fn build_all(
    specs: &[(AnalyzerSpec<'_>, &AnalyzerKind)],
    config_dir: &Path,
    names: &[String],
) -> Vec<Result<Box<dyn DynAnalyzer>, BuildError>> {
    let build = |(spec, kind): &(AnalyzerSpec<'_>, &AnalyzerKind)| {
        let ctx = BuildContext { name: &spec.name, config_dir, configured: names };
        (kind.build)(&spec.options, &ctx)
    };
    let panicked = |payload: Box<dyn std::any::Any + Send>| {
        Err(BuildError::Other(format!("building it panicked: {}", panic_message(payload.as_ref()))))
    };
    std::thread::scope(|scope| {
        let jobs: Vec<_> = specs
            .iter()
            .map(|job| (job, std::thread::Builder::new().spawn_scoped(scope, move || build(job))))
            .collect();
        jobs.into_iter()
            .map(|(job, handle)| match handle {
                Ok(handle) => handle.join().unwrap_or_else(panicked),
                Err(_) => {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(job))).unwrap_or_else(panicked)
                }
            })
            .collect()
    })
}

struct AnalyzerSpec<'a> {
    name: String,
    kind: String,
    kind_span: Range<usize>,
    table_span: Range<usize>,
    options: Options<'a>,
}

fn key_value_span(table: &DeTable<'_>, key: &str) -> Option<Range<usize>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v.span())
}

/// Collects the `[analyzers.NAME]` tables, reporting malformed ones.
fn analyzer_tables<'a>(root: &DeTable<'a>, problems: &mut Problems<'_>) -> Vec<AnalyzerSpec<'a>> {
    let mut out = Vec::new();
    let Some((key, analyzers)) = root.iter().find(|(k, _)| k.get_ref() == "analyzers") else {
        problems
            .push(Some(0..0), "no analyzers configured; add at least one [analyzers.NAME] table with a `kind`".into());
        return out;
    };
    let DeValue::Table(table) = analyzers.get_ref() else {
        problems.push(Some(key.span()), "`analyzers` must be a table of [analyzers.NAME] tables".into());
        return out;
    };
    if table.is_empty() {
        problems.push(
            Some(key.span()),
            "no analyzers configured; add at least one [analyzers.NAME] table with a `kind`".into(),
        );
    }
    for (name, value) in table.iter() {
        let name_str = name.get_ref().to_string();
        let DeValue::Table(body) = value.get_ref() else {
            problems.push(Some(value.span()), format!("`analyzers.{name_str}` must be a table with a `kind`"));
            continue;
        };
        let Some((_, kind_value)) = body.iter().find(|(k, _)| k.get_ref() == "kind") else {
            problems.push(
                Some(name.span()),
                format!("[analyzers.{name_str}] has no `kind`; set kind = \"entity\", \"quote\", \"number\", \"sentiment\" or \"plugin\""),
            );
            continue;
        };
        let DeValue::String(kind) = kind_value.get_ref() else {
            problems.push(Some(kind_value.span()), format!("`kind` of [analyzers.{name_str}] must be a string"));
            continue;
        };
        let mut rest = DeTable::new();
        for (k, v) in body.iter().filter(|(k, _)| k.get_ref() != "kind") {
            rest.insert(k.clone(), v.clone());
        }
        out.push(AnalyzerSpec {
            name: name_str,
            kind: kind.to_string(),
            kind_span: kind_value.span(),
            table_span: name.span(),
            options: Options::new(Spanned::new(value.span(), DeValue::Table(rest))),
        });
    }
    out
}

struct Problems<'s> {
    src: &'s str,
    list: Vec<(usize, Problem)>,
}

impl Problems<'_> {
    fn push(&mut self, span: Option<Range<usize>>, message: String) {
        let offset = span.map_or(0, |s| s.start).min(self.src.len());
        let (line, column) = line_column(self.src, offset);
        self.list.push((offset, Problem { line, column, message }));
    }

    fn into_error(mut self, path: &Path) -> ConfigError {
        self.list.sort_by_key(|(offset, _)| *offset);
        ConfigError::Invalid { path: path.to_path_buf(), problems: self.list.into_iter().map(|(_, p)| p).collect() }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}
