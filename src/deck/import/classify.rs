//! Heading and question classification for the importer: which section a heading opens (by
//! the synonym table, ignoring case, numbering, emoji, punctuation and accents), whether a
//! heading or a bold paragraph is a question, and the prompt a gotcha title becomes.

use super::blocks::Block;
use std::ops::Range;

/// What a heading can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SectionKind {
    /// Interview questions (bold `**Q:**` paragraphs or `Q<n>:` headings).
    Interview,
    /// Gotchas: each `###` subsection is one.
    Gotchas,
}

/// Phrases (folded to lowercase ASCII, whole words) that name a section. The last word may
/// carry a plural ending (`s`, `e`, `n`, `es`, `en`). Interview phrases are tried first.
pub(super) const SECTION_SYNONYMS: &[(&str, SectionKind)] = &[
    ("interview", SectionKind::Interview),
    ("question bank", SectionKind::Interview),
    ("questions and answers", SectionKind::Interview),
    ("q and a", SectionKind::Interview),
    ("interviewfrage", SectionKind::Interview),
    ("vorstellungsgesprach", SectionKind::Interview),
    ("fragenkatalog", SectionKind::Interview),
    ("entretien", SectionKind::Interview),
    ("entrevista", SectionKind::Interview),
    ("banco de preguntas", SectionKind::Interview),
    ("gotcha", SectionKind::Gotchas),
    ("edge case", SectionKind::Gotchas),
    ("pitfall", SectionKind::Gotchas),
    ("caveat", SectionKind::Gotchas),
    ("common mistake", SectionKind::Gotchas),
    ("fallstrick", SectionKind::Gotchas),
    ("stolperfalle", SectionKind::Gotchas),
    ("sonderfall", SectionKind::Gotchas),
    ("piege", SectionKind::Gotchas),
    ("cas limite", SectionKind::Gotchas),
    ("trampa", SectionKind::Gotchas),
    ("casos limite", SectionKind::Gotchas),
    ("errores comune", SectionKind::Gotchas),
];

/// First words of difficulty headings (`## FUNDAMENTALS`, `## Fortgeschritten`) that continue an
/// interview section instead of ending it.
pub(super) const LEVEL_WORDS: &[&str] = &[
    "fundamental",
    "basic",
    "beginner",
    "intermediate",
    "advanced",
    "expert",
    "bonus",
    "grundlage",
    "fortgeschritten",
    "debutant",
    "intermediaire",
    "avance",
    "basico",
    "intermedio",
    "avanzado",
];

/// Labels that introduce a question (`**Q:**`, `### Q3:`, `**Frage:**`).
pub(super) const QUESTION_LABELS: &[&str] = &["q", "question", "frage", "pregunta"];

/// Labels that open an answer and are dropped (`**A:** ...`).
pub(super) const ANSWER_LABELS: &[&str] = &["a", "answer", "antwort", "reponse", "respuesta"];

/// Plural endings allowed on the last word of a synonym.
pub(super) const PLURAL_ENDINGS: &[&str] = &["", "s", "e", "n", "es", "en"];

/// Lowercases and folds accented Latin letters to ASCII (`é` -> `e`, `ß` -> `ss`).
pub(super) fn fold_char(c: char, out: &mut String) {
    for c in c.to_lowercase() {
        let s = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'ç' | 'č' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'ł' => "l",
            'š' => "s",
            'ž' => "z",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(s);
    }
}

/// A word of a heading or title: folded lowercase text and where it stands.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) word: String,
    pub(super) range: Range<usize>,
}

/// Splits `s` into words: runs of letters and digits, folded; `&` is the word `and`. With
/// `join_apostrophes`, an apostrophe between letters is dropped (`don't` -> `dont`).
pub(super) fn tokens(s: &str, join_apostrophes: bool) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut cur: Option<Token> = None;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let end = at + c.len_utf8();
        if c.is_alphanumeric() {
            let t = cur.get_or_insert_with(|| Token {
                word: String::new(),
                range: at..at,
            });
            fold_char(c, &mut t.word);
            t.range.end = end;
            continue;
        }
        let joins = join_apostrophes
            && (c == '\'' || c == '’')
            && cur.is_some()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphabetic());
        if joins {
            continue;
        }
        out.extend(cur.take());
        if c == '&' {
            out.push(Token {
                word: "and".into(),
                range: at..end,
            });
        }
    }
    out.extend(cur);
    out
}

