//! Text that reaches a terminal: which characters a deck may not contain, and how every
//! human-facing renderer neutralises them anyway (a second wall behind deck validation).
//!
//! Escape sequences in card text could retitle the terminal, clear it or write the clipboard
//! (OSC 52). Newline and tab are the only control characters text may carry.

use std::borrow::Cow;

/// True for the characters deck text must not hold: C0 controls other than newline and tab,
/// DEL, and the C1 range (ESC is C0). A carriage return is refused too: it rewrites the line.
pub fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// The visible stand-in for a forbidden character: its Unicode "control picture" for C0 and
/// DEL (ESC shows as `␛`), the replacement character for C1.
fn stand_in(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// `text` with every forbidden control character replaced by a visible stand-in; borrowed
/// when there was nothing to replace (the common case).
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_forbidden_control) {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if is_forbidden_control(c) {
                        stand_in(c)
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with every forbidden control character removed (for `import`, which writes decks).
pub fn strip_controls(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_forbidden_control) {
        Cow::Owned(text.chars().filter(|c| !is_forbidden_control(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_visible_and_plain_text_is_untouched() {
        let cases = [
            ("plain\ttext\nnext", "plain\ttext\nnext"),
            ("\u{1b}]0;title\u{7}", "␛]0;title␇"),
            ("\u{1b}[2J", "␛[2J"),
            ("a\rb", "a␍b"),
            ("del\u{7f}", "del␡"),
            ("c1\u{9b}31m", "c1\u{fffd}31m"),
            ("ünïcode ✓", "ünïcode ✓"),
        ];
        for (input, shown) in cases {
            assert_eq!(for_terminal(input), shown, "{input:?}");
        }
        assert!(matches!(for_terminal("ok"), Cow::Borrowed(_)));
    }

    #[test]
    fn strip_removes_exactly_the_forbidden_characters() {
        assert_eq!(strip_controls("a\u{1b}[31mb\u{85}c\n\td"), "a[31mbc\n\td");
        assert!(!is_forbidden_control('\n'));
        assert!(!is_forbidden_control('\t'));
        assert!(is_forbidden_control('\u{0}'));
        assert!(!is_forbidden_control('\u{a0}'));
    }
}
