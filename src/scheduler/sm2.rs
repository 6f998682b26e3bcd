//! The SM-2 transition of DESIGN.md §4, with two bounds SM-2 itself does not state.
//!
//! Pure: a card's state, a grade and the study day go in, the next state comes out. The ease
//! factor is kept in hundredths (`Ease(250)` is 2.50) so every interval is computed in integers.
//!
//! Bounds (issue 13): an interval never exceeds the `max_interval` the caller passes (the
//! `max_interval` setting, default [`MAX_INTERVAL_DAYS`], as in Anki), and a due date never
//! leaves chrono's calendar (the interval is shortened to fit). EF, reps and lapses saturate
//! instead of wrapping. So [`review`] and [`preview`] are total: every state read back from a
//! database or progress file, however odd, gives a valid next state.

use super::balance::Balancer;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::fmt;

/// A recall grade, 0 (blackout) to 5 (perfect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    pub const ALL: [Grade; 6] = [Grade(0), Grade(1), Grade(2), Grade(3), Grade(4), Grade(5)];

    /// `None` for anything outside 0..=5.
    pub fn new(value: u8) -> Option<Grade> {
        (value <= 5).then_some(Grade(value))
    }

    /// A grade as a person types it: exactly one digit 0-5, nothing around it (`+3`, `005`
    /// or `3.0` are not grades). Callers trim the whitespace they allow.
    pub fn parse(text: &str) -> Option<Grade> {
        match text.as_bytes() {
            [d @ b'0'..=b'5'] => Some(Grade(d - b'0')),
            _ => None,
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// Grades 3-5 are recalls; 0-2 are failures that reset the card.
    pub fn is_pass(self) -> bool {
        self.0 >= 3
    }

    /// What the grade means, as the grade prompt shows it.
    pub fn meaning(self) -> &'static str {
        match self.0 {
            0 => "blackout",
            1 => "wrong, familiar once seen",
            2 => "wrong, seemed easy",
            3 => "right, with serious difficulty",
            4 => "right, after hesitation",
            _ => "perfect",
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Ease factor in hundredths: `Ease(250)` is EF 2.50.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Ease(pub u16);

impl Ease {
    pub const INITIAL: Ease = Ease(250);
    pub const FLOOR: Ease = Ease(130);

    /// An EF from hundredths read from outside (a database row, a file): `None` under the
    /// 1.30 floor.
    pub fn new(hundredths: u16) -> Option<Ease> {
        (hundredths >= Ease::FLOOR.0).then_some(Ease(hundredths))
    }

    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl fmt::Display for Ease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The schedule of one card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardState {
    /// Successful repetitions in a row (SM-2's n).
    pub reps: u32,
    pub interval_days: u32,
    pub ease: Ease,
    /// `None` until the card is first graded.
    pub due: Option<NaiveDate>,
    /// Failures (grade < 3) of a card that had been recalled at least once.
    pub lapses: u32,
    pub last_review: Option<NaiveDate>,
}

impl Default for CardState {
    fn default() -> Self {
        CardState {
            reps: 0,
            interval_days: 0,
            ease: Ease::INITIAL,
            due: None,
            lapses: 0,
            last_review: None,
        }
    }
}

impl CardState {
    /// A card nobody has graded yet.
    pub fn is_new(&self) -> bool {
        self.last_review.is_none()
    }
}

/// The change SM-2 makes to EF for a grade, in hundredths:
/// 0.1 - (5-q)(0.08 + (5-q)0.02), which is +10, 0, -14, -32, -54, -80 for q = 5..0.
fn ease_delta(grade: Grade) -> i32 {
    let d = 5 - i32::from(grade.value());
    10 - d * (8 + d * 2)
}

/// The default longest interval, in days (100 years, Anki's maximum too).
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// Applies one grade given on `today`. `balancer`, when set (an interview date is ahead),
/// places the next review in the interview's final window (see [`Balancer::place`]); EF still
/// evolves normally. `max_interval` (at least 1 is used) caps every interval.
pub fn review(
    state: &CardState,
    grade: Grade,
    today: NaiveDate,
    balancer: Option<&Balancer>,
    max_interval: u32,
) -> CardState {
    let (reps, interval, ease, lapses) = if grade.is_pass() {
        let raw = i32::from(state.ease.0) + ease_delta(grade);
        let ease = Ease(u16::try_from(raw.max(i32::from(Ease::FLOOR.0))).unwrap_or(u16::MAX));
        let reps = state.reps.saturating_add(1);
        let interval = match reps {
            1 => 1,
            2 => 6,
            // ceil(I(n-1) x EF') in integers; EF is in hundredths. Cannot overflow u64.
            _ => (u64::from(state.interval_days) * u64::from(ease.0)).div_ceil(100),
        };
        (reps, interval, ease, state.lapses)
    } else {
        let lapses = state.lapses.saturating_add(u32::from(state.reps >= 1));
        (0, 1, state.ease, lapses)
    };
    let max_interval = max_interval.max(1);
    let interval = u32::try_from(interval).map_or(max_interval, |i| i.min(max_interval));
    let (interval, natural) = due_date(today, interval);
    let placed = balancer.map_or(natural, |b| b.place(today, natural));
    // The balancer may move a review past the interview; never past the maximum interval.
    let (interval, due) = match u32::try_from((placed - today).num_days()) {
        Ok(days) if days <= max_interval => (days, placed),
        _ => (interval, natural),
    };
    CardState {
        reps,
        interval_days: interval,
        ease,
        due: Some(due),
        lapses,
        last_review: Some(today),
    }
}

/// `today + interval`, with the interval shortened when that day is past chrono's last date
/// (only reachable with a study day near the year 262,000).
fn due_date(today: NaiveDate, interval: u32) -> (u32, NaiveDate) {
    match today.checked_add_days(Days::new(u64::from(interval))) {
        Some(due) => (interval, due),
        None => {
            let room = (NaiveDate::MAX - today).num_days();
            (u32::try_from(room).unwrap_or(interval), NaiveDate::MAX)
        }
    }
}

/// The outcome of every grade at once, so a prompt can preview "4 -> 6 days".
pub fn preview(
    state: &CardState,
    today: NaiveDate,
    balancer: Option<&Balancer>,
    max_interval: u32,
) -> [CardState; 6] {
    Grade::ALL.map(|g| review(state, g, today, balancer, max_interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u32 = MAX_INTERVAL_DAYS;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn g(v: u8) -> Grade {
        Grade::new(v).unwrap()
    }

    /// A card recalled on 2026-01-01 and before (n = 2, I = 6, EF 2.50), due 2026-01-07.
    fn recalled_twice() -> CardState {
        CardState {
            reps: 2,
            interval_days: 6,
            ease: Ease(250),
            due: Some(day("2026-01-07")),
            lapses: 0,
            last_review: Some(day("2026-01-01")),
        }
    }

    /// Applies grades on the day each review falls due, returning (interval, ease) after each.
    fn run(grades: &[u8]) -> Vec<(u32, u16)> {
        let mut state = CardState::default();
        let mut today = day("2026-01-01");
        let mut out = Vec::new();
        for &q in grades {
            state = review(&state, g(q), today, None, MAX);
            out.push((state.interval_days, state.ease.0));
            today = state.due.unwrap();
        }
        out
    }

    #[test]
    fn hand_computed_sequences() {
        // All 5s: EF +0.10 each time; 1, 6, ceil(6*2.8)=17, ceil(17*2.9)=50, ceil(50*3.0)=150.
        assert_eq!(
            run(&[5, 5, 5, 5, 5]),
            vec![(1, 260), (6, 270), (17, 280), (50, 290), (150, 300)]
        );
        // All 4s: EF stays 2.50; 1, 6, 15, 38, 95.
        assert_eq!(
            run(&[4, 4, 4, 4, 4]),
            vec![(1, 250), (6, 250), (15, 250), (38, 250), (95, 250)]
        );
        // All 3s: EF -0.14 each; 2.36, 2.22, 2.08 -> ceil(6*2.08)=13, 1.94 -> ceil(13*1.94)=26.
        assert_eq!(
            run(&[3, 3, 3, 3]),
            vec![(1, 236), (6, 222), (13, 208), (26, 194)]
        );
        // A failure after three recalls resets n and the interval, keeps EF, counts a lapse.
        assert_eq!(
            run(&[4, 4, 4, 1, 4, 4]),
            vec![(1, 250), (6, 250), (15, 250), (1, 250), (1, 250), (6, 250)]
        );
    }

    #[test]
    fn integer_ease_avoids_float_drift() {
        // 140 x 3.00 is 420 days; floating point gives 421.
        let state = CardState {
            reps: 5,
            interval_days: 140,
            ease: Ease(290),
            due: Some(day("2026-06-01")),
            lapses: 0,
            last_review: Some(day("2026-01-01")),
        };
        let next = review(&state, g(5), day("2026-06-01"), None, MAX);
        assert_eq!(next.ease, Ease(300));
        assert_eq!(next.interval_days, 420);
    }

    #[test]
    fn ease_floor_is_1_30() {
        let mut state = CardState::default();
        let today = day("2026-01-01");
        for _ in 0..20 {
            state = review(&state, g(3), today, None, MAX);
        }
        assert_eq!(state.ease, Ease::FLOOR);
    }

    #[test]
    fn failures_count_lapses_only_after_a_recall() {
        let today = day("2026-01-01");
        let fresh = review(&CardState::default(), g(0), today, None, MAX);
        assert_eq!((fresh.lapses, fresh.reps, fresh.interval_days), (0, 0, 1));
        assert!(!fresh.is_new());
        let learned = review(&CardState::default(), g(4), today, None, MAX);
        let lapsed = review(&learned, g(2), today, None, MAX);
        assert_eq!((lapsed.lapses, lapsed.reps, lapsed.ease), (1, 0, Ease(250)));
    }

    #[test]
    fn due_is_study_day_plus_interval() {
        let s = review(&CardState::default(), g(5), day("2026-03-31"), None, MAX);
        assert_eq!(s.due, Some(day("2026-04-01")));
        assert_eq!(s.last_review, Some(day("2026-03-31")));
    }

    #[test]
    fn interview_window_moves_the_due_day_but_not_ease() {
        let state = recalled_twice();
        // Interview on the 14th: the window is the 10th..=13th, all empty, ties go late.
        let b = Balancer::new(day("2026-01-14"), Default::default());
        let next = review(&state, g(5), day("2026-01-07"), Some(&b), MAX);
        assert_eq!(next.interval_days, 6);
        assert_eq!(next.due, Some(day("2026-01-13")));
        assert_eq!(next.ease, Ease(260));
        // Reviewed inside the window: scheduled normally, ceil(6 x 2.6) = 16.
        let late = review(&state, g(5), day("2026-01-10"), Some(&b), MAX);
        assert_eq!(late.interval_days, 16);
    }

    #[test]
    fn preview_gives_each_grade_its_hand_computed_outcome() {
        // Graded on its due day.
        let state = recalled_twice();
        let all = preview(&state, day("2026-01-07"), None, MAX);
        let got: Vec<(u32, u32, u16, u32)> = all
            .iter()
            .map(|s| (s.reps, s.interval_days, s.ease.0, s.lapses))
            .collect();
        // (reps, interval, EF, lapses) for grades 0..=5: failures reset to 1 day and count a
        // lapse; 3 -> EF 2.36, ceil(6 x 2.36) = 15; 4 -> 2.50, 15; 5 -> 2.60, ceil(15.6) = 16.
        assert_eq!(
            got,
            vec![
                (0, 1, 250, 1),
                (0, 1, 250, 1),
                (0, 1, 250, 1),
                (3, 15, 236, 0),
                (3, 15, 250, 0),
                (3, 16, 260, 0),
            ]
        );
        assert_eq!(all[5].due, Some(day("2026-01-23")));
    }

    #[test]
    fn intervals_stop_at_the_maximum() {
        // Sixteen 5s used to overflow the calendar (issue 13); now the 10th grade reaches the
        // cap (ceil(16698 x 3.5) = 58443 > 36500) and every later one stays there.
        let seq = run(&[5; 16]);
        let intervals: Vec<u32> = seq.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            &intervals[..9],
            &[1, 6, 17, 50, 150, 465, 1488, 4911, 16698]
        );
        assert!(intervals[9..].iter().all(|&i| i == MAX_INTERVAL_DAYS));
        // A smaller setting caps sooner; 0 is treated as 1.
        let state = CardState {
            reps: 4,
            interval_days: 50,
            ..CardState::default()
        };
        assert_eq!(
            review(&state, g(4), day("2026-01-01"), None, 30).interval_days,
            30
        );
        assert_eq!(
            review(&state, g(4), day("2026-01-01"), None, 0).interval_days,
            1
        );
    }

    #[test]
    fn impossible_states_give_valid_next_states() {
        let today = day("2026-01-01");
        let odd = CardState {
            reps: u32::MAX,
            interval_days: u32::MAX,
            ease: Ease(u16::MAX),
            due: Some(today),
            lapses: u32::MAX,
            last_review: Some(today),
        };
        let pass = review(&odd, g(5), today, None, MAX);
        assert_eq!(
            (pass.reps, pass.ease, pass.interval_days),
            (u32::MAX, Ease(u16::MAX), MAX)
        );
        let fail = review(&odd, g(0), today, None, MAX);
        assert_eq!(
            (fail.lapses, fail.reps, fail.interval_days),
            (u32::MAX, 0, 1)
        );
        // A study day at the end of the calendar: the interval shrinks to fit.
        let last = NaiveDate::MAX;
        let end = review(&odd, g(5), last, None, MAX);
        assert_eq!((end.interval_days, end.due), (0, Some(last)));
        let near = last - Days::new(10);
        assert_eq!(review(&odd, g(5), near, None, MAX).due, Some(last));
    }

    #[test]
    fn grade_rejects_out_of_range() {
        assert_eq!(Grade::parse("3"), Grade::new(3));
        for bad in ["6", "+3", "005", "-1", " 3", "3.0", ""] {
            assert_eq!(Grade::parse(bad), None, "{bad:?}");
        }
        assert!(Grade::new(6).is_none());
        assert_eq!(Grade::new(5).map(Grade::value), Some(5));
        assert_eq!(Ease(130).to_string(), "1.30");
        assert_eq!(Ease::new(129), None);
        assert_eq!(Ease::new(130), Some(Ease::FLOOR));
    }

    mod properties {
        use super::*;
        use chrono::Datelike;
        use proptest::prelude::*;

        fn grades() -> impl Strategy<Value = Vec<u8>> {
            proptest::collection::vec(0u8..=5, 1..40)
        }

        proptest! {
            #[test]
            fn ease_never_below_floor_and_failures_reset(seq in grades(), gap in 0u64..30) {
                let mut state = CardState::default();
                let mut today = day("2026-01-01");
                for q in seq {
                    let before = state.clone();
                    state = review(&before, g(q), today, None, MAX);
                    prop_assert!(state.ease >= Ease::FLOOR);
                    if q < 3 {
                        prop_assert_eq!(state.interval_days, 1);
                        prop_assert_eq!(state.reps, 0);
                        prop_assert_eq!(state.ease, before.ease);
                    } else {
                        prop_assert_eq!(state.reps, before.reps + 1);
                        if before.reps >= 2 {
                            prop_assert!(state.interval_days >= before.interval_days);
                        }
                    }
                    prop_assert!(state.lapses >= before.lapses);
                    prop_assert_eq!(state.due, Some(today + Days::new(u64::from(state.interval_days))));
                    today = today + Days::new(gap);
                }
            }

            /// Issue 13: up to 1,000 grades, study days anywhere in chrono's calendar (far
            /// future included), any maximum: no panic, EF >= 1.30, never past the maximum,
            /// and the due date is always the study day plus the interval.
            #[test]
            fn any_sequence_stays_bounded(
                seq in proptest::collection::vec((0u8..=5, 0u32..=u32::MAX), 1..=1000),
                start in 0i32..=NaiveDate::MAX.num_days_from_ce(),
                max_interval in prop_oneof![Just(MAX), 1u32..=MAX, Just(u32::MAX)],
            ) {
                let mut state = CardState::default();
                let mut today = NaiveDate::from_num_days_from_ce_opt(start).unwrap();
                for (q, gap) in seq {
                    state = review(&state, g(q), today, None, max_interval);
                    prop_assert!(state.ease >= Ease::FLOOR);
                    prop_assert!(state.interval_days <= max_interval.max(1));
                    let due = state.due.unwrap();
                    prop_assert_eq!(due, today + Days::new(u64::from(state.interval_days)));
                    today = today.checked_add_days(Days::new(u64::from(gap))).unwrap_or(due);
                }
            }

            #[test]
            fn window_never_passes_the_last_day(seq in grades(), ahead in 6u64..60) {
                let mut state = CardState::default();
                let mut today = day("2026-01-01");
                let interview = today + Days::new(ahead);
                let b = Balancer::new(interview, Default::default());
                for q in seq {
                    state = review(&state, g(q), today, Some(&b), MAX);
                    if today + Days::new(4) < interview {
                        prop_assert!(state.due.unwrap() < interview);
                    }
                    prop_assert!(state.interval_days >= 1);
                    today = state.due.unwrap();
                }
            }
        }
    }
}
