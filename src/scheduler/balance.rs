//! Final-window load balancing before an interview: which day a review is scheduled for.
//!
//! The same idea as Anki's review load balancer (ankitects/anki pull request 3230): within the
//! days a review may land on, pick the one with the fewest cards already due. Here the allowed
//! days are the interview's final window ([`final_window`]): a review made before the window
//! whose SM-2 due day falls in the window or later lands on the least-loaded window day no later
//! than that due day, so every card gets one final review shortly before the interview and no
//! day is a wall. A review made inside the window was the card's final review: the card is
//! scheduled past the interview (never on the interview day itself), unless SM-2 asks for it
//! again tomorrow (a failure, or a card's first success).
//!
//! Pure: the projected load comes in as data. `drill` (through [`super::sm2::review`]) and the
//! `plan` forecast both place every review with [`Balancer::place`], so the forecast is the drill.

use super::interview::final_window;
use chrono::NaiveDate;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Cards due per day (scheduled due days of active, unsuspended cards). Days absent are 0.
pub type DayLoad = BTreeMap<NaiveDate, usize>;

/// The due day of a review given on `today` whose SM-2 due day is `natural`, with an interview
/// on `interview` and `load` cards already due per day. Ties go to the later day (the closest
/// to the SM-2 day and to the interview).
pub fn due_day(
    today: NaiveDate,
    natural: NaiveDate,
    interview: NaiveDate,
    load: &DayLoad,
) -> NaiveDate {
    let Some(window) = final_window(interview) else {
        return natural;
    };
    let (first, last) = (*window.start(), *window.end());
    if today >= interview || natural < first {
        return natural;
    }
    if today >= first {
        // A one-day step (a failure, a first success) comes back tomorrow; any longer step
        // means the final review is done, so it lands past the interview. Either way the
        // interview day stays free.
        let after = interview.succ_opt().unwrap_or(natural);
        let one_day = today.succ_opt() == Some(natural);
        return if one_day && natural < interview {
            natural
        } else {
            natural.max(after)
        };
    }
    let latest = natural.min(last);
    first
        .iter_days()
        .take_while(|d| *d <= latest)
        .min_by_key(|d| (load.get(d).copied().unwrap_or(0), Reverse(*d)))
        .unwrap_or(latest)
}

/// The interview date and the projected load of its final window, kept current as reviews move
/// cards from one day to another. Pass it to [`super::sm2::review`] while the interview is ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balancer {
    interview: NaiveDate,
    load: DayLoad,
}

impl Balancer {
    /// `load` needs the days of the final window; other days are ignored.
    pub fn new(interview: NaiveDate, load: DayLoad) -> Balancer {
        Balancer { interview, load }
    }

    pub fn interview(&self) -> NaiveDate {
        self.interview
    }

    /// Where a review given on `today` with SM-2 due day `natural` lands (see [`due_day`]).
    pub fn place(&self, today: NaiveDate, natural: NaiveDate) -> NaiveDate {
        due_day(today, natural, self.interview, &self.load)
    }

