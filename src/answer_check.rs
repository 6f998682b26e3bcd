//! The answer check behind `drill --type` / `quiz --type`: which of a card's key terms a typed
//! answer contains, where they stand in a text (for highlighting), and the grade to suggest.
//!
//! Pure: text in, matches out. A key term is a list of alternatives split by `|`
//! (`"cgroup|control group"`); it is hit when any alternative appears in the text as a run of
//! whole words, compared case-insensitively, with punctuation and hyphens read as word breaks
//! ("blue-green" = "blue green" = "bluegreen"), and with simple plural endings ignored
//! ("layers" = "layer", "policies" = "policy").

use std::ops::Range;

/// One word of a text: its normalised form and where it stands (byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    norm: String,
    span: Range<usize>,
}

/// Lower-cased singular form: "policies" -> "policy", "layers" -> "layer"; "class", "status",
/// "alias" and short words stay as they are.
fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    let n = w.chars().count();
    if n > 4 && w.ends_with("ies") {
        format!("{}y", &w[..w.len() - 3])
    } else if n > 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
    {
        w[..w.len() - 1].to_string()
    } else {
        w
    }
}

/// The words of `text`: maximal runs of alphanumeric characters.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Word {
                    norm: singular(&text[s..i]),
                    span: s..i,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Where `alternative` occurs in `text`'s words, as byte ranges of `text`. Matches a run of
/// words, or the same letters written joined or split ("bluegreen" / "blue green").
fn occurrences(text_words: &[Word], alternative: &str) -> Vec<Range<usize>> {
    let key: Vec<String> = words(alternative).into_iter().map(|w| w.norm).collect();
    if key.is_empty() {
        return Vec::new();
    }
    let squashed_key = singular(&key.concat());
    let mut found = Vec::new();
    for start in 0..text_words.len() {
        // Try windows up to one word longer than the key: "control-group" vs "controlgroup".
        for len in 1..=(key.len() + 1).min(text_words.len() - start) {
            let window = &text_words[start..start + len];
            let same_words = len == key.len() && window.iter().zip(&key).all(|(w, k)| w.norm == *k);
            let squashed: String = window.iter().map(|w| w.norm.as_str()).collect();
            if same_words || singular(&squashed) == squashed_key {
                found.push(window[0].span.start..window[len - 1].span.end);
                break;
            }
        }
    }
    found
}

/// The outcome of one key term against a typed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyResult {
    /// The key term as the card lists it (alternatives included).
    pub key: String,
    /// Where the first matching alternative stands in the typed text; `None` when missed.
    pub found_at: Option<Range<usize>>,
}

impl KeyResult {
    pub fn hit(&self) -> bool {
        self.found_at.is_some()
    }
}

/// Checks each of `keys` against `typed`.
pub fn check(typed: &str, keys: &[String]) -> Vec<KeyResult> {
    let typed_words = words(typed);
    keys.iter()
        .map(|key| KeyResult {
            key: key.clone(),
            found_at: key
                .split('|')
                .find_map(|alt| occurrences(&typed_words, alt.trim()).into_iter().next()),
        })
        .collect()
}

/// The grade to suggest after a typed answer: every key hit -> 4, at least half -> 3, fewer
/// -> 1. A card without keys gives no suggestion.
pub fn suggested_grade(results: &[KeyResult]) -> Option<u8> {
    if results.is_empty() {
        return None;
    }
    let hits = results.iter().filter(|r| r.hit()).count();
    Some(if hits == results.len() {
        4
    } else if hits * 2 >= results.len() {
        3
    } else {
        1
    })
}

/// Every place in `text` where one of `keys` (any alternative) stands, sorted and without
/// overlaps, so a renderer can highlight the key terms of a card's answer.
pub fn key_spans(text: &str, keys: &[String]) -> Vec<Range<usize>> {
    let text_words = words(text);
    let mut spans: Vec<Range<usize>> = keys
        .iter()
        .flat_map(|k| k.split('|'))
        .flat_map(|alt| occurrences(&text_words, alt.trim()))
        .collect();
    spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for s in spans {
        match merged.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => merged.push(s),
        }
    }
    merged
}

