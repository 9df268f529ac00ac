//! Memory figures: the process's resident set from `/proc/self/status` (Linux), and a counting
//! allocator that measures heap use per analyzer call.
//!
//! * Peak RSS is `VmHWM` ("high water mark") of `/proc/self/status`: the largest resident set the
//!   process has had. [`reset_peak_rss`] writes `5` to `/proc/self/clear_refs`, which resets it to
//!   the current resident set (Linux 4.0 and later), so a peak can be measured per phase. On other
//!   systems these functions return `None`/`false` and the figures are left out.
//! * Heap figures come from [`CountingAlloc`], a wrapper around mimalloc that a binary installs
//!   with `#[global_allocator]`. It counts only while [`set_heap_tracking`] is on; when off, each
//!   allocation costs one relaxed atomic load more than mimalloc itself.

use mimalloc::MiMalloc as Inner;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering::Relaxed};

static TRACKING: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

/// The allocator of the `lede` binary: mimalloc (faster than the system allocator on the many
/// small, short-lived allocations of text analysis), counting live heap bytes while
/// [`set_heap_tracking`] is on.
///
/// ```ignore
/// #[global_allocator]
/// static ALLOC: lede_bench::CountingAlloc = lede_bench::CountingAlloc;
/// ```
pub struct CountingAlloc;

fn add(bytes: usize) {
    let delta = i64::try_from(bytes).unwrap_or(i64::MAX);
    let now = CURRENT.fetch_add(delta, Relaxed).saturating_add(delta);
    PEAK.fetch_max(now, Relaxed);
}

fn sub(bytes: usize) {
    CURRENT.fetch_sub(i64::try_from(bytes).unwrap_or(i64::MAX), Relaxed);
}

// SAFETY: every method forwards to mimalloc with the same arguments and returns its result
// unchanged; the counters are plain atomics and never allocate.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !INSTALLED.load(Relaxed) {
            INSTALLED.store(true, Relaxed);
        }
        // SAFETY: forwarded as is; the caller upholds `GlobalAlloc::alloc`'s contract.
        let ptr = unsafe { Inner.alloc(layout) };
        if !ptr.is_null() && TRACKING.load(Relaxed) {
            add(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let ptr = unsafe { Inner.alloc_zeroed(layout) };
        if !ptr.is_null() && TRACKING.load(Relaxed) {
            add(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by mimalloc (every method above forwards to it).
        unsafe { Inner.dealloc(ptr, layout) };
        if TRACKING.load(Relaxed) {
            sub(layout.size());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the caller upholds `GlobalAlloc::realloc`'s contract.
        let new = unsafe { Inner.realloc(ptr, layout, new_size) };
        if !new.is_null() && TRACKING.load(Relaxed) {
            sub(layout.size());
            add(new_size);
        }
        new
    }
}

/// Turns heap counting on or off (it only works when [`CountingAlloc`] is the global allocator).
pub fn set_heap_tracking(on: bool) {
    TRACKING.store(on, Relaxed);
}

/// Whether [`CountingAlloc`] is the global allocator of this process (it has served an allocation).
pub fn heap_tracking_available() -> bool {
    INSTALLED.load(Relaxed)
}

/// Live heap bytes counted since tracking was turned on (frees of older blocks can make it
/// negative; only differences are meaningful).
pub fn heap_current() -> i64 {
    CURRENT.load(Relaxed)
}

/// Sets the heap peak to the current count and returns that count: the base to subtract from a
/// later [`heap_peak`].
pub fn reset_heap_peak() -> i64 {
    let now = CURRENT.load(Relaxed);
    PEAK.store(now, Relaxed);
    now
}

/// The highest count since the last [`reset_heap_peak`].
pub fn heap_peak() -> i64 {
    PEAK.load(Relaxed)
}

/// A `kB` field of `/proc/self/status`, in bytes.
fn status_field(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_status_field(&status, field)
}

/// Parses `Field:   1234 kB` out of the text of a `/proc/PID/status` file, in bytes.
pub fn parse_status_field(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        let kb: u64 = rest.split_whitespace().next()?.parse().ok()?;
        Some(kb.saturating_mul(1024))
    })
}

/// The peak resident set of this process in bytes (`VmHWM`), on Linux.
pub fn peak_rss() -> Option<u64> {
    status_field("VmHWM")
}

/// The current resident set of this process in bytes (`VmRSS`), on Linux.
pub fn current_rss() -> Option<u64> {
    status_field("VmRSS")
}

/// Resets the peak resident set to the current one (Linux: `echo 5 > /proc/self/clear_refs`).
/// Returns false when that is not possible; the peak then counts from the start of the process.
pub fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kb_fields_of_proc_status() {
        let status = "Name:\tlede\nVmPeak:\t  20000 kB\nVmHWM:\t    1500 kB\nVmRSS:\t    1200 kB\n";
        assert_eq!(parse_status_field(status, "VmHWM"), Some(1_536_000));
        assert_eq!(parse_status_field(status, "VmRSS"), Some(1_228_800));
        assert_eq!(parse_status_field(status, "VmSwap"), None);
        assert_eq!(parse_status_field("VmHWM:\tlots kB\n", "VmHWM"), None);
    }

    #[test]
    fn peak_counter_follows_adds_and_resets() {
        // The allocator is not installed in unit tests, so drive the counters directly.
        let base = reset_heap_peak();
        add(1000);
        sub(1000);
        add(10);
        assert!(heap_peak() - base >= 1000);
        sub(10);
        let base = reset_heap_peak();
        assert_eq!(heap_peak(), base);
    }
}
