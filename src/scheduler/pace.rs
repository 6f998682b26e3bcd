//! How long the rest of a session will take, from the user's own pace.
//!
//! The store keeps one instant per grade, not a duration per card, so the pace comes from the
//! gaps between consecutive grades: a gap longer than [`BREAK_SECS`] is a break or the end of
//! a session, not a card, and is left out; so is a zero gap (grades recorded with one pinned
//! "now"). The median of what is left resists the odd slow card. With fewer than
//! [`MIN_SAMPLES`] gaps the pace is [`DEFAULT_SECS`].

use chrono::{DateTime, FixedOffset};

/// A gap between two grades longer than this is a break, not time spent on one card.
pub const BREAK_SECS: i64 = 300;
/// Fewer measured gaps than this and the estimate uses [`DEFAULT_SECS`].
pub const MIN_SAMPLES: usize = 5;
/// Seconds per card before the user has a pace of their own.
pub const DEFAULT_SECS: u32 = 20;

/// The user's median seconds per card from grade instants in the order they were given.
pub fn seconds_per_card(instants: &[DateTime<FixedOffset>]) -> u32 {
    let mut gaps: Vec<i64> = instants
        .windows(2)
        .map(|w| (w[1] - w[0]).num_seconds())
        .filter(|&s| s > 0 && s <= BREAK_SECS)
        .collect();
    if gaps.len() < MIN_SAMPLES {
        return DEFAULT_SECS;
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    let median = if gaps.len().is_multiple_of(2) {
        (gaps[mid - 1] + gaps[mid] + 1) / 2
    } else {
        gaps[mid]
    };
    u32::try_from(median).unwrap_or(DEFAULT_SECS)
}

/// Whole minutes (rounded up) that `cards` more cards take at `secs_per_card`.
pub fn minutes_left(cards: usize, secs_per_card: u32) -> u64 {
    let secs = u64::try_from(cards)
        .unwrap_or(u64::MAX)
        .saturating_mul(u64::from(secs_per_card));
    secs.div_ceil(60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instants(gaps: &[i64]) -> Vec<DateTime<FixedOffset>> {
        let mut t = DateTime::parse_from_rfc3339("2026-01-10T09:00:00+01:00").unwrap();
        let mut v = vec![t];
        for &g in gaps {
            t += chrono::Duration::seconds(g);
            v.push(t);
        }
        v
    }

    #[test]
    fn pace_is_the_median_of_card_sized_gaps() {
        let cases: &[(&[i64], u32)] = &[
            (&[], DEFAULT_SECS),
            (&[10, 12, 14], DEFAULT_SECS),
            // Breaks (over 300 s) and pinned-clock zeros are not cards.
            (&[0, 0, 0, 0, 0, 0], DEFAULT_SECS),
            (&[8, 9, 10, 11, 3600, 12], 10),
            (&[8, 9, 10, 11, 0, 0, 0, 40], 10),
            (&[5, 7, 9, 11], DEFAULT_SECS),
            (&[5, 7, 9, 11, 13, 15], 10),
            (&[300, 300, 300, 300, 301, 300], 300),
        ];
        for (gaps, want) in cases {
            assert_eq!(seconds_per_card(&instants(gaps)), *want, "{gaps:?}");
        }
    }

    #[test]
    fn minutes_round_up_and_never_overflow() {
        assert_eq!(minutes_left(0, 20), 0);
        assert_eq!(minutes_left(1, 20), 1);
        assert_eq!(minutes_left(3, 20), 1);
        assert_eq!(minutes_left(4, 20), 2);
        assert_eq!(minutes_left(45, 11), 9);
        assert!(minutes_left(usize::MAX, u32::MAX) > 0);
    }
}
