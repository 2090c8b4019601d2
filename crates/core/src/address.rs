//! Email addresses and DNS domain names in the syntax Mimecast accepts: one rule for the proxy's
//! create-user and create-domain checks and for the provisioning user record, each of which
//! reports a failure in its own words.

/// The longest email address (RFC 5321 § 4.5.3.1.3: a 256-octet path less its angle brackets).
pub(crate) const MAX_ADDRESS_LEN: usize = 254;

/// Whether `local` (the part before the `@`) is one Mimecast takes: 1–64 characters, letters,
/// digits and `. _ % + - '`, no dot at either end and no two dots in a row.
pub(crate) fn local_part_ok(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c))
}

/// `text` as a DNS domain name in lowercase without a trailing dot, or `None`: two labels or
/// more of letters, digits and hyphens (1–63 characters, no hyphen at either end), an alphabetic
/// top label of two letters or more, 253 characters at most (RFC 1035 § 2.3.4).
pub(crate) fn dns_domain(text: &str) -> Option<String> {
    let domain = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let top_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    (domain.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && top_ok)
        .then_some(domain)
}

/// Whether `text` is an email address Mimecast takes: a local part ([`local_part_ok`]) and a
/// domain ([`dns_domain`]), at most [`MAX_ADDRESS_LEN`] characters.
pub(crate) fn is_email(text: &str) -> bool {
    text.len() <= MAX_ADDRESS_LEN
        && text
            .rsplit_once('@')
            .is_some_and(|(local, domain)| local_part_ok(local) && dns_domain(domain).is_some())
}

#[cfg(test)]
mod tests {
    use super::{dns_domain, local_part_ok};

    #[test]
    fn domains_are_lowercased_and_checked_label_by_label() {
        assert_eq!(dns_domain(" Example.COM. ").as_deref(), Some("example.com"));
        for bad in [
            "example", "-a.com", "a-.com", "a..com", "a.c0m", "a.c", "a_b.com", "",
        ] {
            assert_eq!(dns_domain(bad), None, "{bad}");
        }
        assert_eq!(dns_domain(&format!("{}.com", "a".repeat(64))), None);
    }

    #[test]
    fn local_parts_follow_mimecast_s_characters() {
        assert!(local_part_ok("ann.o'lee+tag_1%x-y"));
        for bad in [
            "",
            ".ann",
            "ann.",
            "a..b",
            "ann lee",
            "ann@x",
            &"a".repeat(65),
        ] {
            assert!(!local_part_ok(bad), "{bad}");
        }
    }
}
