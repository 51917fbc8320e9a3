//! A small zlib compressor (RFC 1950 around RFC 1951 deflate), for the inventories the
//! load programs send as a FusionInventory agent does: its messages are zlib-compressed.
//!
//! Greedy LZ77 over a 32 KiB window (one candidate per 3-byte hash) with deflate's fixed
//! Huffman codes: XML of repeated element names shrinks five- to tenfold, which is what
//! the server's inflater should see. The workspace has no compressor among the bench's
//! dependencies, and adding one would change the lock file, which the bench does not own.
//!
//! A message can be built from pieces compressed apart: [`Piece`]s end on a byte boundary
//! (an empty stored block, zlib's "sync flush"), so a large fixed middle is compressed
//! once and only the small varying head and tail for each request ([`stitch`]).

/// Compressed bits, least significant first, as deflate writes them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, whose bits deflate writes most significant first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    /// Pads to the next byte.
    fn align(&mut self) {
        if self.n > 0 {
            self.put(0, 8 - self.n);
        }
    }
}

const LENGTH_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// A literal or length symbol (0 to 287) in the fixed code.
fn symbol(bits: &mut Bits, s: u32) {
    match s {
        0..=143 => bits.code(0x30 + s, 8),
        144..=255 => bits.code(0x190 + s - 144, 9),
        256..=279 => bits.code(s - 256, 7),
        _ => bits.code(0xc0 + s - 280, 8),
    }
}

fn copy(bits: &mut Bits, length: usize, distance: usize) {
    let l = LENGTH_BASE.iter().rposition(|b| usize::from(*b) <= length).unwrap_or(0);
    symbol(bits, 257 + l as u32);
    bits.put((length - usize::from(LENGTH_BASE[l])) as u32, u32::from(LENGTH_EXTRA[l]));
    let d = DISTANCE_BASE.iter().rposition(|b| usize::from(*b) <= distance).unwrap_or(0);
    bits.code(d as u32, 5);
    bits.put((distance - usize::from(DISTANCE_BASE[d])) as u32, u32::from(DISTANCE_EXTRA[d]));
}

const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 15;

/// One fixed-Huffman block of `data`, the last of the stream when `last`.
fn block(bits: &mut Bits, data: &[u8], last: bool) {
    bits.put(u32::from(last), 1);
    bits.put(1, 2);
    let hash = |i: usize| {
        let v = u32::from(data[i]) | u32::from(data[i + 1]) << 8 | u32::from(data[i + 2]) << 16;
        (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
    };
    let mut head = vec![usize::MAX; 1 << HASH_BITS];
    let mut i = 0;
    while i < data.len() {
        let mut best = 0;
        let mut at = 0;
        if i + 3 <= data.len() {
            let h = hash(i);
            let candidate = head[h];
            head[h] = i;
            if candidate != usize::MAX && i - candidate <= WINDOW {
                let limit = MAX_MATCH.min(data.len() - i);
                let mut n = 0;
                while n < limit && data[candidate + n] == data[i + n] {
                    n += 1;
                }
                if n >= 3 {
                    (best, at) = (n, candidate);
                }
            }
        }
        if best >= 3 {
            copy(bits, best, i - at);
            // Remember the positions inside the match too, for later matches.
            for k in i + 1..(i + best).min(data.len().saturating_sub(2)) {
                head[hash(k)] = k;
            }
            i += best;
        } else {
            symbol(bits, u32::from(data[i]));
            i += 1;
        }
    }
    symbol(bits, 256);
}

/// Deflate's stored blocks after `data` compressed, ending on a byte boundary.
fn sync_flush(bits: &mut Bits) {
    bits.put(0, 3);
    bits.align();
    bits.out.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
}

/// Adler-32 of `parts` one after the other.
fn adler32<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for part in parts {
        for chunk in part.chunks(5552) {
            for byte in chunk {
                a += u32::from(*byte);
                b += a;
            }
            a %= 65521;
            b %= 65521;
        }
    }
    b << 16 | a
}

/// The zlib stream of `data`.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut bits = Bits { out: vec![0x78, 0x01], ..Default::default() };
    block(&mut bits, data, true);
    bits.align();
    bits.out.extend_from_slice(&adler32([data]).to_be_bytes());
    bits.out
}

/// A piece of a message compressed on its own, ending on a byte boundary, with its text.
pub struct Piece {
    plain: Vec<u8>,
    packed: Vec<u8>,
}

impl Piece {
    pub fn new(plain: Vec<u8>) -> Piece {
        let mut bits = Bits::default();
        block(&mut bits, &plain, false);
        sync_flush(&mut bits);
        Piece { plain, packed: bits.out }
    }

    /// Its size compressed.
    pub fn packed_len(&self) -> usize {
        self.packed.len()
    }
}

/// The zlib stream of `head`, `middle` and `tail` one after the other: only the head and
/// tail are compressed here.
pub fn stitch(head: &[u8], middle: &Piece, tail: &[u8]) -> Vec<u8> {
    let mut bits = Bits { out: vec![0x78, 0x01], ..Default::default() };
    block(&mut bits, head, false);
    sync_flush(&mut bits);
    bits.out.extend_from_slice(&middle.packed);
    block(&mut bits, tail, true);
    bits.align();
    bits.out.extend_from_slice(&adler32([head, middle.plain.as_slice(), tail]).to_be_bytes());
    bits.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_matches_the_reference_value() {
        assert_eq!(adler32([b"Wikipedia".as_slice()]), 0x11e6_0398);
        assert_eq!(adler32([b"Wiki".as_slice(), b"pedia".as_slice()]), 0x11e6_0398);
    }

    #[test]
    fn repeated_text_shrinks_and_the_stream_is_framed() {
        let xml = "<SOFTWARES><NAME>Mozilla Firefox</NAME><VERSION>128.5.1</VERSION></SOFTWARES>\n".repeat(200);
        let z = compress(xml.as_bytes());
        assert_eq!(&z[..2], &[0x78, 0x01]);
        assert!(z.len() * 20 < xml.len(), "{} bytes from {}", z.len(), xml.len());
        assert_eq!(z[z.len() - 4..], adler32([xml.as_bytes()]).to_be_bytes());
    }
}
