//! A hash table from short byte strings (words, runs of text) to small
//! values, for reading the archive: tens of millions of lookups, most of
//! them of a slot not in the cache.
//!
//! A string of 24 bytes or fewer (nearly every word: twelve Arabic
//! letters) is its own key, three words and a length held in the slot, so
//! a lookup reads the slot and nothing else: neither the text the string
//! came from nor a stored copy, which would be a second miss. A longer
//! string's slot holds its hash and a number the caller gives it (where it
//! keeps the string), and is compared through the caller. Slots are found
//! by linear probing from the top bits of the hash.

/// A string as the table compares it: with `len`, `x`, `y` and `z` are
/// the bytes of a short string (the first and last eight, overlapping,
/// and the eight after the first when it is longer than 16; or four; or
/// the first, middle and last byte); a long string's `y` is its hash and
/// `x` the caller's number for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Key {
    x: u64,
    y: u64,
    z: u64,
    len: u32,
}

/// Strings up to this many bytes are their own key.
const SHORT: usize = 24;

impl Key {
    /// The key of `s` (a long one's number still to be given by
    /// [`Table::insert`]) and its hash.
    #[inline]
    pub(super) fn of(s: &[u8]) -> (Key, u64) {
        let len = s.len() as u32;
        if s.len() <= SHORT {
            let (x, y, z) = short_words(s);
            let key = Key { x, y, z, len };
            (key, key.short_hash())
        } else {
            let h = long_hash(s);
            (Key { x: 0, y: h, z: 0, len }, h)
        }
    }

    /// Whether the string is its own key (else the table's caller keeps it).
    pub(super) fn is_short(&self) -> bool {
        self.len as usize <= SHORT
    }

    #[inline]
    fn short_hash(&self) -> u64 {
        fold_mul(self.x ^ self.z.rotate_left(29), self.y ^ u64::from(self.len))
    }

    fn hash(&self) -> u64 {
        if self.is_short() {
            self.short_hash()
        } else {
            self.y
        }
    }
}

/// The bytes of a string of up to 24 as three words (see [`Key`]).
#[inline]
fn short_words(b: &[u8]) -> (u64, u64, u64) {
    let n = b.len();
    let load8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    let load4 = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("four bytes")));
    if n > 16 {
        (load8(0), load8(n - 8), load8(8))
    } else if n >= 8 {
        (load8(0), load8(n - 8), 0)
    } else if n >= 4 {
        (load4(0) | load4(n - 4) << 32, 0, 0)
    } else if n > 0 {
        (u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16, 0, 0)
    } else {
        (0, 0, 0)
    }
}

/// Two words mixed into one: the halves of their 128-bit product, folded.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let m = u128::from(a ^ 0x243f_6a88_85a3_08d3) * u128::from(b ^ 0x1319_8a2e_0370_7344);
    (m as u64) ^ (m >> 64) as u64
}

/// The hash of a string of 16 bytes or more: one multiplication per 16.
fn long_hash(b: &[u8]) -> u64 {
    let n = b.len();
    let load8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("eight bytes"));
    let mut h = n as u64;
    let mut at = 0;
    while at + 16 < n {
        h = fold_mul(load8(at) ^ h, load8(at + 8));
        at += 16;
    }
    fold_mul(load8(n - 16) ^ h, load8(n - 8))
}

/// Strings to values of type `V`; a power of two of slots, at most half
/// full. A slot's number stays the string's until the table grows.
pub(super) struct Table<V> {
    slots: Vec<Slot<V>>,
    len: usize,
    /// How many times it grew.
    grown: u32,
}

/// One slot: a key (laid out flat, so a slot of a `u32` value is 32 bytes)
/// and its value; `len` 0 when empty (no key is the empty string).
#[derive(Clone, Copy)]
struct Slot<V> {
    x: u64,
    y: u64,
    z: u64,
    len: u32,
    value: V,
}

impl<V: Copy + Default> Table<V> {
    /// A table for about `n` strings (it grows past them).
    pub(super) fn with_capacity(n: usize) -> Self {
        let len = (n * 2).next_power_of_two().max(1 << 10);
        Table { slots: empty_slots(len), len: 0, grown: 0 }
    }

    /// Starts reading the first slot of hash `h` into the cache, so the
    /// lookup of a string some steps later does not wait for it.
    #[inline]
    pub(super) fn prefetch(&self, h: u64) {
        crate::memory::prefetch(&self.slots[place(h, self.slots.len() - 1)]);
    }

