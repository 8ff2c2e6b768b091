//! Vectors as stored: little-endian `f32` blobs (DESIGN.md, "Storage"), the same bytes on every
//! machine and readable by any serving system without Segue.

use super::VectorError;

/// The little-endian bytes of a vector, 4 per value.
pub fn to_le_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A vector from its little-endian bytes; a length that is not a multiple of 4 is an error.
pub fn from_le_bytes(bytes: &[u8]) -> Result<Vec<f32>, VectorError> {
    if !bytes.len().is_multiple_of(4) {
        return Err(VectorError::BlobLength { len: bytes.len() });
    }
    Ok(bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_round_trip_and_are_little_endian() {
        let v = [1.0f32, -0.5, f32::MIN_POSITIVE, 3.25e7];
        let bytes = to_le_bytes(&v);
        assert_eq!(&bytes[..4], &[0x00, 0x00, 0x80, 0x3f]);
        assert_eq!(from_le_bytes(&bytes).unwrap(), v);
        assert_eq!(
            from_le_bytes(&bytes[..6]),
            Err(VectorError::BlobLength { len: 6 })
        );
        assert!(from_le_bytes(&[]).unwrap().is_empty());
    }
}
