//! A small DER reader and writer: exactly what the SubjectPublicKeyInfo and PKCS#8
//! (OneAsymmetricKey) structures of RFC 9935 (ML-KEM) and RFC 9881 (ML-DSA) need,
//! without allocation and without a dependency.
//!
//! The reader accepts DER only (X.690 section 10): single-byte tags (the structures
//! here use no tag number above 30), definite lengths in the minimal number of
//! octets (short form below 128; long form with no leading zero octet and a value
//! of at least 128), at most three length octets (16 MiB, far above any key), and
//! nothing after the outermost element. Every violation is an
//! [`Error::KeyEncoding`] naming the problem; no input makes it panic or read out
//! of bounds.

use crate::Error;
use crate::pkcs8::EncodingProblem;

/// Universal tag: INTEGER.
pub(crate) const INTEGER: u8 = 0x02;
/// Universal tag: BIT STRING (primitive; DER has no constructed strings).
pub(crate) const BIT_STRING: u8 = 0x03;
/// Universal tag: OCTET STRING (primitive).
pub(crate) const OCTET_STRING: u8 = 0x04;
/// Universal tag: OBJECT IDENTIFIER.
pub(crate) const OID: u8 = 0x06;
/// Universal tag: SEQUENCE (constructed).
pub(crate) const SEQUENCE: u8 = 0x30;
/// Context-specific [0], primitive (the IMPLICIT OCTET STRING `seed`).
pub(crate) const CONTEXT_0_PRIMITIVE: u8 = 0x80;
/// Context-specific [0], constructed (the `attributes` of OneAsymmetricKey).
pub(crate) const CONTEXT_0_CONSTRUCTED: u8 = 0xa0;
/// Context-specific [1], primitive (the IMPLICIT BIT STRING `publicKey`).
pub(crate) const CONTEXT_1_PRIMITIVE: u8 = 0x81;

/// A cursor over DER input; errors name `what` (the object being parsed).
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader over `input`.
    pub(crate) fn new(input: &'a [u8], what: &'static str) -> Self {
        Self { rest: input, what }
    }

    /// The name of the object being parsed.
    pub(crate) fn what(&self) -> &'static str {
        self.what
    }

    /// The error `problem` for this object.
    pub(crate) fn err(&self, problem: EncodingProblem) -> Error {
        Error::KeyEncoding {
            what: self.what,
            problem,
        }
    }

    /// Whether all input has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, if any (not consumed).
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Splits off `n` bytes, or fails with `Truncated`.
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.rest.len() {
            return Err(self.err(EncodingProblem::Truncated));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Reads one element: its tag and its contents.
    pub(crate) fn read_any(&mut self) -> Result<(u8, &'a [u8]), Error> {
        let tag = self.take(1)?[0];
        if tag & 0x1f == 0x1f {
            // High tag number form: no structure here uses one.
            return Err(self.err(EncodingProblem::UnexpectedTag { found: tag }));
        }
        let first = self.take(1)?[0];
        let len = if first < 0x80 {
            usize::from(first)
        } else if first == 0x80 {
            return Err(self.err(EncodingProblem::IndefiniteLength));
        } else {
            let n = usize::from(first & 0x7f);
            if n > 3 {
                return Err(self.err(EncodingProblem::LengthTooLarge));
            }
            let octets = self.take(n)?;
            if octets[0] == 0 {
                return Err(self.err(EncodingProblem::NonMinimalLength));
            }
            let len = octets
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
            if len < 0x80 {
                return Err(self.err(EncodingProblem::NonMinimalLength));
            }
            len
        };
        let value = self.take(len)?;
        Ok((tag, value))
    }

    /// Reads one element that must have tag `tag`; returns its contents.
    pub(crate) fn read(&mut self, tag: u8) -> Result<&'a [u8], Error> {
        match self.peek_tag() {
            None => Err(self.err(EncodingProblem::Truncated)),
            Some(t) if t != tag => Err(self.err(EncodingProblem::UnexpectedTag { found: t })),
            Some(_) => Ok(self.read_any()?.1),
        }
    }

    /// Fails with `TrailingData` if any input is left.
    pub(crate) fn finish(&self) -> Result<(), Error> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(self.err(EncodingProblem::TrailingData))
        }
    }
}

/// The number of octets of a DER length field for contents of `len` bytes.
pub(crate) const fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else if len < 0x100 {
        2
    } else if len < 0x1_0000 {
        3
    } else {
        4
    }
}

/// The size of a whole element (tag, length, contents) with `len` bytes of contents.
pub(crate) const fn tlv_len(len: usize) -> usize {
    1 + length_len(len) + len
}

