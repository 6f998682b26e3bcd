//! Where a card stands: the one status word every listing and report uses.

use super::interview::MATURE_DAYS;
use serde::Serialize;

/// A card's status: never graded, seen with a short interval, seen with a long one, or
/// taken out of every queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardStatus {
    New,
    Young,
    Mature,
    Suspended,
}

impl CardStatus {
    /// The status of a card: suspension first, then whether it was ever graded, then its
    /// interval against [`MATURE_DAYS`].
    pub fn of(suspended: bool, seen: bool, interval_days: u32) -> CardStatus {
        if suspended {
            CardStatus::Suspended
        } else if !seen {
            CardStatus::New
        } else if interval_days >= MATURE_DAYS {
            CardStatus::Mature
        } else {
            CardStatus::Young
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::New => "new",
            CardStatus::Young => "young",
            CardStatus::Mature => "mature",
            CardStatus::Suspended => "suspended",
        }
    }

    /// The word of `cards --json` (DESIGN.md §6), which has one word, `review`, for young
    /// and mature cards.
    pub fn schedule_word(self) -> &'static str {
        match self {
            CardStatus::Young | CardStatus::Mature => "review",
            other => other.as_str(),
        }
    }

    /// Seen and not suspended: a status with an interval worth showing.
    pub fn has_interval(self) -> bool {
        matches!(self, CardStatus::Young | CardStatus::Mature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        let cases = [
            ((true, true, 40), CardStatus::Suspended, "suspended"),
            ((true, false, 0), CardStatus::Suspended, "suspended"),
            ((false, false, 0), CardStatus::New, "new"),
            ((false, true, 0), CardStatus::Young, "review"),
            ((false, true, MATURE_DAYS - 1), CardStatus::Young, "review"),
            ((false, true, MATURE_DAYS), CardStatus::Mature, "review"),
        ];
        for ((suspended, seen, interval), status, word) in cases {
            let got = CardStatus::of(suspended, seen, interval);
            assert_eq!(got, status, "{suspended} {seen} {interval}");
            assert_eq!(got.schedule_word(), word);
        }
        assert_eq!(CardStatus::Young.as_str(), "young");
        assert!(CardStatus::Mature.has_interval() && !CardStatus::New.has_interval());
    }
}