    /// The slot of the string of key `key` and hash `h` (`long(n)`: whether
    /// it is the long string numbered `n`), or the empty slot where it goes.
    #[inline]
    pub(super) fn find(&self, key: &Key, h: u64, long: impl Fn(u64) -> bool) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut i = place(h, mask);
        loop {
            let s = &self.slots[i];
            if s.len == 0 {
                return Err(i);
            }
            // A long key's `x` is a number: compared only with a long
            // string's of the same length and hash.
            if s.len == key.len && s.y == key.y && if key.is_short() { s.x == key.x && s.z == key.z } else { long(s.x) }
            {
                return Ok(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// The value of a string, if the table has it.
    pub(super) fn get(&self, key: &Key, h: u64, long: impl Fn(u64) -> bool) -> Option<V> {
        self.find(key, h, long).ok().map(|i| self.slots[i].value)
    }

    /// The value in slot `i` (from [`Table::find`] or [`Table::insert`]).
    #[inline]
    pub(super) fn value(&self, i: usize) -> V {
        self.slots[i].value
    }

    /// Puts a string not in the table at `slot` (from [`Table::find`]),
    /// with number `long` when it is long. Returns its slot (another one
    /// when the table grew).
    pub(super) fn insert(&mut self, slot: usize, key: Key, long: u64, value: V) -> usize {
        debug_assert!(key.len > 0, "the empty string marks an empty slot");
        let x = if key.is_short() { key.x } else { long };
        self.slots[slot] = Slot { x, y: key.y, z: key.z, len: key.len, value };
        self.len += 1;
        if self.len * 2 <= self.slots.len() {
            return slot;
        }
        self.grow();
        let stored = Key { x, ..key };
        self.find(&stored, stored.hash(), |n| n == long).expect("just inserted")
    }

    /// How many times the table grew (which moves its strings to other slots).
    pub(super) fn grown(&self) -> u32 {
        self.grown
    }

    /// Doubles the slots. A key gives its hash without the string.
    fn grow(&mut self) {
        let mask = self.slots.len() * 2 - 1;
        let mut slots = empty_slots(mask + 1);
        for s in self.slots.iter().filter(|s| s.len != 0) {
            let mut i = place(Key { x: s.x, y: s.y, z: s.z, len: s.len }.hash(), mask);
            while slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *s;
        }
        self.slots = slots;
        self.grown += 1;
    }
}

/// `n` empty slots, in huge pages where the system gives them: a chunk's
/// tables are megabytes read at random, and with pages of 4 KiB nearly
/// every lookup also misses the TLB (a tenth of the tokenizing's time).
fn empty_slots<V: Copy + Default>(n: usize) -> Vec<Slot<V>> {
    let empty = Slot { x: 0, y: 0, z: 0, len: 0, value: V::default() };
    let mut slots = Vec::with_capacity(n);
    crate::memory::huge_pages(slots.spare_capacity_mut());
    slots.resize(n, empty);
    slots
}

/// The slot of hash `h` in a table of `mask + 1` slots (a power of two):
/// its top bits, the best mixed.
#[inline]
fn place(h: u64, mask: usize) -> usize {
    // `leading_zeros` of the mask is 64 minus its bits: one instruction
    // where `count_ones` is a dozen without `popcnt`.
    (h >> (mask.leading_zeros() & 63)) as usize & mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_as_it_grows() {
        // Short and long strings, some sharing their first 24 bytes.
        let strings: Vec<String> = (0..5000).map(|i| format!("كلمة{i}{}", "ـ".repeat(i % 4 * 4))).collect();
        let mut table: Table<u32> = Table::with_capacity(1);
        for (i, s) in strings.iter().enumerate() {
            let (key, h) = Key::of(s.as_bytes());
            let long = |n: u64| strings[n as usize] == *s;
            let slot = table.find(&key, h, long).expect_err("new string");
            let grown = table.grown();
            let slot = table.insert(slot, key, i as u64, i as u32);
            assert_eq!(table.find(&key, h, long), Ok(slot), "where it went, grown or not");
            assert_eq!(table.value(slot), i as u32);
            if table.grown() > grown {
                assert!(table.slots.len() >= 2 * (i + 1));
            }
        }
        assert!(table.grown() >= 4);
        for (i, s) in strings.iter().enumerate() {
            let (key, h) = Key::of(s.as_bytes());
            assert_eq!(table.get(&key, h, |n| strings[n as usize] == *s), Some(i as u32));
        }
        for other in ["other", "كلمة1ـــــ", "كلمة1ـــــــــــــــــــ", "كلمة10000ـــــــ", ""]
        {
            let (key, h) = Key::of(other.as_bytes());
            assert!(table.find(&key, h, |n| strings[n as usize] == other).is_err(), "{other}");
        }
    }

    #[test]
    fn keys_tell_strings_apart() {
        let strings = [
            "",
            "a",
            "ab",
            "abc",
            "aab",
            "abb",
            "abcd",
            "abce",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "bbcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "bbcdefghijklmnopq",
            "abcdefghijklmnopqrstuvwx",
            "abcdefghijklmnopqrstuvwy",
            "abcdefghiiklmnopqrstuvwx",
            "abcdefghijklmnopqrstuvwxy",
            "abcdefghijklmnopqrstuvwxz",
        ];
        let mut keys: Vec<(u32, u64, u64, u64)> =
            strings.iter().map(|s| Key::of(s.as_bytes())).map(|(k, h)| (k.len, k.x ^ h, k.y, k.z)).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), strings.len());
        let mut hashes: Vec<u64> = strings.iter().map(|s| Key::of(s.as_bytes()).1).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), strings.len());
    }
}
