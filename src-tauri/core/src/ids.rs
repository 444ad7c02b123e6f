//! Fresh ids for maps and for the objects the editor creates.

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// A random id such as `c-k3v9x0q2mzt1`: the prefix says what it names, the
/// twelve base-36 characters (62 bits) make collisions practically impossible.
pub fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 12];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock and a counter, still unique
        // within this process.
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let mix = nanos ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(40);
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (mix >> ((i % 8) * 8)) as u8 ^ (i as u8).wrapping_mul(31);
        }
    }
    let mut id = String::with_capacity(prefix.len() + 13);
    if !prefix.is_empty() {
        id.push_str(prefix);
        id.push('-');
    }
    id.extend(bytes.iter().map(|b| ALPHABET[(*b as usize) % 36] as char));
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_distinct() {
        let a = new_id("c");
        let b = new_id("c");
        // Two draws of 62 random bits colliding would mean the source is broken.
        assert_ne!(a, b);
        assert!(crate::validate::is_valid_id(&a), "{a}");
        assert!(a.starts_with("c-") && a.len() == 14);
    }
}
