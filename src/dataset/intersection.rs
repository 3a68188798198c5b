//! The incidents that hold several texts at once (`where type =
//! "Battles" and country = "X"`, or `in "X" where type = "Riots"`): the
//! intersection of the texts' posting lists, made the first time a claim
//! asks and kept, with blocks over it as over a posting list, so that
//! such a claim folds a block at a time, as a claim of one text does,
//! rather than reading each of its incidents. Claims name a few such
//! combinations of the few texts of a field, and each intersection holds
//! no more incidents than its shortest list.
//!
//! A floor's list (`deadly incidents in "X"`) is one of the store's
//! longest, and claims name it with many places: it is kept as a set of
//! positions, one bit each, so that its part in a place costs a look at
//! each of the place's incidents rather than a walk along the floor's.

use super::blocks::{Blocked, LONG};
use super::index::held;
use super::intern::Sym;
use super::kept::KeptList;
use super::store::{ColumnId, Store};
use hashbrown::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// Which texts: a field and a text's fold key (`Store::holding`), each
/// once, in order.
pub type Texts = Vec<(ColumnId, u64)>;

/// A list of a measure's floor (`> t` or `>= t`, `closed`) that an
/// intersection starts from: the incidents certainly past it
/// (`Store::sure`), or those whose figure can reach it (`thresholds`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Floored {
    Sure { measure: Sym, at: u64, closed: bool },
    Reaching { measure: Sym, at: u64, closed: bool },
}

impl Floored {
    pub fn sure(measure: Sym, at: f64, closed: bool) -> Floored {
        Floored::Sure {
            measure,
            at: at.to_bits(),
            closed,
        }
    }

    pub fn reaching(measure: Sym, at: f64, closed: bool) -> Floored {
        Floored::Reaching {
            measure,
            at: at.to_bits(),
            closed,
        }
    }
}

/// The intersections made so far, by the floor's list they start from,
/// if any, and their texts; `None` for those too short to be kept, so
/// that they are not made again. And the parts they are made of: the
/// incidents that hold several texts, whatever their number, and the
/// floors' lists as sets.
#[derive(Default)]
pub struct Intersections(Mutex<Made>);

#[derive(Default)]
struct Made {
    lists: HashMap<(Option<Floored>, Texts), Option<Arc<Blocked>>>,
    texts: HashMap<Texts, KeptList>,
    floors: HashMap<Floored, Bits>,
}

/// A set of store positions, a bit each.
struct Bits(Vec<u64>);

impl Bits {
    fn new(list: &[u32]) -> Bits {
        let last = list.last().map_or(0, |&p| p as usize + 1);
        let mut words = vec![0; last.div_ceil(64)];
        for &p in list {
            if let Some(word) = words.get_mut(p as usize / 64) {
                *word |= 1 << (p % 64);
            }
        }
        Bits(words)
    }

    fn has(&self, p: u32) -> bool {
        self.0
            .get(p as usize / 64)
            .is_some_and(|word| word & 1 << (p % 64) != 0)
    }
}

/// A memo: stores of the same incidents are equal, and their copies
/// start afresh, whatever intersections claims have asked for.
impl PartialEq for Intersections {
    fn eq(&self, _: &Intersections) -> bool {
        true
    }
}

impl Clone for Intersections {
    fn clone(&self) -> Intersections {
        Intersections::default()
    }
}

impl fmt::Debug for Intersections {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Intersections")
    }
}

impl Store {
    /// The incidents that hold every text of `texts` (two or more), made
    /// the first time anyone asks and kept; `None` where fewer than
    /// `LONG` do, too few to gain from blocks.
    pub fn intersection(&self, texts: &[(ColumnId, u64)]) -> Option<Arc<Blocked>> {
        self.intersection_with(None, texts, LONG)
    }

    /// The incidents of `floored`'s list, `list`, that hold every text of
    /// `texts` (one or more), made and kept as `intersection` is; `None`
    /// where fewer than `least` are.
    pub fn floored(
        &self,
        floored: Floored,
        list: &[u32],
        texts: &[(ColumnId, u64)],
        least: usize,
    ) -> Option<Arc<Blocked>> {
        self.intersection_with(Some((floored, list)), texts, least)
    }

    fn intersection_with(
        &self,
        floored: Option<(Floored, &[u32])>,
        texts: &[(ColumnId, u64)],
        least: usize,
    ) -> Option<Arc<Blocked>> {
        let key = (floored.map(|(f, _)| f), texts.to_vec());
        let mut guard = self
            .index
            .intersections
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let made = &mut *guard;
        if let Some(found) = made.lists.get(&key) {
            return found.clone();
        }
        // The incidents holding every text: a posting list, or a list
        // made once for every floor.
        let holding = match texts {
            [(column, text)] => self.holding_kept(*column, *text),
            _ => made
                .texts
                .entry(key.1.clone())
                .or_insert_with(|| self.holding_all(texts))
                .clone(),
        };
        let list = match floored {
            Some((floored, floor)) => {
                let floor = made
                    .floors
                    .entry(floored)
                    .or_insert_with(|| Bits::new(floor));
                let positions = holding.positions().iter().copied();
                KeptList::from(positions.filter(|&p| floor.has(p)).collect::<Vec<u32>>())
            }
            None => holding,
        };
        let found = (list.positions().len() >= least).then(|| Arc::new(Blocked::new(self, list)));
        made.lists.insert(key, found.clone());
        found
    }

