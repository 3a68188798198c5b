//! The tokens every rule is built from — blanks, keywords matched whole and
//! case-insensitively, names, quoted strings, lists of names — and the line
//! they come from, which turns any token back into a line and a character
//! column for the user.

use super::failure::{Expected, Failure, Res, expect};
use crate::ast::{Span, Spanned};
use nom::Parser;
use nom::bytes::complete::{tag, tag_no_case, take_till, take_while1};
use nom::combinator::cut;
use nom::error::ParseError as _;

/// One line of a claim file, as the parsers see it (comment removed).
/// Every token is a slice of `text`, so its place is known from the slice.
pub struct Line<'a> {
    text: &'a str,
    number: usize,
    /// For each multi-byte character: its byte offset and the bytes that it
    /// and those before it take beyond one each. Columns count characters;
    /// keeping only the exceptions makes a column lookup logarithmic and
    /// costs nothing on ASCII lines.
    wide: Vec<(usize, usize)>,
}

impl<'a> Line<'a> {
    pub fn new(number: usize, text: &'a str) -> Self {
        if text.is_ascii() {
            let wide = Vec::new();
            return Line { text, number, wide };
        }
        let mut extra = 0;
        let wide = text
            .char_indices()
            .filter(|(_, c)| c.len_utf8() > 1)
            .map(|(at, c)| {
                extra += c.len_utf8() - 1;
                (at, extra)
            })
            .collect();
        Line { text, number, wide }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The empty text just past the end of the line.
    pub fn end(&self) -> &'a str {
        self.text.get(self.text.len()..).unwrap_or_default()
    }

    pub fn number(&self) -> usize {
        self.number
    }

    /// The 1-based character column of a byte offset.
    fn column(&self, byte: usize) -> usize {
        let before = self.wide.partition_point(|&(at, _)| at < byte);
        let extra = before
            .checked_sub(1)
            .and_then(|k| self.wide.get(k))
            .map_or(0, |&(_, extra)| extra);
        byte.saturating_sub(extra) + 1
    }

    /// Where `token`, a slice of this line, is written; an empty token
    /// marks one column (just past the end, at the end of the line).
    pub fn span(&self, token: &str) -> Span {
        let base = self.text.as_ptr() as usize;
        let start = (token.as_ptr() as usize)
            .saturating_sub(base)
            .min(self.text.len());
        let end = (start + token.len()).min(self.text.len());
        let col = self.column(start);
        Span {
            line: self.number,
            col,
            len: self.column(end).saturating_sub(col).max(1),
        }
    }

    pub fn spanned<T>(&self, token: &str, node: T) -> Spanned<T> {
        Spanned {
            node,
            span: self.span(token),
        }
    }
}

/// The text a parser consumed: from `start` up to `rest`, a suffix of it.
pub fn consumed<'a>(start: &'a str, rest: &'a str) -> &'a str {
    start
        .get(..start.len().saturating_sub(rest.len()))
        .unwrap_or(start)
}

/// Runs `parser` after the blanks, and hands back the text it consumed.
pub fn located<'a, O>(
    mut parser: impl Parser<&'a str, Output = O, Error = Failure<'a>>,
) -> impl FnMut(&'a str) -> Res<'a, (&'a str, O)> {
    move |i| {
        let start = blanks(i);
        let (rest, node) = parser.parse(start)?;
        Ok((rest, (consumed(start, rest), node)))
    }
}

/// Letters, digits, `_` and `-` make words: a keyword must not be followed
/// by one, so `sinceX` is not `since` and `mid-` needs its own rule.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// Any Unicode blank separates tokens: pasted copy brings no-break spaces.
pub fn blanks(i: &str) -> &str {
    i.trim_start()
}

/// Whether a word ends here.
pub fn at_boundary(i: &str) -> bool {
    !i.starts_with(is_word_char)
}

/// The token a failure at the start of `rest` marks: the word there, or
/// the one character, or nothing at the end of the line.
pub fn token_at(rest: &str) -> &str {
    let rest = blanks(rest);
    let word = rest
        .find(|c: char| !is_word_char(c))
        .map_or(rest, |end| rest.get(..end).unwrap_or(rest));
    if word.is_empty() {
        let first = rest.chars().next().map_or(0, char::len_utf8);
        rest.get(..first).unwrap_or(rest)
    } else {
        word
    }
}

/// The byte offset of the first `target` outside double-quoted strings:
/// a `#` or a `:` inside `"…"` is text, not a comment or a label.
/// It jumps from quote to quote with `str::find`, which keeps a 2 MB line
/// quick to read even in a debug build.
pub fn find_unquoted(text: &str, target: char) -> Option<usize> {
    let mut quoted = false;
    let mut from = 0;
    loop {
        let at = from + text.get(from..)?.find(['"', target])?;
        let c = text.get(at..)?.chars().next()?;
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            return Some(at);
        }
        from = at + c.len_utf8();
    }
}

