//! zlib streams (RFC 1950) as the FusionInventory agent sends them, made with flate2.
//!
//! A load scenario sends the same 2,000 packages with a different head and tail each time:
//! [`stitch`] compresses the three parts as one stream, at flate2's fastest level (about a
//! millisecond for the 2,000 packages, on the load generator's side).

use std::io::Write;

use flate2::{Compress, Compression, FlushCompress};

/// A whole stream of `data`.
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// Text that stands in the middle of many streams.
pub struct Piece {
    plain: Vec<u8>,
}

impl Piece {
    pub fn new(plain: Vec<u8>) -> Piece {
        Piece { plain }
    }

    /// How many bytes it compresses to.
    pub fn packed_len(&self) -> usize {
        compress(&self.plain).len()
    }
}

/// One stream of `head`, `middle` and `tail`.
pub fn stitch(head: &[u8], middle: &Piece, tail: &[u8]) -> Vec<u8> {
    let mut compressor = Compress::new(Compression::fast(), true);
    let mut out = Vec::with_capacity(middle.plain.len() / 4 + 1024);
    for (part, flush) in
        [(head, FlushCompress::None), (&middle.plain[..], FlushCompress::None), (tail, FlushCompress::Finish)]
    {
        let mut input = part;
        loop {
            out.reserve(64 * 1024);
            let before = compressor.total_in();
            let status = compressor.compress_vec(input, &mut out, flush).expect("compressing in memory");
            input = &input[(compressor.total_in() - before) as usize..];
            if input.is_empty() && (flush != FlushCompress::Finish || status == flate2::Status::StreamEnd) {
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(z: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_stitched_stream_inflates_to_its_parts() {
        let xml = "<SOFTWARES><NAME>Mozilla Firefox</NAME><VERSION>128.5.1</VERSION></SOFTWARES>\n".repeat(2_000);
        let z = stitch(b"<REQUEST>", &Piece::new(xml.clone().into_bytes()), b"</REQUEST>");
        assert_eq!(&z[..1], &[0x78]);
        assert!(z.len() * 20 < xml.len(), "{} bytes from {}", z.len(), xml.len());
        assert_eq!(inflate(&z), format!("<REQUEST>{xml}</REQUEST>").into_bytes());
        assert_eq!(inflate(&compress(xml.as_bytes())), xml.into_bytes());
    }
}
