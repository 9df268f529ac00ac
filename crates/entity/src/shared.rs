//! A direct-mapped cache table shared by the threads of one analyzer: slots of eight atomic
//! words (one 64-byte cache line each), each guarded by its own sequence number (a seqlock), so
//! that a value computed by one thread is found by all of them, without locks on the way and
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
//!
//! The table starts small and doubles as it fills, like the per-thread caches it replaced: a
//! process that reads one short document touches a table the size of that document, not
//! megabytes of slots (the allocator backs large blocks with 2 MiB huge pages, each zeroed by
//! the kernel at its first touch). A thread that finds the table too full for its next document
//! builds a larger one from it and publishes it; the others go on with the one they hold until
//! their next document, and what they write there meanwhile is only a cache entry lost.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering, fence};
use std::sync::{Arc, Mutex, PoisonError};

/// Words of a slot.
pub(crate) const SLOT_WORDS: usize = 8;

/// The payload bits of a slot's last word (the sequence number is above them).
const LAST_PAYLOAD: u64 = (1 << 32) - 1;

/// One increment of the sequence number in a slot's last word.
const SEQ_ONE: u64 = 1 << 32;

/// A shared table of between `MIN` and `MAX` slots (`MIN` times a power of two), allocated on
/// first use: a process that never uses it allocates nothing.
#[derive(Default)]
pub(crate) struct SharedTable<const MIN: usize, const MAX: usize> {
    /// The table in use (none before the first use).
    current: Mutex<Option<Arc<Table>>>,
    /// Set while a thread builds a larger table.
    growing: AtomicBool,
}

impl<const MIN: usize, const MAX: usize> std::fmt::Debug for SharedTable<MIN, MAX> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let slots = self.lock().as_ref().map_or(0, |t| t.slots);
        f.debug_struct("SharedTable").field("slots", &slots).finish_non_exhaustive()
    }
}

impl<const MIN: usize, const MAX: usize> SharedTable<MIN, MAX> {
    /// The table to use for the next document, which may fill `demand` slots more: first made
    /// larger (doubled, up to `MAX` slots) until its slots in use plus `demand` fill at most a
    /// quarter of it. `index` gives the slot of a payload in a table of a number of slots; the
    /// entries of a smaller table are moved by it.
    pub(crate) fn table(&self, demand: usize, index: impl Fn(&[u64; SLOT_WORDS], usize) -> usize) -> Arc<Table> {
        let t = {
            let mut cur = self.lock();
            match &*cur {
                Some(t) => t.clone(),
                None => {
                    let t = Arc::new(Table::new(Self::size(0, 0, demand)));
                    *cur = Some(t.clone());
                    t
                }
            }
        };
        // One thread at a time builds a larger table (the others go on with the one they
        // hold), and only it replaces the table in use once there is one: the table it grows
        // from is still the one in use when it publishes the larger one.
        if Self::size(t.slots, t.used(), demand) <= t.slots || self.growing.swap(true, Ordering::Acquire) {
            return t;
        }
        let from = self.lock().clone().unwrap_or(t);
        let want = Self::size(from.slots, from.used(), demand);
        let t = if want > from.slots {
            let larger = Arc::new(Table::new(want));
            larger.take_entries(&from, &index);
            *self.lock() = Some(larger.clone());
            larger
        } else {
            from
        };
        self.growing.store(false, Ordering::Release);
        t
    }

    /// The table in use, locked.
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Table>>> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The slots a table of `slots` slots with `used` in use grows to for `demand` more.
    fn size(slots: usize, used: usize, demand: usize) -> usize {
        let mut n = slots.max(MIN);
        while used.saturating_add(demand).saturating_mul(4) > n && n < MAX {
            n = n.saturating_mul(2).min(MAX);
        }
        n
    }
}

/// One table of a [`SharedTable`].
pub(crate) struct Table {
    /// The words, the first 64-byte aligned one at `offset` (none when the allocation failed:
    /// the table then caches nothing).
    words: Box<[AtomicU64]>,
    offset: usize,
    /// Number of slots.
    slots: usize,
    /// Slots in use, as counted by [`Table::add_used`].
    used: AtomicUsize,
}

