//! Deterministic GUIDs: the same content always gets the same GUID, so the same input gives a
//! byte-identical project whatever the thread count or the day.
//!
//! A GUID is a 128-bit FNV-1a hash of its parts (each part followed by a separator byte, so
//! `("ab", "c")` and `("a", "bc")` differ), written as a UUID of version 8 (custom) and the RFC 4122
//! variant: `xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx`.
//!
//! ```
//! use entretien::refi_qda::guid::guid;
//! let a = guid(&["code", "isolement"]);
//! assert_eq!(a, guid(&["code", "isolement"]));
//! assert_ne!(a, guid(&["code", "isolemen", "t"]));
//! assert_eq!(a.len(), 36);
//! assert_eq!(&a[14..15], "8");
//! ```

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// The GUID of these parts.
pub fn guid(parts: &[&str]) -> String {
    let mut h = OFFSET;
    let mut eat = |b: u8| {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    };
    for part in parts {
        part.bytes().for_each(&mut eat);
        eat(0xff);
    }
    // Version 8 in the 13th hex digit, variant `10` in the top bits of the 17th.
    let h = (h & !(0xf << 76) | (0x8 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Whether `s` is a GUID as the REFI-QDA schema writes them (with or without braces).
pub fn is_guid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_version_and_variant() {
        for parts in [&["a"][..], &[""], &["fp", "doc", "12", "18"]] {
            let g = guid(parts);
            assert!(is_guid(&g), "{g}");
            assert_eq!(g.as_bytes()[14], b'8', "{g}");
            assert!(matches!(g.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{g}");
        }
        assert_ne!(guid(&["ab", "c"]), guid(&["a", "bc"]));
        assert!(is_guid("{0D97952A-D6C7-47A2-86D7-AA8C9AEE7BF4}"));
        assert!(!is_guid("0d97952a-d6c7-47a2-86d7-aa8c9aee7bf"));
    }
}
