//! Interned text. Every text that many incidents share or that claims
//! compare (field values, list items, the names of measures, fields and
//! groups, links and quotes, and an export's ids, which a field holds
//! too) is kept once, in one arena, and named by a four-byte `Sym`; equal
//! texts have equal symbols. Claims compare text case-insensitively, so a
//! symbol can also be folded: given a key, the hash of its lowercase form,
//! computed once while the dataset is built. Texts equal but for case have
//! equal keys, so a comparison looks at the text itself only where the
//! keys agree. A key is not a second symbol: an export's column of unique
//! codes is held once, not twice.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::fmt;
use std::hash::BuildHasher;
use std::num::NonZeroU32;

/// How many symbols an interner holds at most: a cell keeps a symbol in
/// 29 bits (see `cell`).
pub const MAX_SYMBOLS: usize = 1 << 29;

/// How long an ASCII text may be to be lowercased on the stack.
const SHORT: usize = 64;

/// A text of the dataset, by its number (kept plus one, so that an
/// optional symbol takes no more room than a symbol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(NonZeroU32);

impl Sym {
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }

    /// The symbol numbered `index`, if an interner can have it.
    pub fn from_index(index: usize) -> Option<Sym> {
        if index >= MAX_SYMBOLS {
            return None;
        }
        let plus_one = u32::try_from(index + 1).ok()?;
        NonZeroU32::new(plus_one).map(Sym)
    }
}

/// Texts one after another in one arena, by their number: the store's
/// incident ids, and the texts an interner holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Texts {
    text: String,
    /// Where each text ends in `text`; it starts where the previous one
    /// ends.
    ends: Vec<u32>,
}

impl Texts {
    /// Appends a text and returns its number; `None` beyond four gigabytes.
    pub fn push(&mut self, text: &str) -> Option<usize> {
        let end = u32::try_from(self.text.len() + text.len()).ok()?;
        self.text.push_str(text);
        self.ends.push(end);
        Some(self.ends.len() - 1)
    }

    /// Drops the last text.
    fn pop(&mut self) {
        self.ends.pop();
        let end = self.ends.last().map_or(0, |&e| e as usize);
        self.text.truncate(end);
    }