impl Table {
    /// A table of `slots` empty slots, allocated zeroed (the OS hands out untouched zero pages).
    fn new(slots: usize) -> Table {
        use zerocopy::FromZeros;
        // Seven words more than the slots need, so that the slots can start on a line.
        let words = slots
            .checked_mul(SLOT_WORDS)
            .and_then(|n| n.checked_add(SLOT_WORDS - 1))
            .and_then(|n| <[AtomicU64]>::new_box_zeroed_with_elems(n).ok());
        match words {
            Some(words) => {
                let offset = (words.as_ptr() as usize / 8).wrapping_neg() % SLOT_WORDS;
                Table { words, offset, slots, used: AtomicUsize::new(0) }
            }
            None => Table { words: Box::new([]), offset: 0, slots: 0, used: AtomicUsize::new(0) },
        }
    }

    /// The table's slots.
    #[inline]
    pub(crate) fn slots(&self) -> Slots<'_> {
        let words = self.words.get(self.offset..).and_then(|w| w.get(..self.slots * SLOT_WORDS)).unwrap_or(&[]);
        Slots { words }
    }

    /// Slots in use.
    fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Counts `n` more slots in use (the threads count the empty slots they fill, see
    /// [`Slots::write`], and add them up once a document, not once a fill).
    #[inline]
    pub(crate) fn add_used(&self, n: usize) {
        if n > 0 {
            self.used.fetch_add(n, Ordering::Relaxed);
        }
    }

    /// Moves the entries of `old` into this table (new: no other thread sees it yet), each to
    /// its slot by `index` (the first of two for one slot wins).
    fn take_entries(&self, old: &Table, index: &impl Fn(&[u64; SLOT_WORDS], usize) -> usize) {
        let (from, to) = (old.slots(), self.slots());
        let mut used = 0;
        for i in 0..from.len() {
            if let Some(p) = from.payload(i) {
                used += usize::from(to.put_unshared(index(&p, to.len()), p));
            }
        }
        self.add_used(used);
    }
}

/// The slots of a [`Table`] (none when its allocation failed).
#[derive(Clone, Copy)]
pub(crate) struct Slots<'a> {
    words: &'a [AtomicU64],
}

