//! Passwords generated for users who have none, meeting the policy of [`crate::password`].
//!
//! Generated passwords have 16 characters drawn from the caller's CSPRNG (`getrandom`:
//! `crypto.getRandomValues` in the browser), start with a letter (so a spreadsheet never reads one
//! as a formula) and hold every kind.

use super::ProvisioningCode;
use crate::Coded;

/// Length of a generated password, in characters.
pub const GENERATED_PASSWORD_CHARS: usize = 16;

const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
const DIGITS: &[u8] = b"23456789";
/// No comma, semicolon, quote, backslash or space: a generated password survives a CSV file and a
/// shell command line unquoted.
const SYMBOLS: &[u8] = b"!#$%*+-=?@_";

/// The caller's random source failed (or gave bytes that are all the same): no password is made
/// from them, since every user would get the same one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RandomUnavailable;

impl std::fmt::Display for RandomUnavailable {
    /// Says that no password was generated and what to do.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "The browser's secure random source failed, so no password was generated: reload the page or use another browser.",
        )
    }
}

impl std::error::Error for RandomUnavailable {}

impl Coded for RandomUnavailable {
    fn code(&self) -> &'static str {
        ProvisioningCode::RandomUnavailable.code()
    }
}

/// A new 16-character password from the random bytes `fill` writes (call it with a CSPRNG such
/// as `getrandom::fill`); always passes [`crate::password::check`]. Fails when `fill` fails, or when it
/// gives 256 identical bytes (a stuck source: by chance, 1 in 2^2040).
pub fn generate_password(
    fill: &mut dyn FnMut(&mut [u8]) -> Result<(), RandomUnavailable>,
) -> Result<String, RandomUnavailable> {
    const DRAWS: usize = 2 * GENERATED_PASSWORD_CHARS;
    let mut random = [0u8; 8 * DRAWS];
    fill(&mut random)?;
    if random.iter().all(|&b| b == random[0]) {
        return Err(RandomUnavailable);
    }
    let mut draws = random
        .chunks_exact(8)
        .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    let mut below = |n: usize| -> usize {
        // Lemire's multiply-shift: the bias is at most n / 2^64, far below anything measurable.
        let x = draws.next().unwrap_or(0);
        ((u128::from(x) * n as u128) >> 64) as usize
    };
    let all: Vec<u8> = [UPPER, LOWER, DIGITS, SYMBOLS].concat();
    let mut chars = Vec::with_capacity(GENERATED_PASSWORD_CHARS);
    for set in [UPPER, LOWER, DIGITS, SYMBOLS] {
        chars.push(set[below(set.len())]);
    }
    while chars.len() < GENERATED_PASSWORD_CHARS {
        chars.push(all[below(all.len())]);
    }
    // Shuffle everything after the first character, which stays a capital letter.
    for i in (2..GENERATED_PASSWORD_CHARS).rev() {
        let j = 1 + below(i);
        chars.swap(i, j);
    }
    Ok(chars.into_iter().map(char::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_random_source_gives_no_password() {
        assert_eq!(
            generate_password(&mut |_: &mut [u8]| Err(RandomUnavailable)),
            Err(RandomUnavailable)
        );
    }

    #[test]
    fn a_stuck_random_source_gives_no_password() {
        for byte in [0x00, 0xff] {
            let stuck = generate_password(&mut |b: &mut [u8]| {
                b.fill(byte);
                Ok(())
            });
            assert_eq!(stuck, Err(RandomUnavailable), "{byte}");
        }
    }
}
