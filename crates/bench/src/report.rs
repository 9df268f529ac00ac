//! The report of a bench run: the machine it ran on, and markdown tables of every figure.

use crate::accuracy::{Accuracy, Figure};
use crate::profile::Profile;
use crate::throughput::ThroughputRun;
use serde::Serialize;
use std::fmt::Write as _;

/// The machine and moment a bench ran at; figures mean little without them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Machine {
    /// CPU model (`model name` of `/proc/cpuinfo`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Logical cores available to this process.
    pub cores: usize,
    /// Operating system and kernel release.
    pub os: String,
    /// 1-, 5- and 15-minute load averages (`/proc/loadavg`) at the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_before: Option<[f64; 3]>,
    /// The same at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_after: Option<[f64; 3]>,
    /// UTC date and time of the start, `YYYY-MM-DD HH:MM UTC`.
    pub date: String,
}

impl Machine {
    /// Reads what the system tells about itself now.
    pub fn now() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        });
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").map(|s| s.trim().to_string());
        let os = match release {
            Ok(r) => format!("{} {r}", std::env::consts::OS),
            Err(_) => std::env::consts::OS.to_string(),
        };
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Machine {
            cpu,
            cores: crate::throughput::effective_threads(0),
            os,
            load_before: load_average(),
            load_after: None,
            date: utc_date(secs),
        }
    }
}

/// The load averages of `/proc/loadavg`.
pub fn load_average() -> Option<[f64; 3]> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    let mut it = s.split_whitespace().map(|x| x.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

/// `YYYY-MM-DD HH:MM UTC` for seconds since the Unix epoch.
pub fn utc_date(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02} UTC", rem / 3600, rem % 3600 / 60)
}

/// Everything one `lede bench` measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchReport {
    /// lede's version.
    pub version: String,
    /// Where and when.
    pub machine: Machine,
    /// The config file.
    pub config: String,
    /// The analyzers in config order.
    pub analyzers: Vec<String>,
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// How many times the inputs were read in a row.
    pub repeat: usize,
    /// Heap the built pipeline holds (models, lexicons), when heap counting is available.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pipeline_heap_bytes: Option<u64>,
    /// Time per stage on one thread.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The runner at each thread count.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub throughput: Vec<ThroughputRun>,
    /// Figures on gold files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accuracy: Option<Accuracy>,
}