    /// The incidents that hold every text of `texts`, in order: the
    /// shortest list, narrowed by each longer one in turn.
    fn holding_all(&self, texts: &[(ColumnId, u64)]) -> KeptList {
        let mut lists: Vec<&[u32]> = texts.iter().map(|&(c, key)| self.holding(c, key)).collect();
        lists.sort_by_key(|list| list.len());
        let mut lists = lists.into_iter();
        let shortest = lists.next().unwrap_or_default().to_vec();
        lists
            .fold(shortest, |list, longer| held(&list, &[longer]))
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{BLOCK, Builder};

    /// `n` incidents, one a day, with field `kind` "k{i % 2}" and field
    /// `zone` "z{i % 3}", and the two columns.
    fn store(n: usize) -> (Store, ColumnId, ColumnId) {
        let mut b = Builder::default();
        let (kind, zone) = (b.column("kind").unwrap(), b.column("zone").unwrap());
        crate::dataset::testing::each_day(&mut b, n, |b, i| {
            b.text(kind, &format!("k{}", i % 2));
            b.text(zone, &format!("z{}", i % 3));
        });
        (b.finish().0, kind, zone)
    }

    #[test]
    fn an_intersection_holds_what_every_list_holds_and_is_kept() {
        let (store, kind, zone) = store(36 * BLOCK);
        let key = |text: &str| store.strings().key(text);
        let texts = [(kind, key("k1")), (zone, key("z2"))];
        let both = store.intersection(&texts).unwrap();
        let expected: Vec<u32> = (0..36 * BLOCK as u32).filter(|i| i % 6 == 5).collect();
        assert_eq!(both.kept().positions(), expected);
        // Asked again, the same one.
        assert!(Arc::ptr_eq(&both, &store.intersection(&texts).unwrap()));
        let run = 0..store.len();
        let aggregates = store.blocks_kept(None, &both, &run, |_, _| None);
        let all = aggregates.map(|a| a.over(0..expected.len(), &mut []).incidents);
        assert_eq!(all, Some(6 * BLOCK));
    }

    #[test]
    fn a_floors_list_with_texts_is_kept_apart_from_the_texts_alone() {
        let (store, kind, zone) = store(36 * BLOCK);
        let key = |text: &str| store.strings().key(text);
        let texts = [(kind, key("k1")), (zone, key("z2"))];
        let deaths = Sym::from_index(7).unwrap();
        // Every fifth incident, as a floor's list.
        let list: Vec<u32> = (0..36 * BLOCK as u32).step_by(5).collect();
        let sure = Floored::sure(deaths, 2.0, true);
        let found = store.floored(sure, &list, &texts, 0).unwrap();
        let expected: Vec<u32> = (0..36 * BLOCK as u32).filter(|i| i % 30 == 5).collect();
        assert_eq!(found.kept().positions(), expected);
        assert_eq!(expected.len(), 308);
        // Kept under its floor: the texts alone are another, and another
        // floor's list is made anew.
        assert!(Arc::ptr_eq(
            &found,
            &store.floored(sure, &[], &texts, 0).unwrap()
        ));
        let alone = store.intersection(&texts).unwrap();
        assert_eq!(alone.kept().positions().len(), 6 * BLOCK);
        let reaching = Floored::reaching(deaths, 2.0, true);
        assert!(store.floored(reaching, &[], &texts, 1).is_none());
        // 308 of them: too few where blocks are wanted.
        assert!(
            store
                .floored(Floored::sure(deaths, 3.0, true), &list, &texts, LONG)
                .is_none()
        );
    }

    #[test]
    fn bits_hold_the_positions_of_their_list() {
        let list = [0, 5, 63, 64, 200];
        let bits = Bits::new(&list);
        let held: Vec<u32> = (0..300).filter(|&p| bits.has(p)).collect();
        assert_eq!(held, list);
        assert!(!Bits::new(&[]).has(0));
    }

    #[test]
    fn an_intersection_too_short_for_blocks_is_none() {
        let (store, kind, zone) = store(5 * BLOCK);
        let key = |text: &str| store.strings().key(text);
        // A sixth of 1,280 incidents; and none.
        assert!(
            store
                .intersection(&[(kind, key("k0")), (zone, key("z0"))])
                .is_none()
        );
        assert!(
            store
                .intersection(&[(kind, key("k9")), (zone, key("z0"))])
                .is_none()
        );
        // Half of 2,560: long enough.
        let (long, kind, _) = self::store(10 * BLOCK);
        let k0 = long.strings().key("k0");
        let half = long.intersection(&[(kind, k0), (kind, k0)]);
        assert_eq!(half.map(|b| b.kept().positions().len()), Some(5 * BLOCK));
    }
}
