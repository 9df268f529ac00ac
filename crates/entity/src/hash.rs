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
    if s.is_ascii() {
        let mut h: u64 = 0xCBF2_9CE4_8422_2325;
        for &b in s.as_bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01B3);
        }
        h
    } else {
        hash_bytes(s.to_lowercase().as_bytes())
    }
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
