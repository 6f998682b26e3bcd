//! The SM-2 transition, exactly as DESIGN.md §4 states it.
//!
//! Pure: a card's state, a grade and the study day go in, the next state comes out. The ease
//! factor is kept in hundredths (`Ease(250)` is 2.50) so every interval is computed in integers.

use super::balance::Balancer;
use chrono::NaiveDate;
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

/// Applies one grade given on `today`. `balancer`, when set (an interview date is ahead),
/// places the next review in the interview's final window (see [`Balancer::place`]); EF still
/// evolves normally.
pub fn review(
    state: &CardState,
    grade: Grade,
    today: NaiveDate,
    balancer: Option<&Balancer>,
) -> CardState {
    let (reps, interval, ease, lapses) = if grade.is_pass() {
        let raw = i32::from(state.ease.0) + ease_delta(grade);
        let ease = Ease(raw.max(i32::from(Ease::FLOOR.0)) as u16);
        let reps = state.reps + 1;
        let interval = match reps {
            1 => 1,
            2 => 6,
            // ceil(I(n-1) x EF') in integers; EF is in hundredths.
            _ => (u64::from(state.interval_days) * u64::from(ease.0)).div_ceil(100) as u32,
        };
        (reps, interval, ease, state.lapses)
    } else {
        let lapses = state.lapses + u32::from(state.reps >= 1);
        (0, 1, state.ease, lapses)
    };
    let natural = today + chrono::Days::new(u64::from(interval));
    let due = balancer.map_or(natural, |b| b.place(today, natural));
    // The balancer only ever moves a review earlier or keeps it, so the interval still fits.
    let interval = u32::try_from((due - today).num_days()).unwrap_or(interval);
    CardState {
        reps,
        interval_days: interval,
        ease,
        due: Some(due),
        lapses,
        last_review: Some(today),
    }
}

/// The outcome of every grade at once, so a prompt can preview "4 -> 6 days".
pub fn preview(state: &CardState, today: NaiveDate, balancer: Option<&Balancer>) -> [CardState; 6] {
    Grade::ALL.map(|g| review(state, g, today, balancer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn g(v: u8) -> Grade {
        Grade::new(v).unwrap()
    }

    /// Applies grades on the day each review falls due, returning (interval, ease) after each.
    fn run(grades: &[u8]) -> Vec<(u32, u16)> {
        let mut state = CardState::default();
        let mut today = day("2026-01-01");
        let mut out = Vec::new();
        for &q in grades {
            state = review(&state, g(q), today, None);
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
        let next = review(&state, g(5), day("2026-06-01"), None);
        assert_eq!(next.ease, Ease(300));
        assert_eq!(next.interval_days, 420);
    }

    #[test]
    fn ease_floor_is_1_30() {
        let mut state = CardState::default();
        let today = day("2026-01-01");
        for _ in 0..20 {
            state = review(&state, g(3), today, None);
        }
        assert_eq!(state.ease, Ease::FLOOR);
    }

    #[test]
    fn failures_count_lapses_only_after_a_recall() {
        let today = day("2026-01-01");
        let fresh = review(&CardState::default(), g(0), today, None);
        assert_eq!((fresh.lapses, fresh.reps, fresh.interval_days), (0, 0, 1));
        assert!(!fresh.is_new());
        let learned = review(&CardState::default(), g(4), today, None);
        let lapsed = review(&learned, g(2), today, None);
        assert_eq!((lapsed.lapses, lapsed.reps, lapsed.ease), (1, 0, Ease(250)));
    }

    #[test]
    fn due_is_study_day_plus_interval() {
        let s = review(&CardState::default(), g(5), day("2026-03-31"), None);
        assert_eq!(s.due, Some(day("2026-04-01")));
        assert_eq!(s.last_review, Some(day("2026-03-31")));
    }

    #[test]
    fn interview_window_moves_the_due_day_but_not_ease() {
        let state = CardState {
            reps: 2,
            interval_days: 6,
            ease: Ease(250),
            due: Some(day("2026-01-07")),
            lapses: 0,
            last_review: Some(day("2026-01-01")),
        };
        // Interview on the 14th: the window is the 10th..=13th, all empty, ties go late.
        let b = Balancer::new(day("2026-01-14"), Default::default());
        let next = review(&state, g(5), day("2026-01-07"), Some(&b));
        assert_eq!(next.interval_days, 6);
        assert_eq!(next.due, Some(day("2026-01-13")));
        assert_eq!(next.ease, Ease(260));
        // Reviewed inside the window: scheduled normally, ceil(6 x 2.6) = 16.
        let late = review(&state, g(5), day("2026-01-10"), Some(&b));
        assert_eq!(late.interval_days, 16);
    }

    #[test]
    fn preview_matches_each_review() {
        let today = day("2026-01-01");
        let state = review(&CardState::default(), g(4), today, None);
        let all = preview(&state, day("2026-01-02"), None);
        for grade in Grade::ALL {
            assert_eq!(
                all[grade.value() as usize],
                review(&state, grade, day("2026-01-02"), None)
            );
        }
        assert_eq!(all[4].interval_days, 6);
        assert_eq!(all[2].interval_days, 1);
    }

    #[test]
    fn grade_rejects_out_of_range() {
        assert!(Grade::new(6).is_none());
        assert_eq!(Grade::new(5).map(Grade::value), Some(5));
        assert_eq!(Ease(130).to_string(), "1.30");
        assert_eq!(Ease::new(129), None);
        assert_eq!(Ease::new(130), Some(Ease::FLOOR));
    }

    mod properties {
        use super::*;
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
                    state = review(&before, g(q), today, None);
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
                    prop_assert_eq!(state.due, Some(today + chrono::Days::new(u64::from(state.interval_days))));
                    today = today + chrono::Days::new(gap);
                }
            }

            #[test]
            fn window_never_passes_the_last_day(seq in grades(), ahead in 6u64..60) {
                let mut state = CardState::default();
                let mut today = day("2026-01-01");
                let interview = today + chrono::Days::new(ahead);
                let b = Balancer::new(interview, Default::default());
                for q in seq {
                    state = review(&state, g(q), today, Some(&b));
                    if today + chrono::Days::new(4) < interview {
                        prop_assert!(state.due.unwrap() < interview);
                    }
                    prop_assert!(state.interval_days >= 1);
                    today = state.due.unwrap();
                }
            }
        }
    }
}