/// A cursor writing DER into a caller's buffer. Writes past the end are not
/// performed but remembered, and reported by [`Writer::finish`].
pub(crate) struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
    overflow: bool,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`.
    pub(crate) fn new(buf: &'a mut [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            overflow: false,
        }
    }

    /// Appends raw bytes.
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        let end = self.pos.saturating_add(b.len());
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.pos = end;
            }
            None => self.overflow = true,
        }
    }

    /// Appends a tag and the DER length field for `len` bytes of contents.
    pub(crate) fn header(&mut self, tag: u8, len: usize) {
        self.bytes(&[tag]);
        match length_len(len) {
            1 => self.bytes(&[len as u8]),
            2 => self.bytes(&[0x81, len as u8]),
            3 => self.bytes(&[0x82, (len >> 8) as u8, len as u8]),
            _ => self.bytes(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]),
        }
    }

    /// The number of bytes written, or `BufferTooSmall` if a write did not fit.
    pub(crate) fn finish(self, what: &'static str, needed: usize) -> Result<usize, Error> {
        if self.overflow {
            Err(Error::BufferTooSmall {
                what,
                needed,
                actual: self.buf.len(),
            })
        } else {
            Ok(self.pos)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(input: &[u8]) -> Result<(u8, &[u8]), Error> {
        let mut r = Reader::new(input, "test");
        let out = r.read_any()?;
        r.finish()?;
        Ok(out)
    }

    fn problem(input: &[u8]) -> EncodingProblem {
        match one(input) {
            Err(Error::KeyEncoding { problem, .. }) => problem,
            other => panic!("expected an encoding error for {input:02x?}, got {other:?}"),
        }
    }

    #[test]
    fn lengths_short_and_long_form() {
        assert_eq!(one(&[0x04, 0x00]).unwrap(), (0x04, &[][..]));
        assert_eq!(one(&[0x04, 0x01, 0xaa]).unwrap(), (0x04, &[0xaa][..]));
        let mut v = [0u8; 3 + 0x80];
        v[..3].copy_from_slice(&[0x04, 0x81, 0x80]);
        assert_eq!(one(&v).unwrap().1.len(), 0x80);
        let mut v = [0u8; 4 + 0x100];
        v[..4].copy_from_slice(&[0x04, 0x82, 0x01, 0x00]);
        assert_eq!(one(&v).unwrap().1.len(), 0x100);
    }

    #[test]
    fn rejects_non_der_lengths() {
        assert_eq!(
            problem(&[0x30, 0x80, 0x00, 0x00]),
            EncodingProblem::IndefiniteLength
        );
        // 1 written in long form, and 0x80 written with a leading zero octet.
        assert_eq!(
            problem(&[0x04, 0x81, 0x01, 0xaa]),
            EncodingProblem::NonMinimalLength
        );
        let mut v = [0u8; 4 + 0x80];
        v[..4].copy_from_slice(&[0x04, 0x82, 0x00, 0x80]);
        assert_eq!(problem(&v), EncodingProblem::NonMinimalLength);
        assert_eq!(
            problem(&[0x04, 0x84, 1, 0, 0, 0]),
            EncodingProblem::LengthTooLarge
        );
        assert_eq!(problem(&[0x04, 0x02, 0xaa]), EncodingProblem::Truncated);
        assert_eq!(problem(&[0x04]), EncodingProblem::Truncated);
        assert_eq!(problem(&[]), EncodingProblem::Truncated);
        assert_eq!(problem(&[0x04, 0x82, 0x01]), EncodingProblem::Truncated);
        assert_eq!(problem(&[0x04, 0x00, 0x00]), EncodingProblem::TrailingData);
        assert_eq!(
            problem(&[0x1f, 0x01, 0x00]),
            EncodingProblem::UnexpectedTag { found: 0x1f }
        );
    }

    #[test]
    fn writer_round_trips_and_reports_overflow() {
        for len in [0usize, 1, 0x7f, 0x80, 0xff, 0x100, 0x1234, 0x1_0000] {
            let mut content = std::vec![0u8; len];
            content
                .iter_mut()
                .enumerate()
                .for_each(|(i, b)| *b = i as u8);
            let mut buf = std::vec![0u8; tlv_len(len)];
            let mut w = Writer::new(&mut buf);
            w.header(OCTET_STRING, len);
            w.bytes(&content);
            assert_eq!(w.finish("t", tlv_len(len)), Ok(tlv_len(len)));
            assert_eq!(one(&buf).unwrap(), (OCTET_STRING, &content[..]));
            let mut small = std::vec![0u8; tlv_len(len) - 1];
            let mut w = Writer::new(&mut small);
            w.header(OCTET_STRING, len);
            w.bytes(&content);
            assert!(matches!(
                w.finish("t", tlv_len(len)),
                Err(Error::BufferTooSmall { .. })
            ));
        }
    }
}