/// A markdown table with columns padded to line up; the columns listed in `right` are right-aligned.
pub fn markdown_table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count().max(3)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("|");
        for (i, w) in widths.iter().enumerate() {
            let cell = cells.get(i).map_or("", String::as_str);
            if right.contains(&i) {
                let _ = write!(s, " {cell:>w$} |");
            } else {
                let _ = write!(s, " {cell:<w$} |");
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    let mut rule = String::from("|");
    for (i, w) in widths.iter().enumerate() {
        let dashes = "-".repeat(w.saturating_sub(1));
        if right.contains(&i) {
            let _ = write!(rule, " {dashes}: |");
        } else {
            let _ = write!(rule, " {dashes}- |");
        }
    }
    out.push_str(&rule);
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// Bytes as MiB with one decimal.
pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

fn rate(x: f64) -> String {
    if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// A figure as text: ratios as percentages, correlations as three decimals.
pub fn figure(f: &Figure) -> String {
    let v = match f.value {
        None => "-".to_string(),
        Some(x) if f.name.contains("pearson") || f.name.contains("spearman") => format!("{x:.3}"),
        Some(x) => format!("{:.1}", 100.0 * x),
    };
    format!("{} {v}", f.name)
}

fn load(l: Option<[f64; 3]>) -> String {
    l.map_or_else(|| "unknown".to_string(), |[a, b, c]| format!("{a:.2} {b:.2} {c:.2}"))
}

impl BenchReport {
    /// The report as markdown: a header naming the machine, then one table per measurement.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let m = &self.machine;
        let _ = writeln!(out, "## lede bench\n");
        let _ = writeln!(
            out,
            "- lede {} on {} ({} cores, {})",
            self.version,
            m.cpu.as_deref().unwrap_or("unknown CPU"),
            m.cores,
            m.os
        );
        let _ = writeln!(
            out,
            "- {}; load average {} at the start, {} at the end",
            m.date,
            load(m.load_before),
            load(m.load_after)
        );
        let _ = writeln!(out, "- config `{}`: {}", self.config, self.analyzers.join(", "));
        let repeat = if self.repeat > 1 { format!(" (read {} times)", self.repeat) } else { String::new() };
        let _ = writeln!(out, "- input: {}{repeat}", self.inputs.join(" "));
        if let Some(h) = self.pipeline_heap_bytes {
            let _ = writeln!(out, "- heap held by the built pipeline (models, lexicons): {}", mib(h));
        }
        if let Some(p) = &self.profile {
            let clock = if p.cpu_clock {
                "CPU time of the thread, so other load on the machine does not count"
            } else {
                "wall-clock time"
            };
            let _ = writeln!(
                out,
                "\n### Per analyzer, one thread\n\n{} documents, {:.2} MB of text. Each stage timed alone ({clock}), in \
                 dependency order; MB/s is the rate the stage would reach alone on one core; peak heap is the most \
                 one call allocated. Wall-clock total: {:.3} s.\n",
                p.documents,
                p.bytes as f64 / 1e6,
                p.wall_seconds
            );
            let mut rows: Vec<Vec<String>> = p
                .stages
                .iter()
                .map(|s| {
                    vec![
                        s.name.clone(),
                        s.kind.clone().unwrap_or_default(),
                        format!("{:.1}%", 100.0 * s.share),
                        format!("{:.3}", s.seconds),
                        rate(s.mb_per_s),
                        rate(s.docs_per_s),
                        s.peak_heap_bytes.map_or_else(|| "-".to_string(), mib),
                        s.errors.to_string(),
                    ]
                })
                .collect();
            rows.push(vec![
                "total".to_string(),
                String::new(),
                "100.0%".to_string(),
                format!("{:.3}", p.seconds),
                rate(p.mb_per_s),
                rate(p.docs_per_s),
                String::new(),
                String::new(),
            ]);
            out.push_str(&markdown_table(
                &["stage", "kind", "share", "seconds", "MB/s", "docs/s", "peak heap/call", "errors"],
                &rows,
                &[2, 3, 4, 5, 6, 7],
            ));
            if let Some(rss) = p.peak_rss_bytes {
                let since = if p.peak_rss_reset { "" } else { " (since the process started)" };
                let _ = writeln!(out, "\nPeak RSS during the profile: {}{since}.", mib(rss));
            }
        }
        if !self.throughput.is_empty() {
            let runs = self.throughput.first().map_or(0, |r| r.seconds.len());
            let _ = writeln!(
                out,
                "\n### Whole pipeline through the runner\n\nRead, segment, analyze, serialize, write to a sink, as `lede run` \
                 does. Each thread count starts new worker threads on a pipeline built anew: their first run (`first`), while every \
                 cache is empty, as in a one-off `lede run`, is timed on its own; then median of {runs} run(s) on the same workers \
                 and pipeline, as a program that keeps them sees it. MB/s is MB of document text per wall-clock second; MB/CPU-s divides by the CPU time of all threads \
                 (on one thread, the rate of a dedicated core even on a busy machine). Peak RSS is VmHWM of \
                 /proc/self/status, reset before each thread count.\n"
            );
            let rows: Vec<Vec<String>> = self
                .throughput
                .iter()
                .map(|r| {
                    vec![
                        r.threads.to_string(),
                        r.documents.to_string(),
                        format!("{:.2}", r.bytes as f64 / 1e6),
                        format!("{:.3}", r.median_seconds),
                        rate(r.mb_per_s),
                        rate(r.docs_per_s),
                        r.mb_per_cpu_s.map_or_else(|| "-".to_string(), rate),
                        r.speedup.map_or_else(|| "-".to_string(), |s| format!("{s:.2}x")),
                        rate(r.first_mb_per_s),
                        r.first_speedup.map_or_else(|| "-".to_string(), |s| format!("{s:.2}x")),
                        r.peak_rss_bytes.map_or_else(|| "-".to_string(), mib),
                        r.seconds.iter().map(|s| format!("{s:.2}")).collect::<Vec<_>>().join(" "),
                    ]
                })
                .collect();
            out.push_str(&markdown_table(
                &[
                    "threads",
                    "docs",
                    "MB",
                    "median s",
                    "MB/s",
                    "docs/s",
                    "MB/CPU-s",
                    "speed-up",
                    "first MB/s",
                    "first speed-up",
                    "peak RSS",
                    "runs (s)",
                ],
                &rows,
                &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            ));
        }
        if let Some(a) = &self.accuracy {
            let _ = writeln!(
                out,
                "\n### Accuracy (lede eval)\n\n{:.2} MB of gold text analyzed at {} MB/s. Ratios in %, correlations as r.\n",
                a.bytes as f64 / 1e6,
                rate(a.mb_per_s)
            );
            let rows: Vec<Vec<String>> = a
                .tasks
                .iter()
                .map(|t| {
                    vec![
                        t.gold.clone(),
                        t.task.to_string(),
                        t.analyzer.clone(),
                        t.documents.to_string(),
                        t.figures.iter().map(figure).collect::<Vec<_>>().join(", "),
                    ]
                })
                .collect();
            out.push_str(&markdown_table(&["gold", "task", "analyzer", "docs", "figures"], &rows, &[3]));
            for s in &a.skipped {
                let _ = writeln!(out, "\nNot scored: {s}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_epoch_seconds() {
        assert_eq!(utc_date(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_date(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_date(1_700_000_000), "2023-11-14 22:13 UTC");
    }

    #[test]
    fn tables_line_up_and_align() {
        let t = markdown_table(
            &["name", "MB/s"],
            &[vec!["entity".into(), "5.1".into()], vec!["q".into(), "120".into()]],
            &[1],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "| name   | MB/s |");
        assert_eq!(lines[1], "| ------ | ---: |");
        assert_eq!(lines[2], "| entity |  5.1 |");
        assert_eq!(lines[3], "| q      |  120 |");
    }

    #[test]
    fn figures_print_as_percent_or_correlation() {
        assert_eq!(figure(&Figure { name: "F1".into(), value: Some(0.8834) }), "F1 88.3");
        assert_eq!(figure(&Figure { name: "pearson r".into(), value: Some(0.4934) }), "pearson r 0.493");
        assert_eq!(figure(&Figure { name: "speaker".into(), value: None }), "speaker -");
    }
}
