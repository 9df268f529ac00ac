//! A direct-mapped cache table shared by the threads of one analyzer: fixed-size slots of eight
//! atomic words (one 64-byte cache line each), each guarded by its own sequence number (a
//! seqlock), so that a value computed by one thread is found by all of them, without locks and
//! without `unsafe`.
//!
//! The sequence number lives in the upper 32 bits of a slot's last word; the other 7.5 words are
//! the payload. It is 0 in a slot never written, odd while a writer stores the payload and even
//! once the payload is whole. A reader loads the sequence (Acquire), the payload (Relaxed), an
//! Acquire fence and the sequence again, and takes the payload only when both loads agree and
//! are even and non-zero (the protocol of crossbeam-utils' `SeqLock`, with atomic payload
//! words). On x86 every one of these loads is a plain load. A writer takes the slot by moving
//! the sequence from even to odd with a compare-exchange (and gives up, leaving the slot to
//! the other writer, when that fails), stores the payload after a Release fence and publishes
//! it with the next even sequence (Release).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering, fence};

/// Words of a slot.
pub(crate) const SLOT_WORDS: usize = 8;

/// The payload bits of a slot's last word (the sequence number is above them).
pub(crate) const LAST_PAYLOAD: u64 = (1 << 32) - 1;

/// One increment of the sequence number in a slot's last word.
const SEQ_ONE: u64 = 1 << 32;

/// A table of `SLOTS` slots, allocated zeroed at its full size on first use: the OS hands out
/// untouched zero pages, so a process touches only the pages it writes, and one that never
/// uses the table allocates nothing.
#[derive(Default)]
pub(crate) struct SharedTable<const SLOTS: usize> {
    /// The words and the offset of the first 64-byte aligned one (`None` when the allocation
    /// failed: the table then caches nothing).
    cells: OnceLock<Option<(Box<[AtomicU64]>, usize)>>,
}

impl<const SLOTS: usize> std::fmt::Debug for SharedTable<SLOTS> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedTable").field("slots", &SLOTS).field("allocated", &self.cells.get().is_some()).finish()
    }
}

impl<const SLOTS: usize> SharedTable<SLOTS> {
    /// The table's slots, allocated on the first call.
    #[inline]
    pub(crate) fn slots(&self) -> Slots<'_> {
        let cells = self.cells.get_or_init(|| {
            use zerocopy::FromZeros;
            // Seven words more than the slots need, so that the slots can start on a line.
            let words =
                <[AtomicU64]>::new_box_zeroed_with_elems(SLOTS.checked_mul(SLOT_WORDS)?.checked_add(7)?).ok()?;
            let offset = (words.as_ptr() as usize / 8).wrapping_neg() % SLOT_WORDS;
            Some((words, offset))
        });
        let words = cells.as_ref().and_then(|(w, off)| w.get(*off..*off + SLOTS * SLOT_WORDS)).unwrap_or(&[]);
        Slots { words }
    }
}

/// The slots of a [`SharedTable`] (none when its allocation failed).
#[derive(Clone, Copy)]
pub(crate) struct Slots<'a> {
    words: &'a [AtomicU64],
}

