//! Clocks: wall time, and the CPU time of the calling thread or of the whole process.
//!
//! CPU time is what a stage costs whatever else the machine is doing: on a busy machine wall
//! time also counts the time the thread waited for a core. CPU clocks are POSIX
//! `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` and `CLOCK_PROCESS_CPUTIME_ID` (the process clock
//! sums all its threads, finished ones included); elsewhere they are `None`.

use std::time::{Duration, Instant};

#[cfg(unix)]
fn clock(id: libc::clockid_t) -> Option<Duration> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; clock_gettime only writes into it.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    if rc != 0 {
        return None;
    }
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u32::try_from(ts.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

/// CPU time the calling thread has used.
pub fn thread_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        clock(libc::CLOCK_THREAD_CPUTIME_ID)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// CPU time the whole process has used (all threads).
pub fn process_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        clock(libc::CLOCK_PROCESS_CPUTIME_ID)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Measures one interval on both the wall clock and the calling thread's CPU clock.
pub struct Stopwatch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Stopwatch {
    /// Starts measuring.
    pub fn start() -> Stopwatch {
        let cpu = thread_cpu_time();
        Stopwatch { wall: Instant::now(), cpu }
    }

    /// `(wall time, thread CPU time)` since the start; CPU time is `None` without a CPU clock.
    pub fn stop(&self) -> (Duration, Option<Duration>) {
        let wall = self.wall.elapsed();
        let cpu = match (self.cpu, thread_cpu_time()) {
            (Some(a), Some(b)) => Some(b.saturating_sub(a)),
            _ => None,
        };
        (wall, cpu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_clocks_advance_with_work() {
        let sw = Stopwatch::start();
        let mut x = 0u64;
        for i in 0..2_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        std::hint::black_box(x);
        let (wall, cpu) = sw.stop();
        assert!(wall > Duration::ZERO);
        if cfg!(unix) {
            let cpu = cpu.unwrap();
            assert!(cpu > Duration::ZERO);
            assert!(process_cpu_time().unwrap() >= cpu);
        }
    }
}