    /// The text numbered `index`; empty beyond the end.
    pub fn get(&self, index: usize) -> &str {
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .map_or(0, |&e| e as usize);
        let end = self.ends.get(index).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Texts kept once each, numbered in the order they were first given,
/// and found by their text: an interner's, and the incident ids a loader
/// checks for repeats. Ids are kept apart from the interner's texts: a
/// million unique codes would make every other text's lookup a miss in
/// a table too large for the cache.
#[derive(Clone, Default)]
pub struct Distinct {
    texts: Texts,
    /// Each text's number, found by the hash of the text.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl Distinct {
    /// The number of `text`, and whether it is new; `None` beyond four
    /// gigabytes of text.
    pub fn insert(&mut self, text: &str) -> Option<(usize, bool)> {
        let hash = self.hasher.hash_one(text);
        if let Some(&i) = self
            .table
            .find(hash, |&i| self.texts.get(i as usize) == text)
        {
            return Some((i as usize, false));
        }
        let index = u32::try_from(self.texts.len()).ok()?;
        self.texts.push(text)?;
        let (texts, hasher) = (&self.texts, &self.hasher);
        self.table
            .insert_unique(hash, index, |&i| hasher.hash_one(texts.get(i as usize)));
        Some((index as usize, true))
    }

    /// The number of `text`, if given.
    pub fn find(&self, text: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(text);
        self.table
            .find(hash, |&i| self.texts.get(i as usize) == text)
            .map(|&i| i as usize)
    }

    /// Forgets the text given last.
    pub fn pop(&mut self) {
        let Some(last) = self.texts.len().checked_sub(1) else {
            return;
        };
        let text = self.texts.get(last);
        let hash = self.hasher.hash_one(text);
        if let Ok(entry) = self.table.find_entry(hash, |&i| i as usize == last) {
            entry.remove();
        }
        self.texts.pop();
    }

    /// The text numbered `index`; empty beyond the end.
    pub fn get(&self, index: usize) -> &str {
        self.texts.get(index)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[derive(Clone, Default)]
pub struct Interner {
    texts: Distinct,
    /// Each symbol's fold key, once folded; 0 before.
    folds: Vec<u64>,
}

impl Interner {
    /// The symbol of `text`, interned if new; `None` when the interner is
    /// full (`MAX_SYMBOLS`, or four gigabytes of text).
    pub fn intern(&mut self, text: &str) -> Option<Sym> {
        if self.texts.len() >= MAX_SYMBOLS {
            return self.lookup(text);
        }
        let (index, new) = self.texts.insert(text)?;
        if new {
            self.folds.push(0);
        }
        Sym::from_index(index)
    }

    /// The symbol of `text`, if interned.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        self.texts.find(text).and_then(Sym::from_index)
    }

    /// Folds `sym`: records the key of its lowercase form, and returns it.
    pub fn fold(&mut self, sym: Sym) -> u64 {
        if let Some(key) = self.folded(sym) {
            return key;
        }
        let key = self.key(self.get(sym));
        if let Some(slot) = self.folds.get_mut(sym.index()) {
            *slot = key;
        }
        key
    }

    /// The fold key of `sym`, where it was folded.
    pub fn folded(&self, sym: Sym) -> Option<u64> {
        self.folds.get(sym.index()).copied().filter(|&k| k != 0)
    }

    /// The fold key of any text: of a claim's text, to find the texts of
    /// the dataset equal to it but for case. Never 0.
    pub fn key(&self, text: &str) -> u64 {
        let hasher = &self.texts.hasher;
        let hash = if !text.bytes().any(|b| b.is_ascii_uppercase()) && text.is_ascii() {
            hasher.hash_one(text)
        } else if text.is_ascii() && text.len() <= SHORT {
            // Lowercased in place of an allocation: an export's codes
            // (`EV0441348`) are short and upper case, a million of them.
            let mut lower = [0u8; SHORT];
            let lower = lower.get_mut(..text.len()).unwrap_or_default();
            lower.copy_from_slice(text.as_bytes());
            lower.make_ascii_lowercase();
            hasher.hash_one(std::str::from_utf8(lower).unwrap_or_default())
        } else {
            hasher.hash_one(text.to_lowercase())
        };
        hash | 1
    }

    /// The text of a symbol; empty for a symbol of another interner.
    pub fn get(&self, sym: Sym) -> &str {
        self.texts.get(sym.index())
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Two interners are equal when they hold the same texts under the same
/// symbols, folded alike; the hash table only finds them.
impl PartialEq for Interner {
    fn eq(&self, other: &Interner) -> bool {
        self.texts.texts == other.texts.texts && self.folds == other.folds
    }
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner")
            .field("symbols", &self.texts.len())
            .finish()
    }
}

impl fmt::Debug for Distinct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Distinct")
            .field("texts", &self.texts.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_equal_symbols() {
        let mut strings = Interner::default();
        let a = strings.intern("Khatlon");
        let b = strings.intern("GBAO");
        assert_ne!(a, b);
        assert_eq!(strings.intern("Khatlon"), a);
        assert_eq!(strings.lookup("GBAO"), b);
        assert_eq!(strings.lookup("gbao"), None);
        assert_eq!(b.map(|b| strings.get(b)), Some("GBAO"));
        assert_eq!(strings.len(), 2);
    }

    #[test]
    fn the_empty_text_is_a_symbol_too() {
        let mut strings = Interner::default();
        let empty = strings.intern("").unwrap();
        let x = strings.intern("x").unwrap();
        assert_eq!((strings.get(empty), strings.get(x)), ("", "x"));
        assert_eq!(strings.lookup(""), Some(empty));
    }

    #[test]
    fn folding_keys_texts_equal_but_for_case_alike() {
        let mut strings = Interner::default();
        let upper = strings.intern("Armed Clash").unwrap();
        assert_eq!(strings.folded(upper), None);
        let key = strings.fold(upper);
        assert_eq!(strings.folded(upper), Some(key));
        assert_eq!(strings.key("armed clash"), key);
        assert_eq!(strings.key("ARMED clash"), key);
        assert_ne!(strings.key("armed clashes"), key);
        // Folding adds no symbol.
        assert_eq!(strings.len(), 1);
        // Beyond ASCII too.
        let cyrillic = strings.intern("ХАТЛОН").unwrap();
        assert_eq!(strings.fold(cyrillic), strings.key("хатлон"));
        assert_ne!(strings.key(""), 0);
        // Longer than lowercasing on the stack allows.
        let long = "EV".repeat(40);
        assert_eq!(strings.key(&long), strings.key(&long.to_lowercase()));
    }

    #[test]
    fn many_symbols_keep_their_texts() {
        let mut strings = Interner::default();
        let syms: Vec<Sym> = (0..10_000)
            .map(|i| strings.intern(&format!("EV{i:07}")).unwrap())
            .collect();
        for (i, sym) in syms.iter().enumerate() {
            assert_eq!(strings.get(*sym), format!("EV{i:07}"));
            assert_eq!(strings.lookup(&format!("EV{i:07}")), Some(*sym));
        }
    }

    #[test]
    fn distinct_texts_are_numbered_as_first_given_and_the_last_can_go() {
        let mut ids = Distinct::default();
        assert_eq!(ids.insert("b"), Some((0, true)));
        assert_eq!(ids.insert("a"), Some((1, true)));
        assert_eq!(ids.insert("b"), Some((0, false)));
        assert_eq!((ids.find("a"), ids.find("A")), (Some(1), None));
        ids.pop();
        assert_eq!((ids.len(), ids.find("a"), ids.get(1)), (1, None, ""));
        assert_eq!(ids.insert("c"), Some((1, true)));
        assert_eq!((ids.get(0), ids.get(1)), ("b", "c"));
    }

    #[test]
    fn texts_are_numbered_in_order() {
        let mut texts = Texts::default();
        assert_eq!(texts.push("a"), Some(0));
        assert_eq!(texts.push(""), Some(1));
        assert_eq!(texts.push("ccc"), Some(2));
        assert_eq!((texts.get(0), texts.get(1), texts.get(2)), ("a", "", "ccc"));
        assert_eq!(texts.get(3), "");
    }

    #[test]
    fn symbols_have_a_limit() {
        assert_eq!(Sym::from_index(MAX_SYMBOLS), None);
        assert_eq!(
            Sym::from_index(MAX_SYMBOLS - 1).map(Sym::index),
            Some(MAX_SYMBOLS - 1)
        );
    }
}
