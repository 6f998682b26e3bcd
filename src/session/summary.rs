//! The lines under a session's tally: how much was done and how fast, the grades as a small
//! histogram, what comes back tomorrow, the streak, and the one command worth running next;
//! and a quiz's score.

use super::{FirstGrade, Summary};
use std::collections::BTreeMap;

/// A quiz's score, from the first grade of each card (a pass is a grade of 3 or more).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuizScore {
    /// (topic title, cards asked, cards passed), by title.
    pub topics: Vec<(String, u32, u32)>,
    pub asked: u32,
    pub passed: u32,
    /// Ids of the cards failed, in the order asked.
    pub missed: Vec<String>,
}

pub fn quiz_score(first_grades: &[FirstGrade]) -> QuizScore {
    let mut topics: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut score = QuizScore::default();
    for g in first_grades {
        let pass = g.grade >= 3;
        let t = topics.entry(&g.topic_title).or_default();
        t.0 += 1;
        t.1 += u32::from(pass);
        score.asked += 1;
        score.passed += u32::from(pass);
        if !pass {
            score.missed.push(g.card_id.clone());
        }
    }
    score.topics = topics
        .into_iter()
        .map(|(t, (asked, passed))| (t.to_string(), asked, passed))
        .collect();
    score
}

/// `passed` of `asked` as a whole percentage, rounded down (0 when nothing was asked).
pub fn percent(passed: u32, asked: u32) -> u32 {
    passed * 100 / asked.max(1)
}

/// What the store says after the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outlook {
    /// Reviews due tomorrow (overdue ones left today included).
    pub tomorrow: u32,
    /// Study days in a row, today included.
    pub streak: u32,
}

/// "45 s", "6 min", "1 h 05 min".
pub fn duration(seconds: i64) -> String {
    match seconds {
        s if s < 60 => format!("{} s", s.max(0)),
        s if s < 3600 => format!("{} min", (s + 30) / 60),
        s => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// The command worth running next, and why.
pub fn next_command(summary: &Summary, outlook: &Outlook) -> String {
    if summary.left > 0 {
        format!(
            "`ecsdrill drill` again: {} card(s) left for today",
            summary.left
        )
    } else if summary.grades[..3].iter().sum::<u32>() > 0 {
        "`ecsdrill report` to see which topics to re-read".to_string()
    } else if outlook.tomorrow > 0 {
        "`ecsdrill status` tomorrow: the reviews will be waiting".to_string()
    } else {
        "`ecsdrill plan` to see the days ahead".to_string()
    }
}

/// The summary lines; each ends with a newline.
pub fn render(summary: &Summary, outlook: &Outlook) -> String {
    let graded = summary.graded();
    let mut text = format!("Done: {graded} grade(s) in {}", duration(summary.seconds));
    let repeats: u32 = summary.phases.values().map(|p| p.repeats).sum();
    if repeats > 0 {
        text += &format!(" ({repeats} of them repeats)");
    }
    text.push('\n');
    let most = summary.grades.iter().copied().max().unwrap_or(0).max(1);
    if graded > 0 {
        text += "Grades:\n";
        for (g, &n) in summary.grades.iter().enumerate().rev() {
            let bar = "█".repeat(
                usize::try_from(n * 20 / most)
                    .unwrap_or(20)
                    .max(usize::from(n > 0)),
            );
            text += &format!("  {g} {bar:<20} {n}\n");
        }
    }
    if !summary.suspended.is_empty() {
        text += &format!("Suspended: {}\n", summary.suspended.join(", "));
    }
    text += &format!(
        "Tomorrow: {} review(s) due · streak {} day(s)\n",
        outlook.tomorrow, outlook.streak
    );
    text += &format!("Next: {}\n", next_command(summary, outlook));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiz_score_counts_first_grades_per_topic() {
        let g = |id: &str, topic: &str, grade: u8| FirstGrade {
            card_id: id.into(),
            topic_title: topic.into(),
            grade,
        };
        let score = quiz_score(&[
            g("b/1", "Beta", 3),
            g("a/1", "Alpha", 2),
            g("a/2", "Alpha", 5),
            g("b/2", "Beta", 0),
            g("a/3", "Alpha", 4),
        ]);
        assert_eq!(
            score.topics,
            [("Alpha".to_string(), 3, 2), ("Beta".to_string(), 2, 1)]
        );
        assert_eq!((score.asked, score.passed), (5, 3));
        assert_eq!(score.missed, ["a/1", "b/2"]);
        assert_eq!(percent(2, 3), 66);
        assert_eq!(percent(0, 0), 0);
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(-3), "0 s");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(89), "1 min");
        assert_eq!(duration(90), "2 min");
        assert_eq!(duration(3900), "1 h 05 min");
    }

    #[test]
    fn the_next_command_follows_what_is_left() {
        let outlook = Outlook {
            tomorrow: 3,
            streak: 2,
        };
        let mut s = Summary {
            left: 4,
            ..Summary::default()
        };
        assert!(next_command(&s, &outlook).contains("4 card(s) left"));
        s.left = 0;
        s.grades = [0, 1, 0, 2, 0, 0];
        assert!(next_command(&s, &outlook).starts_with("`ecsdrill report`"));
        s.grades = [0, 0, 0, 2, 0, 0];
        assert!(next_command(&s, &outlook).starts_with("`ecsdrill status`"));
        let none = Outlook {
            tomorrow: 0,
            streak: 0,
        };
        assert!(next_command(&s, &none).starts_with("`ecsdrill plan`"));
    }

    #[test]
    fn the_histogram_scales_to_the_most_common_grade() {
        let s = Summary {
            grades: [0, 0, 1, 0, 4, 2],
            seconds: 300,
            ..Summary::default()
        };
        let text = render(
            &s,
            &Outlook {
                tomorrow: 5,
                streak: 3,
            },
        );
        assert!(text.starts_with("Done: 7 grade(s) in 5 min\n"), "{text}");
        assert!(
            text.contains(&format!("  4 {} 4\n", "█".repeat(20))),
            "{text}"
        );
        assert!(
            text.contains(&format!("  5 {:<20} 2\n", "█".repeat(10))),
            "{text}"
        );
        assert!(text.contains(&format!("  0 {:<20} 0\n", "")), "{text}");
        assert!(text.contains("Tomorrow: 5 review(s) due · streak 3 day(s)\n"));
    }
}