/// `keyword = word`, matched case-insensitively and as a whole word.
pub fn keyword<'a>(word: &'static str) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i| {
        let i = blanks(i);
        let (rest, matched) = tag_no_case(word)(i)?;
        if at_boundary(rest) {
            Ok((rest, matched))
        } else {
            Failure::at(i).backtrack()
        }
    }
}

/// `phrase = keyword { keyword }`, e.g. `at least`, `according to`;
/// returns the whole text of the phrase.
pub fn phrase<'a>(words: &'static [&'static str]) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i| {
        let start = blanks(i);
        let mut rest = start;
        for word in words {
            rest = keyword(word)(rest)?.0;
        }
        Ok((rest, consumed(start, rest)))
    }
}

/// A symbol such as `=` or `(`: no word boundary is needed after it.
pub fn symbol<'a>(text: &'static str) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i| tag(text)(blanks(i))
}

/// The words a bare name may not be, since they would read as the claim
/// language: such a name is written in double quotes (`"since"`).
pub const RESERVED: &[&str] = &[
    "about",
    "according",
    "after",
    "and",
    "around",
    "at",
    "before",
    "between",
    "contains",
    "deadly",
    "exactly",
    "fact",
    "false",
    "fewer",
    "in",
    "include",
    "incidents",
    "less",
    "max",
    "min",
    "more",
    "not",
    "of",
    "on",
    "or",
    "per",
    "roughly",
    "since",
    "true",
    "until",
    "where",
    "within",
];

/// `identifier = letter_or_underscore { letter | digit | "_" | "-" }`
/// (ASCII letters), ending at a word boundary.
pub fn identifier(i: &str) -> Res<'_, &str> {
    let i = blanks(i);
    let first_ok = i.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if !first_ok {
        return Failure::at(i).backtrack();
    }
    let (rest, word) = take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-')(i)?;
    if at_boundary(rest) {
        Ok((rest, word))
    } else {
        Failure::at(i)
            .help("a name with letters outside A–Z is written in double quotes: `\"…\"`")
            .backtrack()
    }
}

/// `string = '"' { any character but '"' } '"'` — returns the content.
/// There are no escapes: no name in a dataset needs a double quote.
/// Typographic quotes (`“…”`, pasted from a word processor) are refused
/// with a hint rather than read, so the grammar stays the spec's.
pub fn quoted(i: &str) -> Res<'_, &str> {
    let i = blanks(i);
    if i.starts_with(['“', '”', '„', '«']) {
        return Failure::at(i)
            .help("write straight double quotes `\"`, not typographic ones")
            .backtrack();
    }
    let (after_open, open) = tag("\"")(i)?;
    let (after_text, text) = take_till(|c| c == '"')(after_open)?;
    match tag::<_, _, Failure>("\"")(after_text) {
        Ok((rest, _)) => Ok((rest, text)),
        Err(_) => Failure::on(open)
            .message("this string has no closing `\"`")
            .commit(),
    }
}