impl Slots<'_> {
    /// Number of slots.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.words.len() / SLOT_WORDS
    }

    /// The whole payload of slot `i` (the sequence bits of its last word cleared), if it holds
    /// one.
    fn payload(&self, i: usize) -> Option<[u64; SLOT_WORDS]> {
        self.read_with(i, |w, last| {
            let mut p = [last; SLOT_WORDS];
            for (x, w) in p.iter_mut().zip(&w[..SLOT_WORDS - 1]) {
                *x = w.load(Ordering::Relaxed);
            }
            Some(p)
        })
    }

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

    /// Stores `payload` in slot `i` if it is empty (true then), in a table no other thread
    /// sees yet: without the compare-exchange of [`write`](Self::write) (the table is handed
    /// to the others through a mutex, which orders these stores before their reads).
    fn put_unshared(&self, i: usize, payload: [u64; SLOT_WORDS]) -> bool {
        let Some([w0, w1, w2, w3, w4, w5, w6, last]) = self.slot(i) else { return false };
        if last.load(Ordering::Relaxed) != 0 {
            return false;
        }
        for (w, &v) in [w0, w1, w2, w3, w4, w5, w6].into_iter().zip(&payload) {
            w.store(v, Ordering::Relaxed);
        }
        last.store((2 * SEQ_ONE) | (payload[7] & LAST_PAYLOAD), Ordering::Relaxed);
        true
    }

    /// Stores `payload` in slot `i` (the upper 32 bits of its last word are ignored), unless
    /// another thread is writing the slot or `i` is out of range; true when the slot was
    /// empty (never written) and now is not.
    #[inline]
    pub(crate) fn write(&self, i: usize, payload: [u64; SLOT_WORDS]) -> bool {
        let Some([w0, w1, w2, w3, w4, w5, w6, last]) = self.slot(i) else { return false };
        let seq = last.load(Ordering::Relaxed);
        if seq & SEQ_ONE != 0
            || last.compare_exchange(seq, seq.wrapping_add(SEQ_ONE), Ordering::Acquire, Ordering::Relaxed).is_err()
        {
            return false;
        }
        fence(Ordering::Release);
        for (w, &v) in [w0, w1, w2, w3, w4, w5, w6].into_iter().zip(&payload) {
            w.store(v, Ordering::Relaxed);
        }
        let next = (seq & !LAST_PAYLOAD).wrapping_add(2 * SEQ_ONE);
        last.store(next | (payload[7] & LAST_PAYLOAD), Ordering::Release);
        seq < SEQ_ONE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table of `n` slots, whatever its use.
    fn table_of(n: usize) -> Arc<Table> {
        SharedTable::<4, 1024>::default().table(n / 4, |_, _| 0)
    }

    /// Reads see what was written, and nothing in empty or out-of-range slots.
    #[test]
    fn reads_what_was_written() {
        let t = table_of(16);
        let s = t.slots();
        assert_eq!(s.len(), 16);
        assert_eq!(s.payload(3), None);
        assert!(s.write(3, [1, 2, 3, 4, 5, 6, 7, u64::MAX]));
        assert_eq!(s.payload(3), Some([1, 2, 3, 4, 5, 6, 7, LAST_PAYLOAD]));
        assert!(!s.write(3, [0; SLOT_WORDS]));
        assert_eq!(s.payload(3), Some([0; SLOT_WORDS]));
        assert_eq!(s.payload(16), None);
        assert!(!s.write(16, [9; SLOT_WORDS]));
        assert_eq!(s.payload(usize::MAX), None);
        assert_eq!(s.words.as_ptr() as usize % 64, 0);
    }

    /// The table doubles until what is in use plus the demand fills at most a quarter of it,
    /// up to its largest size, keeping its entries (each moved to its slot by `index`).
    #[test]
    fn grows_keeping_entries() {
        let shared = SharedTable::<4, 64>::default();
        let index = |p: &[u64; SLOT_WORDS], slots: usize| (p[0] as usize) % slots.max(1);
        let t = shared.table(1, index);
        assert_eq!(t.slots().len(), 4);
        assert!(Arc::ptr_eq(&t, &shared.table(1, index)));
        let mut filled = 0;
        for k in 0..3u64 {
            filled += usize::from(t.slots().write(index(&[k + 10; SLOT_WORDS], 4), [k + 10; SLOT_WORDS]));
        }
        t.add_used(filled);
        let larger = shared.table(2, index);
        assert_eq!(larger.slots().len(), 32);
        assert_eq!(larger.used(), 3);
        for k in 0..3u64 {
            let p = [k + 10; SLOT_WORDS];
            assert_eq!(larger.slots().payload(index(&p, 32)).map(|q| q[0]), Some(k + 10));
        }
        assert_eq!(shared.table(1000, index).slots().len(), 64);
        assert_eq!(shared.table(1000, index).slots().len(), 64);
    }

    /// A read never returns a torn payload: two writers store payloads whose words are all
    /// equal within a payload (and differ between them) into one slot while two readers read
    /// it until the writers are done, and every payload read has all its words equal.
    #[test]
    fn a_read_is_never_torn() {
        let t = table_of(4);
        let s = t.slots();
        let payload = |v: u64| {
            let mut p = [v; SLOT_WORDS];
            p[7] = v & LAST_PAYLOAD;
            p
        };
        let check = |p: [u64; SLOT_WORDS]| {
            assert!(p[..7].iter().all(|&x| x == p[0]), "torn read {p:?}");
            assert_eq!(p[7], p[0] & LAST_PAYLOAD, "torn read {p:?}");
            assert_ne!(p[0], 0);
        };
        let writers_done = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for w in 0..2u64 {
                let writers_done = &writers_done;
                scope.spawn(move || {
                    for k in 0..200_000u64 {
                        s.write(1, payload(1 + w + 2 * (k % 1000)));
                    }
                    writers_done.fetch_add(1, Ordering::Release);
                });
            }
            for _ in 0..2 {
                scope.spawn(|| {
                    while writers_done.load(Ordering::Acquire) < 2 {
                        if let Some(p) = s.payload(1) {
                            check(p);
                        }
                    }
                });
            }
        });
        check(s.payload(1).expect("a whole payload once the writers are done"));
    }
}