pub(super) fn is_number(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// True when `word` is `base` with one of the allowed plural endings.
pub(super) fn word_matches(word: &str, base: &str) -> bool {
    word.strip_prefix(base)
        .is_some_and(|rest| PLURAL_ENDINGS.contains(&rest))
}

/// Where the phrase stands in `words` (index of its first word), if it does.
pub(super) fn find_phrase(words: &[&str], phrase: &str) -> Option<usize> {
    let p: Vec<&str> = phrase.split(' ').collect();
    let (last, head) = p.split_last()?;
    (0..words.len().saturating_sub(p.len() - 1)).find(|&i| {
        head.iter().enumerate().all(|(j, w)| words[i + j] == *w)
            && word_matches(words[i + head.len()], last)
    })
}

/// What a heading's text means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Role {
    /// `Q<n>: ...`: a question wherever it stands.
    Question(String),
    Section(SectionKind),
    /// `EDGE CASE <n>: <title>`: one gotcha spanning the section.
    SingleGotcha(String),
    /// `FUNDAMENTALS`, `Advanced`, ...
    Level,
    Other,
}

pub(super) fn classify(raw: &str, plain: &str) -> Role {
    if let Some(q) = question_text(raw, true) {
        return Role::Question(q);
    }
    let toks = tokens(plain, false);
    let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
    for (phrase, kind) in SECTION_SYNONYMS {
        if *kind == SectionKind::Gotchas && find_phrase(&words, phrase) == Some(0) {
            let n = phrase.split(' ').count();
            if words.get(n).is_some_and(|w| is_number(w)) {
                let rest = clean_title(&plain[toks[n].range.end..]);
                let title = if rest.is_empty() {
                    plain.trim().to_string()
                } else {
                    rest
                };
                return Role::SingleGotcha(title);
            }
        }
    }
    for (phrase, kind) in SECTION_SYNONYMS {
        if find_phrase(&words, phrase).is_some() {
            return Role::Section(*kind);
        }
    }
    let first = words.iter().find(|w| !is_number(w));
    if first.is_some_and(|w| LEVEL_WORDS.iter().any(|l| word_matches(w, l))) {
        return Role::Level;
    }
    Role::Other
}

/// Strips leading emoji, bullets and numbering (`1.`, `2)`, `#3`) and trailing colons.
pub(super) fn clean_title(s: &str) -> String {
    let s = s.trim_start_matches(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '`' | '"' | '\'' | '“' | '‘' | '(' | '[' | '*' | '_'))
    });
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let s = if digits > 0 {
        let rest = &s[digits..];
        match rest.chars().next() {
            Some(c @ ('.' | ')' | ':' | '-' | '–' | '—')) => {
                rest[c.len_utf8()..].trim_start().to_string()
            }
            Some(c) if c.is_whitespace() => rest.trim_start().to_string(),
            _ => s.to_string(),
        }
    } else {
        s.to_string()
    };
    s.trim().trim_end_matches(':').trim_end().to_string()
}

/// Removes one pair of surrounding quotes.
pub(super) fn unquote_text(s: &str) -> &str {
    let s = s.trim();
    for (open, close) in [
        ('"', '"'),
        ('“', '”'),
        ('\'', '\''),
        ('‘', '’'),
        ('«', '»'),
        ('„', '“'),
    ] {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.trim().is_empty()
        {
            return inner.trim();
        }
    }
    s
}

/// The question after a `Q:` / `Q3.` / `Question 2 -` label, or None when `s` has no label.
/// In a heading (`heading`) a number alone is enough (`Q3 What ...`); elsewhere the label
/// needs a separator.
pub(super) fn question_text(s: &str, heading: bool) -> Option<String> {
    let s = s.trim();
    let word_end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let label = s[..word_end].to_ascii_lowercase();
    if !QUESTION_LABELS.contains(&label.as_str()) {
        return None;
    }
    let rest = s[word_end..].trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let numbered = digits > 0;
    let rest = rest[digits..].trim_start();
    let rest = match rest.chars().next() {
        Some(c @ (':' | '.' | ')' | '-' | '–' | '—')) => &rest[c.len_utf8()..],
        _ if heading && numbered => rest,
        _ => return None,
    };
    let q = unquote_text(rest.trim());
    (!q.is_empty()).then(|| q.to_string())
}

