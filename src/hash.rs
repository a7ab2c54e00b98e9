//! Hashes: SHA-256 as lowercase hex (raw-file provenance in front matter,
//! cache-busting asset URLs), and the fast hasher of the word maps of topics
//! and search.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash's mixing, eight bytes a step where FNV or SipHash take one: words
/// are hashed millions of times when an archive is read (topics, search),
/// and these hashes never leave the process's maps (nothing an attacker
/// could aim collisions at is kept across runs).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in chunks.by_ref() {
            let w = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// Builds [`FxHasher`]s, for maps and sets keyed by words.
pub type FxBuild = BuildHasherDefault<FxHasher>;
/// A `HashMap` with [`FxHasher`]: for in-process word maps only.
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Whether two words are the same bytes. Words are short: two loads of
/// eight (or four) bytes compare most of them, where a call to `memcmp` costs more than
/// the comparison.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let load = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().expect("eight bytes"));
    let load4 = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().expect("four bytes"));
    match n {
        8..=16 => load(a, 0) == load(b, 0) && load(a, n - 8) == load(b, n - 8),
        4..=7 => load4(a, 0) == load4(b, 0) && load4(a, n - 4) == load4(b, n - 4),
        _ => a == b,
    }
}

/// A 64-bit hash of `bytes` that tells files apart, for version digests
/// of hundreds of megabytes: four lanes of 16 bytes a step, each a 128-bit
/// product folded, where [`FxHasher`] waits on one multiplication per
/// eight bytes (several times faster on a large input). Not for maps of
/// short keys (its setup costs more than a word), nor against an attacker.
pub fn wide_hash(bytes: &[u8]) -> u64 {
    // Digits of pi: each lane starts and mixes apart from the others.
    const SEEDS: [u64; 4] =
        [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];
    const K: u64 = 0x4528_21e6_38d0_1377;
    let n = bytes.len();
    let load = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let mut lanes = SEEDS;
    let mut blocks = bytes.chunks_exact(64);
    for block in blocks.by_ref() {
        let load = |at: usize| u64::from_le_bytes(block[at..at + 8].try_into().expect("eight bytes"));
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = fold_mul(load(16 * i) ^ SEEDS[i], load(16 * i + 8) ^ *lane);
        }
    }
    // The last bytes, 16 at a time, the final 16 overlapping the ones
    // before (the length tells "a" from "a\0").
    let tail = blocks.remainder().len();
    let start = n - tail;
    let mut h = lanes[0] ^ lanes[1].rotate_left(17) ^ lanes[2].rotate_left(31) ^ lanes[3].rotate_left(47);
    h = fold_mul(h ^ K, n as u64 ^ SEEDS[0]);
    if n >= 16 {
        let mut at = start;
        while at + 16 < n {
            h = fold_mul(load(at) ^ h, load(at + 8) ^ K);
            at += 16;
        }
        h = fold_mul(load(n - 16) ^ h, load(n - 8) ^ SEEDS[1]);
    } else if n > 0 {
        let mut last = [0u8; 16];
        last[..n].copy_from_slice(bytes);
        let word = |at: usize| u64::from_le_bytes(last[at..at + 8].try_into().expect("eight bytes"));
        h = fold_mul(word(0) ^ h, word(8) ^ SEEDS[1]);
    }
    fold_mul(h, K)
}

/// A 64-bit hash of everything `reader` gives, read a block of 1 MiB at a
/// time: [`wide_hash`] of each block, then of the blocks' hashes. (Not
/// `wide_hash` of the whole: a file is never held in memory to hash it.)
pub fn wide_hash_reader(mut reader: impl std::io::Read) -> std::io::Result<u64> {
    const BLOCK: usize = 1 << 20;
    let mut block = vec![0u8; BLOCK];
    let mut hashes = Vec::new();
    loop {
        let mut filled = 0;
        while filled < BLOCK {
            match reader.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        hashes.extend_from_slice(&wide_hash(&block[..filled]).to_le_bytes());
        if filled < BLOCK {
            return Ok(wide_hash(&hashes));
        }
    }
}

/// Two words mixed into one: the halves of their 128-bit product, folded.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let m = u128::from(a) * u128::from(b);
    (m as u64) ^ (m >> 64) as u64
}

/// SHA-256 of `bytes` as 64 lowercase hex digits, as `[ingest] sha256`
/// records it (asset URLs carry the first ten).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from_digit((b >> 4) as u32, 16).unwrap());
        out.push(char::from_digit((b & 0xf) as u32, 16).unwrap());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{wide_hash, wide_hash_reader};

    /// A reader that gives at most `step` bytes a call, as pipes and
    /// files may.
    struct Trickle<'a> {
        rest: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.rest.len());
            buf[..n].copy_from_slice(&self.rest[..n]);
            self.rest = &self.rest[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_read_hash_depends_on_the_bytes_only() {
        let big: Vec<u8> = (0..(3 << 20) + 5u32).map(|i| (i % 251) as u8).collect();
        let whole = wide_hash_reader(&big[..]).unwrap();
        for step in [1 << 20, 4096, 777] {
            assert_eq!(wide_hash_reader(Trickle { rest: &big, step }).unwrap(), whole, "read {step} at a time");
        }
        let mut changed = big.clone();
        changed[(2 << 20) + 1] ^= 1;
        assert_ne!(wide_hash_reader(&changed[..]).unwrap(), whole, "a byte of the third block");
        assert_ne!(wide_hash_reader(&big[..big.len() - 1]).unwrap(), whole, "one byte less");
        // A whole number of blocks and one more empty read: the lengths differ.
        assert_ne!(wide_hash_reader(&big[..1 << 20]).unwrap(), wide_hash_reader(&big[..2 << 20]).unwrap());
        assert_ne!(wide_hash_reader(&[][..]).unwrap(), wide_hash_reader(&[0u8][..]).unwrap());
    }

    #[test]
    fn wide_hashes_tell_inputs_apart() {
        let base: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
        let mut seen = std::collections::HashSet::new();
        // Every prefix, and every one-byte change of the whole: lanes,
        // tail and length all count.
        for n in 0..=base.len() {
            assert!(seen.insert(wide_hash(&base[..n])), "prefix of {n}");
        }
        for at in 0..base.len() {
            let mut changed = base.clone();
            changed[at] ^= 0x40;
            assert!(seen.insert(wide_hash(&changed)), "byte {at} changed");
        }
        assert_ne!(wide_hash(b"a"), wide_hash(b"a\0"));
        assert_ne!(wide_hash(&[0; 64]), wide_hash(&[0; 128]));
        assert_eq!(wide_hash(&base), wide_hash(&base.clone()));
    }

    #[test]
    fn known_digest() {
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
