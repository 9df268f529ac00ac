//! Progress bar and diagnostics on stderr during `lede run`.

use indicatif::{ProgressBar, ProgressStyle};
use lede_runner::{DocError, Observer, Summary};

/// Inputs smaller than this finish too fast for a progress bar to help.
const PROGRESS_MIN_BYTES: u64 = 8 << 20;
/// Per-document diagnostics printed before the rest are only counted.
const MAX_PRINTED: usize = 20;

/// Shows a progress bar (documents, MB/s) when stderr is a terminal and the input is large, and
/// prints the first diagnostics.
pub struct ProgressObserver {
    bar: Option<ProgressBar>,
    printed: usize,
    suppressed: usize,
}

impl ProgressObserver {
    /// `total` is the input size in bytes when known (None for stdin).
    pub fn new(enabled: bool, total: Option<u64>) -> ProgressObserver {
        let bar = match total {
            _ if !enabled => None,
            Some(t) if t < PROGRESS_MIN_BYTES => None,
            Some(t) => {
                let bar = ProgressBar::new(t);
                bar.set_style(
                    ProgressStyle::with_template(
                        "{elapsed_precise} [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} {msg} (eta {eta})",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                Some(bar)
            }
            None => {
                let bar = ProgressBar::new_spinner();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {elapsed_precise} {decimal_bytes} {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                Some(bar)
            }
        };
        ProgressObserver { bar, printed: 0, suppressed: 0 }
    }

    fn print(&mut self, line: String) {
        if self.printed >= MAX_PRINTED {
            self.suppressed += 1;
            return;
        }
        self.printed += 1;
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Clears the bar and says how many diagnostics were not printed.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.suppressed > 0 {
            eprintln!(
                "lede: {} more diagnostics not shown; see each record's `errors` and `warnings`",
                self.suppressed
            );
        }
    }
}

impl Observer for ProgressObserver {
    fn progress(&mut self, s: &Summary) {
        if let Some(bar) = &self.bar {
            bar.set_position(s.bytes);
            bar.set_message(format!("{} docs, {:.1} MB/s", s.documents, s.mb_per_s()));
        }
    }

    fn warning(&mut self, id: &str, message: &str) {
        self.print(format!("lede: warning: {id}: {message}"));
    }

    fn error(&mut self, id: &str, error: &DocError) {
        let line = match &error.analyzer {
            Some(a) => format!("lede: error: {id}: analyzer `{a}`: {}", error.message),
            None => format!("lede: error: {id}: {}", error.message),
        };
        self.print(line);
    }
}