/// `text` cut into runs, each flagged true when it lies inside one of `spans` (sorted, not
/// overlapping, on char boundaries, as [`key_spans`] and [`KeyResult::found_at`] give them), so
/// a renderer can style the key terms and leave the rest as it is. Spans out of range are
/// clipped.
pub fn split_at_spans<'a>(text: &'a str, spans: &[Range<usize>]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::with_capacity(spans.len() * 2 + 1);
    let mut at = 0;
    for span in spans {
        let (start, end) = (span.start.clamp(at, text.len()), span.end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            out.push((&text[at..start], false));
        }
        out.push((&text[start..end], true));
        at = end;
    }
    if at < text.len() {
        out.push((&text[at..], false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn hits(typed: &str, key: &str) -> bool {
        check(typed, &keys(&[key]))[0].hit()
    }

    #[test]
    fn matching_table() {
        let cases = [
            // (typed, key, hit?, why)
            (
                "it uses a cgroup",
                "cgroup|control group",
                true,
                "first alternative",
            ),
            (
                "Control Groups limit it",
                "cgroup|control group",
                true,
                "second, case, plural",
            ),
            (
                "blue-green deployment",
                "blue/green",
                true,
                "hyphen vs slash",
            ),
            ("a bluegreen deployment", "blue-green", true, "joined"),
            ("blue green", "bluegreen", true, "split"),
            ("the task role.", "task role", true, "trailing punctuation"),
            ("task, role", "task role", true, "punctuation between words"),
            (
                "the role of the task",
                "task role",
                false,
                "words out of order",
            ),
            ("IAM policies", "policy", true, "ies plural"),
            ("the policy", "policies", true, "plural key, singular text"),
            ("status code", "statu", false, "no stemming of -us words"),
            ("awsvpc mode", "awsvpc", true, "plain word"),
            ("awsvpcs", "awsvpc", true, "plural of a plain word"),
            ("bridge", "bridge mode", false, "partial key"),
            ("", "anything", false, "empty text"),
            ("port 443 open", "443", true, "numbers"),
            ("port 4430", "443", false, "whole words only"),
            (
                "ECR's pull-through cache",
                "pull through cache",
                true,
                "apostrophe and hyphen",
            ),
        ];
        for (typed, key, expected, why) in cases {
            assert_eq!(hits(typed, key), expected, "{why}: {typed:?} vs {key:?}");
        }
    }

    #[test]
    fn found_at_points_into_the_typed_text() {
        let typed = "It needs the Execution Role to pull";
        let r = check(typed, &keys(&["task role|execution role"]));
        let at = r[0].found_at.clone().unwrap();
        assert_eq!(&typed[at], "Execution Role");
    }

    #[test]
    fn suggested_grade_table() {
        let k = keys(&["alpha", "beta", "gamma", "delta"]);
        let grade = |typed: &str| suggested_grade(&check(typed, &k));
        assert_eq!(grade("alpha beta gamma delta"), Some(4));
        assert_eq!(grade("alpha beta gamma"), Some(3));
        assert_eq!(grade("alpha beta"), Some(3), "half counts as most");
        assert_eq!(grade("alpha"), Some(1));
        assert_eq!(grade("nothing"), Some(1));
        assert_eq!(suggested_grade(&check("x", &[])), None);
    }

    #[test]
    fn key_spans_cover_each_occurrence_once() {
        let text = "The task role and the execution role; task roles again.";
        let spans = key_spans(text, &keys(&["task role", "execution role|role"]));
        let shown: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["task role", "execution role", "task roles"]);
    }

    #[test]
    fn split_at_spans_flags_the_key_terms() {
        let text = "The task role, not the execution role.";
        let spans = key_spans(text, &keys(&["task role", "execution role"]));
        assert_eq!(
            split_at_spans(text, &spans),
            [
                ("The ", false),
                ("task role", true),
                (", not the ", false),
                ("execution role", true),
                (".", false)
            ]
        );
        assert_eq!(split_at_spans("abc", &[]), [("abc", false)]);
        let one = |r: Range<usize>| vec![r];
        assert_eq!(split_at_spans("abc", &one(0..3)), [("abc", true)]);
        assert_eq!(
            split_at_spans("abc", &one(1..9)),
            [("a", false), ("bc", true)],
            "clipped"
        );
        assert!(split_at_spans("", &one(0..1)).is_empty());
    }

    #[test]
    fn unicode_text_keeps_char_boundaries() {
        let text = "Über-cgroup – größer";
        let spans = key_spans(text, &keys(&["cgroup", "größer"]));
        let shown: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["cgroup", "größer"]);
    }
}
