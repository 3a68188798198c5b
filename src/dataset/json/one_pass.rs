//! A dataset of the usual shape read in one pass over its text: its
//! members each once, all of them known, and `sources` before
//! `incidents`. The incidents are then read and checked as serde_json
//! meets them, on the thread that hands them over to be stored, with no
//! pass over the text before to check its syntax and find them.
//!
//! Any other text is read again by the two steps, which give the answer
//! this pass cannot: a syntax error or a number out of range is the one
//! problem of a text serde_json stops on; a member given twice or unknown
//! is said of where it lies in the whole document; incidents before the
//! sources they cite must wait for them.

use super::Header;
use super::incident::{self, Incidents, Reader};
use super::node::{Elements, Key};
use super::path::Path;
use super::problems::Problems;
use super::source::{self, SourceIndex};
use super::{Checked, KEYS};
use crate::dataset::{Builder, Source};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// Reads and validates `text` in one pass, or `None` if it must be read
/// by the two steps.
pub fn check(text: &str) -> Option<Checked> {
    let mut problems = Problems::new(text);
    let mut builder = Builder::default();
    let mut top = None;
    incident::relay(&mut builder, |incidents| {
        let mut de = serde_json::Deserializer::from_str(text);
        let read = de.deserialize_map(TopLevel {
            problems: &mut problems,
            incidents,
        });
        top = read.and_then(|top| de.end().map(|()| top)).ok();
    });
    let Top { members, sources } = top?;
    // This pass stores incidents past an error in the name, the
    // description or the place fields, which the two steps find before the
    // incidents and which stops their storing: whether the store fills up
    // is then theirs to say.
    if builder.is_full() {
        return None;
    }
    let [name, description, place_fields, _, _, facts] = members;
    let header = Header::read(name, description, place_fields, &mut problems);
    Some(header.finish(sources, builder, facts, problems))
}

/// The top level as read: the members but the arrays, left unread as in
/// the two steps, and the sources.
struct Top<'a> {
    /// By their place in `KEYS`.
    members: [Option<&'a RawValue>; KEYS.len()],
    sources: Vec<Source>,
}

struct TopLevel<'r, 't, 'a> {
    problems: &'r mut Problems<'t>,
    incidents: &'r mut Incidents<'a>,
}

/// The error that ends the pass over a text of another shape; it is never
/// shown, as the two steps read the text again.
fn other_shape<E: de::Error>() -> E {
    E::custom("not a dataset of the usual shape")
}

impl<'a> Visitor<'a> for TopLevel<'_, '_, 'a> {
    type Value = Top<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a dataset: a JSON object with `name`, `sources` and `incidents`")
    }

    fn visit_map<A: MapAccess<'a>>(mut self, mut map: A) -> Result<Top<'a>, A::Error> {
        let mut members = [None; KEYS.len()];
        let mut sources = None;
        while let Some(Key(key)) = map.next_key()? {
            if key == "incidents" {
                // Once, and after the sources they cite.
                let ([_, _, _, Some(raw), _, _], None) = (members, &sources) else {
                    return Err(other_shape());
                };
                sources = Some(self.incidents(raw, &mut map)?);
                continue;
            }
            let known = KEYS.iter().position(|k| *k == key);
            match known.and_then(|i| members.get_mut(i)) {
                Some(slot @ None) => *slot = Some(map.next_value()?),
                _ => return Err(other_shape()),
            }
        }
        let sources = sources.ok_or_else(other_shape)?;
        Ok(Top { members, sources })
    }
}

impl<'a> TopLevel<'_, '_, 'a> {
    /// Reads the sources, then the incidents that cite them, each as the
    /// deserializer meets it; returns the sources.
    fn incidents<A: MapAccess<'a>>(
        &mut self,
        sources: &RawValue,
        map: &mut A,
    ) -> Result<Vec<Source>, A::Error> {
        let root = Path::Root;
        let sources = source::sources(sources, &root.key("sources"), self.problems);
        let index = SourceIndex::new(&sources);
        let mut reader = Reader::new(&index, self.incidents);
        let at = root.key("incidents");
        let mut count = 0;
        map.next_value_seed(Elements(|node| {
            reader.read(&node, count, &at.index(count), self.problems);
            count += 1;
        }))?;
        drop(reader);
        Ok(sources)
    }
}
