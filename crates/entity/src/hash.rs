//! Small, fast, deterministic hashing for feature keys and word look-ups. The values are stored
//! in model files, so they must never change between versions of the crate.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Combines two hashes into one (order matters).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(K);
    x ^ (x >> 31)
}

/// Final avalanche, so that low bits can index a table.
#[inline]
pub(crate) fn finish(x: u64) -> u64 {
    let x = (x ^ (x >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    let x = (x ^ (x >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    x ^ (x >> 33)
}

/// FNV-style hash of bytes.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

/// Hash of the lower-cased text (ASCII fast path; full Unicode lower-casing otherwise).
#[inline]
pub(crate) fn hash_lower(s: &str) -> u64 {
    // One pass: hash the ASCII-lower-cased bytes and note whether any byte is not ASCII.
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    let mut high = 0u8;
    for &b in s.as_bytes() {
        high |= b;
        h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01B3);
    }
    if high < 0x80 { h } else { hash_bytes(s.to_lowercase().as_bytes()) }
}

/// Hash of a string as written.
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A hasher for keys that are already hashes: one multiply-xorshift.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        let x = (self.0 ^ x).wrapping_mul(K);
        self.0 = x ^ (x >> 29);
    }
    #[inline]
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    #[inline]
    fn write_u8(&mut self, x: u8) {
        self.write_u64(u64::from(x));
    }
}

/// A hash map keyed by precomputed hashes.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// A small open-addressing table from 64-bit hash keys to copyable values: one multiply and
/// usually one probe per look-up, at most half full.
#[derive(Clone, Debug, Default)]
pub(crate) struct KeyTable<V: Copy + Default> {
    keys: Vec<u64>,
    vals: Vec<V>,
    /// Whether key 0 (the empty-slot marker) is present, and its value.
    zero: Option<V>,
    shift: u32,
    len: usize,
}

impl<V: Copy + Default> KeyTable<V> {
    /// An empty table for about `n` keys (it grows when needed).
    pub fn with_capacity(n: usize) -> KeyTable<V> {
        let mut t = KeyTable { keys: Vec::new(), vals: Vec::new(), zero: None, shift: 64, len: 0 };
        t.reset(n);
        t
    }

    /// Empties the table, sized for about `n` keys (reusing its memory).
    pub fn reset(&mut self, n: usize) {
        let cap = (n.max(4) * 2).next_power_of_two();
        self.keys.clear();
        self.keys.resize(cap, 0);
        self.vals.clear();
        self.vals.resize(cap, V::default());
        self.zero = None;
        self.shift = 64 - cap.trailing_zeros();
        self.len = 0;
    }

    #[inline]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(K) >> self.shift) as usize
    }

    /// The value of `k`.
    #[inline]
    pub fn get(&self, k: u64) -> Option<V> {
        if k == 0 {
            return self.zero;
        }
        let mask = self.keys.len().wrapping_sub(1);
        let mut i = self.slot(k);
        loop {
            match self.keys.get(i) {
                Some(&x) if x == k => return self.vals.get(i).copied(),
                Some(&0) | None => return None,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    /// The value of `k`, to change it.
    #[inline]
    pub fn get_mut(&mut self, k: u64) -> Option<&mut V> {
        if k == 0 {
            return self.zero.as_mut();
        }
        let mask = self.keys.len().wrapping_sub(1);
        let mut i = self.slot(k);
        loop {
            match self.keys.get(i) {
                Some(&x) if x == k => return self.vals.get_mut(i),
                Some(&0) | None => return None,
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    /// The value of `k`, inserted as `V::default()` when absent.
    #[inline]
    pub fn entry(&mut self, k: u64) -> &mut V {
        if k == 0 {
            return self.zero.get_or_insert_with(V::default);
        }
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        // The probe stops at `k` or at an empty slot by one test, which passes at the first
        // slot but for collisions; whether the key is new (often as hard to predict as a coin)
        // is not branched on: the key is written either way and the count moves on by 0 or 1.
        let mask = self.keys.len().wrapping_sub(1);
        let mut i = self.slot(k);
        while let Some(&x) = self.keys.get(i) {
            if (x == k) | (x == 0) {
                break;
            }
            i = (i + 1) & mask;
        }
        if let Some(slot) = self.keys.get_mut(i) {
            self.len += usize::from(*slot == 0);
            *slot = k;
        }
        // `i` is in bounds: the table is never full.
        let last = self.vals.len().saturating_sub(1);
        &mut self.vals[i.min(last)]
    }

    fn grow(&mut self) {
        let keys = std::mem::take(&mut self.keys);
        let vals = std::mem::take(&mut self.vals);
        let zero = self.zero;
        self.reset(keys.len().max(4));
        self.zero = zero;
        for (k, v) in keys.into_iter().zip(vals) {
            if k != 0 {
                *self.entry(k) = v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_table_grows_and_finds_every_key() {
        let mut t: KeyTable<u32> = KeyTable::with_capacity(2);
        let keys: Vec<u64> =
            (0..5000u64).map(|i| if i % 7 == 0 { i << 40 } else { hash_bytes(&i.to_le_bytes()) }).collect();
        for (i, &k) in keys.iter().enumerate() {
            *t.entry(k) += i as u32 + 1;
        }
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(i as u32 + 1));
        }
        assert_eq!(t.get(12345), None);
        if let Some(v) = t.get_mut(keys[3]) {
            *v = 99;
        }
        assert_eq!(t.get(keys[3]), Some(99));
        t.reset(4);
        assert_eq!(t.get(keys[3]), None);
        assert_eq!(t.get(0), None);
    }
}