/// `name = identifier | string` — a measure, field, group, source or fact
/// as written; the span covers the quotes of a quoted one. An empty quoted
/// name is an error: it can name nothing.
pub fn name<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<String>> {
    let (rest, word) = match quoted_name(line, i) {
        Err(nom::Err::Error(not_quoted)) => {
            identifier(i).map_err(|e| e.map(|not_word| not_quoted.or(not_word)))?
        }
        quoted => return quoted,
    };
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word)) {
        return Failure::on(word)
            .help(format!(
                "`{word}` is a keyword; a name that reads as one is written in double quotes: `\"{word}\"`"
            ))
            .backtrack();
    }
    Ok((rest, line.spanned(word, word.to_string())))
}

/// A name in double quotes (a place must be one), as `name` reads it.
pub fn quoted_name<'a>(line: &Line<'a>, i: &'a str) -> Res<'a, Spanned<String>> {
    let start = blanks(i);
    let (rest, text) = quoted(start)?;
    let written = consumed(start, rest);
    if text.is_empty() {
        return Failure::on(written)
            .message("a name cannot be empty")
            .commit();
    }
    Ok((rest, line.spanned(written, text.to_string())))
}

/// `names = name { "," name } [ [","] "and" name ]` — the list of
/// `include` groups and of sources. Both take the same list, so
/// `according to AFP and Khovar` reads as written, and bare names as well
/// as quoted ones, like `of`. Each name after a separator is required,
/// and told as `item`.
pub fn names<'a>(
    line: &Line<'a>,
    item: &'static Expected,
    i: &'a str,
) -> Res<'a, Vec<Spanned<String>>> {
    let required = |i| cut(expect(item, |i| name(line, i))).parse(i);
    let (mut rest, first) = required(i)?;
    let mut list = vec![first];
    loop {
        let (after_comma, comma) = match symbol(",")(rest) {
            Ok((after, _)) => (after, true),
            Err(_) => (rest, false),
        };
        if let Ok((after_and, _)) = keyword("and")(after_comma) {
            let (after, last) = required(after_and)?;
            list.push(last);
            return Ok((after, list));
        }
        if !comma {
            return Ok((rest, list));
        }
        let (after, next) = required(after_comma)?;
        list.push(next);
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ITEM: Expected = Expected {
        message: "expected a group",
        help: None,
        vocabulary: &[],
    };

    fn node<T: Clone>(list: &[Spanned<T>]) -> Vec<T> {
        list.iter().map(|s| s.node.clone()).collect()
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "fact “x” ± 5 é";
        let line = Line::new(2, text);
        let at = text.find('5').unwrap();
        assert_eq!(
            line.span(&text[at..at + 1]),
            Span {
                line: 2,
                col: 12,
                len: 1
            }
        );
        let quoted_x = &text[5..text.find('”').unwrap() + '”'.len_utf8()];
        assert_eq!(line.span(quoted_x).col, 6);
        assert_eq!(line.span(quoted_x).len, 3);
    }

    #[test]
    fn the_end_of_a_line_is_one_column_past_its_last_character() {
        let text = "deaths é";
        let line = Line::new(1, text);
        assert_eq!(
            line.span(&text[text.len()..]),
            Span {
                line: 1,
                col: 9,
                len: 1
            }
        );
    }

    #[test]
    fn keywords_are_whole_words_in_any_case() {
        assert_eq!(
            keyword("since")("  SINCE November"),
            Ok((" November", "SINCE"))
        );
        assert!(keyword("since")("sinceX").is_err());
        assert!(keyword("mid")("mid-November").is_err());
        assert_eq!(
            phrase(&["at", "least"])("At   least 5"),
            Ok((" 5", "At   least"))
        );
        assert!(phrase(&["at", "least"])("at leastways").is_err());
    }

    #[test]
    fn identifiers_are_ascii_words() {
        assert_eq!(identifier(" deaths_b-2 = 3"), Ok((" = 3", "deaths_b-2")));
        assert!(identifier("2deaths").is_err());
        let Err(nom::Err::Error(failure)) = identifier("décès") else {
            panic!("a name with an accent must be quoted");
        };
        let error = failure.into_error(&Line::new(1, "décès"));
        assert!(error.help.unwrap().contains("double quotes"));
    }

    #[test]
    fn quoted_strings_run_to_the_next_quote() {
        assert_eq!(quoted(" \"UN # Panel\" x"), Ok((" x", "UN # Panel")));
        let text = "in \"Khatlon";
        let Err(nom::Err::Failure(failure)) = quoted(&text[2..]) else {
            panic!("an unterminated string must commit");
        };
        let error = failure.into_error(&Line::new(1, text));
        assert_eq!((error.span.col, error.span.len), (4, 1));
        assert!(error.message.contains("no closing"));
    }

    #[test]
    fn typographic_quotes_get_a_hint() {
        let text = "“Khatlon”";
        let Err(nom::Err::Error(failure)) = quoted(text) else {
            panic!("typographic quotes are not strings");
        };
        let error = failure.into_error(&Line::new(1, text));
        assert!(error.help.unwrap().contains("straight double quotes"));
    }

    #[test]
    fn names_are_kept_as_written_and_keywords_need_quotes() {
        let text = "Deaths \"since\" since";
        let line = Line::new(1, text);
        let (rest, first) = name(&line, text).unwrap();
        assert_eq!(first.node, "Deaths");
        let (rest, second) = name(&line, rest).unwrap();
        assert_eq!(second.node, "since");
        assert_eq!((second.span.col, second.span.len), (8, 7));
        let Err(nom::Err::Error(failure)) = name(&line, rest) else {
            panic!("a bare keyword is not a name");
        };
        assert!(
            failure
                .into_error(&line)
                .help
                .unwrap()
                .contains("`\"since\"`")
        );
        assert!(matches!(name(&line, "\"\""), Err(nom::Err::Failure(_))));
        let Err(nom::Err::Error(failure)) = name(&line, "“x”") else {
            panic!("typographic quotes are no name");
        };
        assert!(failure.into_error(&line).help.unwrap().contains("straight"));
    }

    #[test]
    fn lists_of_names_take_commas_and_a_final_and() {
        for text in [
            "\"a\", \"b\" and c",
            "\"a\", \"b\", and c",
            "\"a\", \"b\", c",
            "a and b AND c",
        ] {
            let line = Line::new(1, text);
            let (rest, list) = names(&line, &ITEM, text).unwrap();
            let expected: &[&str] = if text.starts_with("a and") {
                &["a", "b"]
            } else {
                &["a", "b", "c"]
            };
            assert_eq!(node(&list), expected, "{text}");
            assert_eq!(rest.trim().is_empty(), !text.starts_with("a and"), "{text}");
        }
        let single = Line::new(1, "\"a\" = 3");
        let (rest, list) = names(&single, &ITEM, single.text()).unwrap();
        assert_eq!((node(&list), rest), (vec!["a".to_string()], " = 3"));
    }

    #[test]
    fn a_list_needs_a_name_after_each_separator() {
        let text = "a, = 3";
        let line = Line::new(1, text);
        let Err(nom::Err::Failure(failure)) = names(&line, &ITEM, text) else {
            panic!("a dangling comma must commit");
        };
        let error = failure.into_error(&line);
        assert_eq!(
            (error.message.as_str(), error.span.col),
            ("expected a group", 4)
        );
    }

    #[test]
    fn targets_inside_strings_are_text() {
        assert_eq!(find_unquoted("a \"#1\" # b", '#'), Some(7));
        assert_eq!(find_unquoted("in \"a:b\"", ':'), None);
        assert_eq!(find_unquoted("x: y", ':'), Some(1));
        assert_eq!(find_unquoted("\"open # still", '#'), None);
    }

    #[test]
    fn tokens_for_errors_are_words_or_single_characters() {
        assert_eq!(token_at("  sinse November"), "sinse");
        assert_eq!(token_at(">= 5"), ">");
        assert_eq!(token_at("   "), "");
    }
}
