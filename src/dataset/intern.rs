//! Interned text. Every text that many incidents share or that claims
//! compare (field values, list items, the names of measures, fields and
//! groups, links and quotes) is kept once, in one arena, and named by a
//! four-byte `Sym`; equal texts have equal symbols. Claims compare text
//! case-insensitively, so a symbol can also be folded: mapped to the symbol
//! of its lowercase form, once, while the dataset is built, and never again
//! per comparison.

use hashbrown::{DefaultHashBuilder, HashTable};
use std::fmt;
use std::hash::BuildHasher;

/// How many symbols an interner holds at most: a cell keeps a symbol in
/// 29 bits (see `cell`).
pub const MAX_SYMBOLS: usize = 1 << 29;

/// A text of the dataset, by its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(u32);

impl Sym {
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The symbol numbered `index`, if an interner can have it.
    pub fn from_index(index: usize) -> Option<Sym> {
        u32::try_from(index)
            .ok()
            .filter(|&i| (i as usize) < MAX_SYMBOLS)
            .map(Sym)
    }
}

/// Not folded yet.
const UNFOLDED: u32 = u32::MAX;

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

#[derive(Clone, Default)]
pub struct Interner {
    texts: Texts,
    /// Each symbol's lowercase symbol, once folded.
    lower: Vec<u32>,
    /// The symbols, found by the hash of their text.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    /// The symbol of `text`, interned if new; `None` when the interner is
    /// full (`MAX_SYMBOLS`, or four gigabytes of text).
    pub fn intern(&mut self, text: &str) -> Option<Sym> {
        if let Some(sym) = self.lookup(text) {
            return Some(sym);
        }
        let sym = Sym::from_index(self.texts.len())?;
        self.texts.push(text)?;
        self.lower.push(UNFOLDED);
        let (texts, hasher) = (&self.texts, &self.hasher);
        self.table
            .insert_unique(hasher.hash_one(text), sym.0, |&s| {
                hasher.hash_one(texts.get(s as usize))
            });
        Some(sym)
    }

    /// The symbol of `text`, if interned.
    pub fn lookup(&self, text: &str) -> Option<Sym> {
        let hash = self.hasher.hash_one(text);
        self.table
            .find(hash, |&s| self.texts.get(s as usize) == text)
            .map(|&s| Sym(s))
    }

    /// Interns the lowercase form of `sym` and records it as its fold.
    /// `None` when the interner is full.
    pub fn fold(&mut self, sym: Sym) -> Option<Sym> {
        if let Some(lower) = self.folded(sym) {
            return Some(lower);
        }
        let lowercase = self.get(sym).to_lowercase();
        let lower = if lowercase == self.get(sym) {
            sym
        } else {
            self.intern(&lowercase)?
        };
        if let Some(slot) = self.lower.get_mut(sym.index()) {
            *slot = lower.0;
        }
        Some(lower)
    }

    /// The symbol of `sym`'s lowercase form, where `sym` was folded.
    pub fn folded(&self, sym: Sym) -> Option<Sym> {
        self.lower
            .get(sym.index())
            .filter(|&&l| l != UNFOLDED)
            .map(|&l| Sym(l))
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
        self.texts == other.texts && self.lower == other.lower
    }
}

impl fmt::Debug for Interner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Interner")
            .field("symbols", &self.texts.len())
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
    fn folding_maps_a_symbol_to_its_lowercase_symbol() {
        let mut strings = Interner::default();
        let upper = strings.intern("Armed Clash").unwrap();
        assert_eq!(strings.folded(upper), None);
        let lower = strings.fold(upper).unwrap();
        assert_eq!(strings.get(lower), "armed clash");
        assert_eq!(strings.folded(upper), Some(lower));
        assert_eq!(strings.lookup("armed clash"), Some(lower));
        // A lowercase text is its own fold and adds no symbol.
        let before = strings.len();
        assert_eq!(strings.fold(lower), Some(lower));
        let plain = strings.intern("ferry ward").unwrap();
        assert_eq!(strings.fold(plain), Some(plain));
        assert_eq!(strings.len(), before + 1);
        // Beyond ASCII too.
        let cyrillic = strings.intern("ХАТЛОН").unwrap();
        let folded = strings.fold(cyrillic).unwrap();
        assert_eq!(strings.get(folded), "хатлон");
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
