//! A borrowed JSON value holding one record of a dataset at a time (one
//! source, one incident, one fact). Strings borrow from the input unless
//! they carry escapes, and large arrays are read element by element with
//! [`for_each_element`], so the whole document never stands in memory as a
//! tree: only the record being checked does.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// The members of a JSON object, in input order, duplicates included.
pub type Members<'a, V> = Vec<(Cow<'a, str>, V)>;

#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// Every JSON number, as f64: integers beyond its precision round.
    Num(f64),
    Str(Cow<'a, str>),
    Arr(Vec<Json<'a>>),
    Obj(Members<'a, Json<'a>>),
}

impl Json<'_> {
    /// How a problem message names what was found.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }
}

/// The top level of a dataset: its members with their values left unread,
/// so that the sources can be read before the incidents that cite them,
/// whatever the order of the keys.
#[derive(Debug)]
pub struct Document<'a>(pub Members<'a, &'a RawValue>);

/// Hands every element of the JSON array `array` to `each` as soon as it is
/// read. Syntax has been checked by the caller; what can still fail is a
/// number out of range or nesting beyond serde_json's depth limit.
pub fn for_each_element<'a>(
    array: &'a str,
    each: impl FnMut(Json<'a>),
) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(array);
    Elements(each).deserialize(&mut de)?;
    de.end()
}

/// An array read as a seed: each element is handed to the function as
/// soon as it is read, wherever the array stands in the text.
pub struct Elements<F>(pub F);

impl<'de, F: FnMut(Json<'de>)> DeserializeSeed<'de> for Elements<F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(Json<'de>)> Visitor<'de> for Elements<F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element()? {
            (self.0)(element);
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::Num(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::Num(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Json::Num(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Arr(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Json<'de>, A::Error> {
        members(map).map(Json::Obj)
    }
}

impl<'de> Deserialize<'de> for Document<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(DocumentVisitor)
    }
}

struct DocumentVisitor;

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = Document<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a dataset: a JSON object with `name`, `sources` and `incidents`")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Document<'de>, A::Error> {
        members(map).map(Document)
    }
}

fn members<'de, A, V>(mut map: A) -> Result<Members<'de, V>, A::Error>
where
    A: MapAccess<'de>,
    V: Deserialize<'de>,
{
    let mut members = Vec::new();
    while let Some((Key(key), value)) = map.next_entry()? {
        members.push((key, value));
    }
    Ok(members)
}

/// An object key, borrowed from the input unless it carries escapes.
pub struct Key<'a>(pub Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let json: Json =
            serde_json::from_str(r#"[null, true, -2, 3, 2.5, "x", {"k": []}]"#).unwrap();
        let Json::Arr(items) = json else {
            panic!("not an array: {json:?}")
        };
        let kinds: Vec<_> = items.iter().map(Json::kind).collect();
        assert_eq!(
            kinds,
            [
                "null",
                "a boolean",
                "a number",
                "a number",
                "a number",
                "a string",
                "an object"
            ]
        );
        assert_eq!(items.get(2), Some(&Json::Num(-2.0)));
        assert_eq!(
            items.get(6),
            Some(&Json::Obj(vec![(Cow::Borrowed("k"), Json::Arr(vec![]))]))
        );
    }

    #[test]
    fn borrows_plain_strings_and_decodes_escaped_ones() {
        let json: Json = serde_json::from_str(r#"{"plain": "a", "esc\u00e9": "b\"c"}"#).unwrap();
        let Json::Obj(members) = json else {
            panic!("not an object: {json:?}")
        };
        assert!(matches!(
            members.first(),
            Some((Cow::Borrowed("plain"), Json::Str(Cow::Borrowed("a"))))
        ));
        let Some((key, Json::Str(value))) = members.get(1) else {
            panic!("no second member: {members:?}")
        };
        assert_eq!((key.as_ref(), value.as_ref()), ("escé", "b\"c"));
        assert!(matches!(key, Cow::Owned(_)));
    }

    #[test]
    fn keeps_duplicate_keys_in_order() {
        let json: Json = serde_json::from_str(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(
            json,
            Json::Obj(vec![
                ("a".into(), Json::Num(1.0)),
                ("a".into(), Json::Num(2.0))
            ])
        );
    }

    #[test]
    fn streams_array_elements() {
        let mut seen = Vec::new();
        for_each_element(r#"[1, "two", {}]"#, |j| seen.push(j.kind())).unwrap();
        assert_eq!(seen, ["a number", "a string", "an object"]);
    }

    #[test]
    fn streaming_reports_a_number_out_of_range() {
        let mut seen = 0;
        let err = for_each_element("[1,\n 1e400]", |_| seen += 1).unwrap_err();
        assert_eq!(seen, 1);
        assert_eq!(err.line(), 2);
    }

    #[test]
    fn document_keeps_member_values_unread() {
        let doc: Document = serde_json::from_str(r#"{"name": "x", "incidents": [1, 2]}"#).unwrap();
        let got: Vec<_> = doc.0.iter().map(|(k, v)| (k.as_ref(), v.get())).collect();
        assert_eq!(got, [("name", r#""x""#), ("incidents", "[1, 2]")]);
    }

    #[test]
    fn document_must_be_an_object() {
        let err = serde_json::from_str::<Document>("[1]").unwrap_err();
        assert!(err.is_data(), "{err}");
        assert!(err.to_string().contains("a dataset"), "{err}");
    }
}