    /// Records that a card's due day moved from `from` to `to`.
    pub fn moved(&mut self, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        if let Some(n) = from.and_then(|d| self.load.get_mut(&d)) {
            *n = n.saturating_sub(1);
        }
        if let Some(d) = to {
            *self.load.entry(d).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Interview on the 14th: the window is the 10th..=13th.
    const INTERVIEW: &str = "2026-12-14";

    impl Balancer {
        fn load_on(&self, day: NaiveDate) -> usize {
            self.load.get(&day).copied().unwrap_or(0)
        }
    }

    fn load(rows: &[(&str, usize)]) -> DayLoad {
        rows.iter().map(|&(day, n)| (d(day), n)).collect()
    }

    #[test]
    fn due_day_table() {
        let busy = load(&[
            ("2026-12-10", 5),
            ("2026-12-11", 2),
            ("2026-12-12", 9),
            ("2026-12-13", 4),
        ]);
        let even = DayLoad::new();
        // (today, natural, load, expected, why)
        #[rustfmt::skip]
        let rows: &[(&str, &str, &DayLoad, &str, &str)] = &[
            ("2026-12-01", "2026-12-07", &busy, "2026-12-07", "lands before the window"),
            ("2026-12-01", "2026-12-09", &busy, "2026-12-09", "the day before the window"),
            ("2026-12-03", "2026-12-25", &busy, "2026-12-11", "past the interview: least loaded"),
            ("2026-12-03", "2026-12-14", &busy, "2026-12-11", "on the interview day: least loaded"),
            ("2026-12-03", "2026-12-10", &busy, "2026-12-10", "window's first day: no earlier day"),
            ("2026-12-03", "2026-12-12", &busy, "2026-12-11", "in the window: may come earlier"),
            ("2026-12-03", "2026-12-30", &even, "2026-12-13", "ties go to the later day"),
            ("2026-12-09", "2026-12-10", &busy, "2026-12-10", "a failure the day before the window"),
            ("2026-12-10", "2026-12-16", &busy, "2026-12-16", "final review done: normal"),
            ("2026-12-10", "2026-12-13", &busy, "2026-12-15", "final review done: past the date"),
            ("2026-12-11", "2026-12-12", &busy, "2026-12-12", "a one-day step comes back"),
            ("2026-12-13", "2026-12-14", &busy, "2026-12-15", "never on the interview day"),
            ("2026-12-12", "2026-12-13", &busy, "2026-12-13", "a failure inside the window"),
            ("2026-12-14", "2026-12-15", &busy, "2026-12-15", "on the interview day: normal"),
            ("2026-12-20", "2026-12-26", &busy, "2026-12-26", "after the interview: normal"),
        ];
        for &(today, natural, load, expected, why) in rows {
            assert_eq!(
                due_day(d(today), d(natural), d(INTERVIEW), load),
                d(expected),
                "{why}"
            );
        }
    }

    #[test]
    fn balancer_tracks_moves() {
        let mut b = Balancer::new(d(INTERVIEW), DayLoad::new());
        b.moved(None, Some(d("2026-12-13")));
        assert_eq!(b.place(d("2026-12-01"), d("2026-12-30")), d("2026-12-12"));
        b.moved(Some(d("2026-12-13")), Some(d("2026-12-12")));
        assert_eq!(
            (b.load_on(d("2026-12-13")), b.load_on(d("2026-12-12"))),
            (0, 1)
        );
        b.moved(Some(d("2026-12-01")), None);
        assert_eq!(b.load_on(d("2026-12-01")), 0);
    }

    proptest! {
        /// Placing reviews one after another keeps the window within one card of even, never
        /// uses the interview day, and never moves a review made before the window later than
        /// SM-2 asked (nor one made inside it earlier).
        #[test]
        fn placement_stays_in_range_and_even(
            reviews in proptest::collection::vec((0u64..10, 0u64..40), 1..200),
        ) {
            let start = d("2026-12-01");
            let interview = d(INTERVIEW);
            let window = final_window(interview).unwrap();
            let mut b = Balancer::new(interview, DayLoad::new());
            for &(offset, interval) in &reviews {
                let today = start + chrono::Days::new(offset);
                let natural = today + chrono::Days::new(interval + 1);
                let due = b.place(today, natural);
                prop_assert!(due > today);
                if today < *window.start() {
                    prop_assert!(due <= natural, "never later than SM-2 asked before the window");
                } else {
                    prop_assert!(due >= natural, "never earlier inside the window");
                }
                prop_assert!(due != interview);
                if natural >= *window.start() && today < *window.start() {
                    prop_assert!(window.contains(&due));
                }
                if natural > *window.end() && today < *window.start() {
                    let min = window.start().iter_days().take(4).map(|w| b.load_on(w)).min().unwrap();
                    prop_assert_eq!(b.load_on(due), min);
                }
                b.moved(None, Some(due));
            }
        }
    }
}