impl Slots<'_> {
    /// The words of slot `i`.
    #[inline]
    fn slot(&self, i: usize) -> Option<&[AtomicU64; SLOT_WORDS]> {
        self.words.get(i.wrapping_mul(SLOT_WORDS)..)?.first_chunk::<SLOT_WORDS>()
    }

    /// What `f` reads from slot `i`, when the slot holds a whole payload all the while: `None`
    /// for an empty slot, one being written, one written meanwhile or out of range, and when
    /// `f` gives `None` (a key that does not match: `f` may stop reading early). `f` gets the
    /// slot's words, of which it reads the first seven with [`Ordering::Relaxed`] loads, and the
    /// payload bits of the last word; what it reads may be torn, so it only computes its result
    /// from them (the result is dropped when the slot changed).
    #[inline]
    pub(crate) fn read_with<R>(
        &self,
        i: usize,
        f: impl FnOnce(&[AtomicU64; SLOT_WORDS], u64) -> Option<R>,
    ) -> Option<R> {
        let slot = self.slot(i)?;
        let [.., last] = slot;
        let seq = last.load(Ordering::Acquire);
        // One test for "not being written and not empty": rotated, the odd bit of the
        // sequence is the sign and the other bits are not all 0. (A sequence wrapped round to
        // 0 with payload bits 0 reads as empty too: a miss.)
        if seq.rotate_right(33) as i64 <= 0 {
            return None;
        }
        let r = f(slot, seq & LAST_PAYLOAD)?;
        fence(Ordering::Acquire);
        (last.load(Ordering::Relaxed) == seq).then_some(r)
    }

    /// Stores `payload` in slot `i` (the upper 32 bits of its last word are ignored), unless
    /// another thread is writing the slot or `i` is out of range.
    #[inline]
    pub(crate) fn write(&self, i: usize, payload: [u64; SLOT_WORDS]) {
        let Some([w0, w1, w2, w3, w4, w5, w6, last]) = self.slot(i) else { return };
        let seq = last.load(Ordering::Relaxed);
        if seq & SEQ_ONE != 0
            || last.compare_exchange(seq, seq.wrapping_add(SEQ_ONE), Ordering::Acquire, Ordering::Relaxed).is_err()
        {
            return;
        }
        fence(Ordering::Release);
        for (w, &v) in [w0, w1, w2, w3, w4, w5, w6].into_iter().zip(&payload) {
            w.store(v, Ordering::Relaxed);
        }
        let next = (seq & !LAST_PAYLOAD).wrapping_add(2 * SEQ_ONE);
        last.store(next | (payload[7] & LAST_PAYLOAD), Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole payload of slot `i` (the sequence bits of its last word cleared).
    fn read(s: Slots<'_>, i: usize) -> Option<[u64; SLOT_WORDS]> {
        s.read_with(i, |w, last| {
            let mut p = [last; SLOT_WORDS];
            for (x, w) in p.iter_mut().zip(&w[..SLOT_WORDS - 1]) {
                *x = w.load(Ordering::Relaxed);
            }
            Some(p)
        })
    }

    /// Reads see what was written, and nothing in empty or out-of-range slots.
    #[test]
    fn reads_what_was_written() {
        let t = SharedTable::<16>::default();
        let s = t.slots();
        assert_eq!(read(s, 3), None);
        s.write(3, [1, 2, 3, 4, 5, 6, 7, u64::MAX]);
        assert_eq!(read(s, 3), Some([1, 2, 3, 4, 5, 6, 7, LAST_PAYLOAD]));
        s.write(3, [0; SLOT_WORDS]);
        assert_eq!(read(s, 3), Some([0; SLOT_WORDS]));
        assert_eq!(read(s, 16), None);
        s.write(16, [9; SLOT_WORDS]);
        assert_eq!(read(s, usize::MAX), None);
        assert_eq!(t.slots().words.as_ptr() as usize % 64, 0);
    }

    /// A read never returns a torn payload: two writers store payloads whose words are all
    /// equal within a payload (and differ between them) into one slot while two readers read
    /// it, and every payload read has all its words equal.
    #[test]
    fn a_read_is_never_torn() {
        let t = SharedTable::<4>::default();
        let s = t.slots();
        let payload = |v: u64| {
            let mut p = [v; SLOT_WORDS];
            p[7] = v & LAST_PAYLOAD;
            p
        };
        let reads = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for w in 0..2u64 {
                scope.spawn(move || {
                    for k in 0..200_000u64 {
                        s.write(1, payload(1 + w + 2 * (k % 1000)));
                    }
                });
            }
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..200_000 {
                        if let Some(p) = read(s, 1) {
                            assert!(p[..7].iter().all(|&x| x == p[0]), "torn read {p:?}");
                            assert_eq!(p[7], p[0] & LAST_PAYLOAD, "torn read {p:?}");
                            assert_ne!(p[0], 0);
                            reads.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        assert!(reads.into_inner() > 0);
    }
}