/// The raw Markdown between a `**` pair, when `range` is one.
pub(super) fn strong_inner(src: &str, range: &Range<usize>) -> Option<(usize, usize)> {
    let s = &src[range.clone()];
    let ok =
        (s.starts_with("**") && s.ends_with("**")) || (s.starts_with("__") && s.ends_with("__"));
    (ok && s.len() >= 4).then(|| (range.start + 2, range.end - 2))
}

/// A paragraph that asks a question: the question (empty when the label stands alone), and
/// any answer text after it in the same paragraph.
pub(super) fn bold_question(src: &str, b: &Block) -> Option<(String, String)> {
    let strong = b.lead_strong.as_ref()?;
    let inline = b.inline.as_ref()?;
    let (start, end) = strong_inner(src, strong)?;
    let inner = src[start..end].trim().trim_matches(['*', '_']).trim();
    let after = src[strong.end..inline.end].trim_matches(['*', '_']).trim();
    if let Some(q) = question_text(inner, false) {
        return Some((q, after.to_string()));
    }
    // `**Q:** What is ...?` with the question outside the bold label (empty when missing).
    let label = inner.trim_end_matches(':').trim().to_ascii_lowercase();
    if inner.ends_with(':') && QUESTION_LABELS.contains(&label.as_str()) {
        let (first, rest) = after.split_once('\n').unwrap_or((after, ""));
        return Some((unquote_text(first).to_string(), rest.trim().to_string()));
    }
    None
}

/// `title` ending in a full stop (unless it already ends a sentence).
pub(super) fn sentence(title: &str) -> String {
    if title.ends_with(['.', '!', '?', '…']) {
        title.to_string()
    } else {
        format!("{title}.")
    }
}

pub(super) fn gotcha_prompt(title: &str) -> String {
    format!(
        "Gotcha: {} What is the catch, and why does it matter?",
        sentence(title)
    )
}

pub(super) fn edge_case_prompt(title: &str) -> String {
    format!(
        "Edge case: {} What goes wrong, and how do you handle it?",
        sentence(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_by_synonym_ignoring_case_emoji_and_accents() {
        for (heading, expected) in [
            ("🎯 Interview Angle", Role::Section(SectionKind::Interview)),
            (
                "4) INTERVIEW QUESTIONS & ANSWERS!",
                Role::Section(SectionKind::Interview),
            ),
            (
                "Questions d'entretien",
                Role::Section(SectionKind::Interview),
            ),
            (
                "Preguntas de entrevista",
                Role::Section(SectionKind::Interview),
            ),
            ("Interviewfragen", Role::Section(SectionKind::Interview)),
            ("Q&A", Role::Section(SectionKind::Interview)),
            ("Fallstricke", Role::Section(SectionKind::Gotchas)),
            ("Pièges", Role::Section(SectionKind::Gotchas)),
            ("Common mistakes", Role::Section(SectionKind::Gotchas)),
            (
                "Edge case 2 — Full disk",
                Role::SingleGotcha("Full disk".into()),
            ),
            ("FUNDAMENTALS (Fresher)", Role::Level),
            ("Interviewed customers", Role::Other),
            ("Concept Explanation", Role::Other),
            ("Q3: Why?", Role::Question("Why?".into())),
        ] {
            assert_eq!(classify(heading, heading), expected, "{heading}");
        }
    }

    #[test]
    fn bold_paragraphs_are_questions_only_with_a_label() {
        let para = |md: &str| {
            let blocks = crate::deck::import::blocks::blocks(md);
            bold_question(md, &blocks[0])
        };
        assert_eq!(
            para("**Q: Why?** Because."),
            Some(("Why?".to_string(), "Because.".to_string()))
        );
        assert_eq!(para("**Note:** not a question"), None);
        assert_eq!(
            gotcha_prompt("Disk full"),
            "Gotcha: Disk full. What is the catch, and why does it matter?"
        );
    }
}
