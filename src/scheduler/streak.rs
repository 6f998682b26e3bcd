//! The study streak: consecutive study days with at least one grade.

use chrono::NaiveDate;

/// Consecutive days ending today, or yesterday when today has no grade yet, found in `days`
/// (distinct study days, newest first). A gap of one day ends the streak.
pub fn streak(days: &[NaiveDate], today: NaiveDate) -> u32 {
    let mut expected = match days.first() {
        Some(&d) if d == today => today,
        Some(&d) if today.pred_opt() == Some(d) => d,
        _ => return 0,
    };
    let mut n = 0;
    for &d in days {
        if d != expected {
            break;
        }
        n += 1;
        match expected.pred_opt() {
            Some(p) => expected = p,
            None => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streak_table() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let days = [d("2026-01-10"), d("2026-01-09"), d("2026-01-07")];
        // (days, today, expected, why)
        let rows: &[(&[NaiveDate], &str, u32, &str)] = &[
            (
                &days,
                "2026-01-10",
                2,
                "studied today and yesterday, gap before",
            ),
            (
                &days,
                "2026-01-11",
                2,
                "not yet today: the streak still stands",
            ),
            (&days, "2026-01-12", 0, "a whole day missed"),
            (&[], "2026-01-12", 0, "never studied"),
            (&days[2..], "2026-01-07", 1, "one day"),
            (
                &[d("2026-01-11")],
                "2026-01-10",
                0,
                "a day after today (clock moved back)",
            ),
        ];
        for &(days, today, expected, why) in rows {
            assert_eq!(streak(days, d(today)), expected, "{why}");
        }
    }
}
