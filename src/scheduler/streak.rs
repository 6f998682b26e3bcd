//! The study streak: consecutive study days with at least one grade.

use chrono::NaiveDate;

/// Consecutive study days ending today, or yesterday when today has no grade yet; a gap of
/// one day ends the streak. `studied` is asked about one day at a time from today back, so
/// only the days the streak spans (and the one that ends it) are looked at, however long the
/// history.
pub fn streak<E>(
    today: NaiveDate,
    mut studied: impl FnMut(NaiveDate) -> Result<bool, E>,
) -> Result<u32, E> {
    let mut day = today;
    if !studied(day)? {
        match today.pred_opt() {
            Some(yesterday) if studied(yesterday)? => day = yesterday,
            _ => return Ok(0),
        }
    }
    let mut n = 1;
    while let Some(before) = day.pred_opt() {
        if !studied(before)? {
            break;
        }
        n += 1;
        day = before;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streak over a list of study days.
    fn over(days: &[NaiveDate], today: NaiveDate) -> u32 {
        streak(today, |d| Ok::<bool, ()>(days.contains(&d))).unwrap()
    }

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
            assert_eq!(over(days, d(today)), expected, "{why}");
        }
    }
}
