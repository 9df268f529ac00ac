//! The analyzer graph: dependency order, and running it on one document.

use lede_core::{AnalysisResult, AnalyzerError, Dependencies, Document, DynAnalyzer};
use rayon::prelude::*;
use serde::Serialize;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A configured analyzer in the pipeline.
pub struct Node {
    name: String,
    span: Range<usize>,
    analyzer: Box<dyn DynAnalyzer>,
    deps: Vec<usize>,
}

impl Node {
    /// A node named `name` (its key in `[analyzers]`) whose table starts at `span` in the config.
    pub fn new(name: String, span: Range<usize>, analyzer: Box<dyn DynAnalyzer>) -> Node {
        Node { name, span, analyzer, deps: Vec::new() }
    }
}

/// A failure recorded for one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocError {
    /// The analyzer that failed, or `None` for an input problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub analyzer: Option<String>,
    /// What went wrong.
    pub message: String,
}

/// The results of the whole pipeline on one document.
#[derive(Debug, Default)]
pub struct DocAnalysis {
    /// `(analyzer name, result)` in config order, for the analyzers that succeeded.
    pub analyses: Vec<(String, AnalysisResult)>,
    /// Failures, in config order.
    pub errors: Vec<DocError>,
}

/// The analyzers of a config in dependency layers: every analyzer of a layer depends only on
/// earlier layers, so the analyzers of one layer run in parallel.
pub struct Pipeline {
    nodes: Vec<Node>,
    layers: Vec<Vec<usize>>,
}

impl Pipeline {
    /// Orders `nodes` by their dependencies. Returns `(config span, message)` problems for
    /// dependencies that are not configured and for cycles.
    pub fn new(mut nodes: Vec<Node>) -> Result<Pipeline, Vec<(Range<usize>, String)>> {
        let mut problems = Vec::new();
        let names: Vec<String> = nodes.iter().map(|n| n.name.clone()).collect();
        for node in &mut nodes {
            let mut deps = Vec::new();
            for dep in node.analyzer.dependencies() {
                match names.iter().position(|n| *n == dep.name) {
                    Some(i) => deps.push(i),
                    None if dep.optional => {}
                    None => problems.push((
                        node.span.clone(),
                        format!(
                            "[analyzers.{}] depends on `{}`, which is not configured; add an [analyzers.{}] table or point the option that names it at a configured analyzer",
                            node.name, dep.name, dep.name
                        ),
                    )),
                }
            }
            deps.sort_unstable();
            deps.dedup();
            node.deps = deps;
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // Kahn's algorithm by levels.
        let n = nodes.len();
        let mut level = vec![usize::MAX; n];
        let mut done = 0;
        let mut layers: Vec<Vec<usize>> = Vec::new();
        while done < n {
            let ready: Vec<usize> = (0..n)
                .filter(|&i| level[i] == usize::MAX && nodes[i].deps.iter().all(|&d| level[d] != usize::MAX))
                .collect();
            if ready.is_empty() {
                let stuck: Vec<usize> = (0..n).filter(|&i| level[i] == usize::MAX).collect();
                let cycle = describe_cycle(&nodes, &stuck);
                let first = stuck.first().map_or(0..0, |&i| nodes[i].span.clone());
                return Err(vec![(first, format!("dependency cycle between analyzers: {cycle}"))]);
            }
            for &i in &ready {
                level[i] = layers.len();
            }
            done += ready.len();
            layers.push(ready);
        }
        Ok(Pipeline { nodes, layers })
    }

    /// The analyzer names in config order.
    pub fn names(&self) -> Vec<&str> {
        self.nodes.iter().map(|n| n.name.as_str()).collect()
    }

    /// The layers, as lists of analyzer names; each layer only depends on earlier ones.
    pub fn layers(&self) -> Vec<Vec<&str>> {
        self.layers.iter().map(|l| l.iter().map(|&i| self.nodes[i].name.as_str()).collect()).collect()
    }

    /// The analyzer named `name` and the names of its dependencies.
    pub fn analyzer(&self, name: &str) -> Option<(&dyn DynAnalyzer, Vec<&str>)> {
        let node = self.nodes.iter().find(|n| n.name == name)?;
        Some((node.analyzer.as_ref(), node.deps.iter().map(|&d| self.nodes[d].name.as_str()).collect()))
    }

    /// Runs every analyzer on `doc`, independent analyzers in parallel. A failing or panicking
    /// analyzer becomes an entry in `errors`; analyzers that depend on it are skipped with an
    /// error saying why; all other results are kept.
    pub fn analyze(&self, doc: &Document) -> DocAnalysis {
        let mut results: Vec<Option<AnalysisResult>> = self.nodes.iter().map(|_| None).collect();
        let mut failures: Vec<Option<String>> = vec![None; self.nodes.len()];
        for layer in &self.layers {
            let outs: Vec<(usize, Result<AnalysisResult, String>)> = if layer.len() == 1 {
                layer.iter().map(|&i| (i, self.run_node(i, doc, &results, &failures))).collect()
            } else {
                layer.par_iter().map(|&i| (i, self.run_node(i, doc, &results, &failures))).collect()
            };
            for (i, out) in outs {
                match out {
                    Ok(v) => results[i] = Some(v),
                    Err(e) => failures[i] = Some(e),
                }
            }
        }
        let mut analysis = DocAnalysis::default();
        for (i, node) in self.nodes.iter().enumerate() {
            if let Some(v) = results[i].take() {
                analysis.analyses.push((node.name.clone(), v));
            }
            if let Some(e) = failures[i].take() {
                analysis.errors.push(DocError { analyzer: Some(node.name.clone()), message: e });
            }
        }
        analysis
    }

    fn run_node(
        &self,
        i: usize,
        doc: &Document,
        results: &[Option<AnalysisResult>],
        failures: &[Option<String>],
    ) -> Result<AnalysisResult, String> {
        let node = &self.nodes[i];
        let mut dep_results: Vec<(&str, &AnalysisResult)> = Vec::with_capacity(node.deps.len());
        for &d in &node.deps {
            match &results[d] {
                Some(v) => dep_results.push((self.nodes[d].name.as_str(), v)),
                None if failures[d].is_some() => {
                    return Err(format!("skipped: `{}`, which it depends on, failed", self.nodes[d].name));
                }
                None => return Err(AnalyzerError::MissingDependency(self.nodes[d].name.clone()).to_string()),
            }
        }
        let deps = Dependencies::new(&dep_results);
        match catch_unwind(AssertUnwindSafe(|| node.analyzer.analyze_dyn(doc, &deps))) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(e.to_string()),
            Err(payload) => Err(AnalyzerError::Panic(panic_message(payload.as_ref())).to_string()),
        }
    }
}

/// The text of a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

fn describe_cycle(nodes: &[Node], stuck: &[usize]) -> String {
    // Walk dependencies inside the stuck set until a node repeats.
    let Some(&start) = stuck.first() else { return String::new() };
    let mut path = vec![start];
    let mut cur = start;
    while let Some(&next) = nodes[cur].deps.iter().find(|d| stuck.contains(d)) {
        if let Some(pos) = path.iter().position(|&p| p == next) {
            let mut names: Vec<&str> = path[pos..].iter().map(|&i| nodes[i].name.as_str()).collect();
            names.push(nodes[next].name.as_str());
            return names.join(" -> ");
        }
        path.push(next);
        cur = next;
    }
    stuck.iter().map(|&i| nodes[i].name.as_str()).collect::<Vec<_>>().join(", ")
}
