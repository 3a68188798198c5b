//! How one incident field answers a `where` test (spec §3, §6.1). Fields
//! come from many exports with loose types, so a test that does not fit
//! the field's type simply does not hold, rather than stopping the claim;
//! text is compared case-insensitively.

use crate::ast::{Op, Value};
use crate::dataset::{FieldRef, Interner, Text};
use std::cmp::Ordering;

/// A test on one field, its names already resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldTest {
    /// `field op value`
    Compare(Op, Literal),
    /// `field in (a, b)`: equal to any of them.
    Among(Vec<Literal>),
    /// `field contains "x"`
    Contains(Folded),
}

/// The value a test compares with, its text folded against the dataset's
/// texts once per claim rather than once per incident.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(Folded),
    Num(f64),
    Bool(bool),
}

/// A text of a claim in lowercase, with its fold key among the dataset's
/// texts: a field's text can equal it, case aside, only where the two
/// keys agree, so most texts are told apart by one comparison of numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub lowercase: String,
    pub key: u64,
}

impl Folded {
    pub fn new(text: &str, strings: &Interner) -> Folded {
        Folded {
            lowercase: text.to_lowercase(),
            key: strings.key(text),
        }
    }

    /// Whether a text of the dataset is this one, case aside.
    pub fn is(&self, text: Text) -> bool {
        text.folded() == Some(self.key) && text.eq_lowercase(&self.lowercase)
    }
}

impl Literal {
    pub fn new(value: &Value, strings: &Interner) -> Literal {
        match value {
            Value::Str(s) => Literal::Text(Folded::new(s, strings)),
            Value::Num(n) => Literal::Num(*n),
            Value::Bool(b) => Literal::Bool(*b),
        }
    }
}

impl FieldTest {
    pub fn holds(&self, field: FieldRef) -> bool {
        match self {
            FieldTest::Compare(op, value) => compare(*op, field, value),
            FieldTest::Among(values) => values.iter().any(|v| compare(Op::Eq, field, v)),
            FieldTest::Contains(needle) => match field {
                FieldRef::Str(s) => s.to_lowercase().contains(&needle.lowercase),
                FieldRef::List(items) => items.iter().any(|i| needle.is(i)),
                FieldRef::Num(_) | FieldRef::Bool(_) => false,
            },
        }
    }
}

/// `field op value`. Text orders lexicographically on its lowercase form;
/// text that reads as a number compares with a number (CSV exports keep
/// numbers as text); a list equals a value when any element does, and
/// differs from it when none does; a boolean only equals or differs.
pub fn compare(op: Op, field: FieldRef, value: &Literal) -> bool {
    match (field, value) {
        (FieldRef::Str(f), Literal::Text(v)) => match op {
            Op::Eq | Op::Ne => equality(op, v.is(f)),
            _ => ordered(op, f.cmp_lowercase(&v.lowercase)),
        },
        (FieldRef::Num(f), Literal::Num(v)) => numeric(op, f, *v),
        (FieldRef::Str(f), Literal::Num(v)) => f
            .as_str()
            .trim()
            .parse::<f64>()
            .is_ok_and(|f| numeric(op, f, *v)),
        (FieldRef::Bool(f), Literal::Bool(v)) => equality(op, f == *v),
        (FieldRef::List(items), Literal::Text(v)) => equality(op, items.iter().any(|i| v.is(i))),
        _ => false,
    }
}

fn numeric(op: Op, field: f64, value: f64) -> bool {
    field.partial_cmp(&value).is_some_and(|o| ordered(op, o))
}

fn ordered(op: Op, order: Ordering) -> bool {
    match op {
        Op::Eq => order == Ordering::Equal,
        Op::Ne => order != Ordering::Equal,
        Op::Lt => order == Ordering::Less,
        Op::Le => order != Ordering::Greater,
        Op::Gt => order == Ordering::Greater,
        Op::Ge => order != Ordering::Less,
    }
}

/// For values with no order: only `=` and `!=` can hold.
fn equality(op: Op, equal: bool) -> bool {
    match op {
        Op::Eq => equal,
        Op::Ne => !equal,
        Op::Lt | Op::Le | Op::Gt | Op::Ge => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Builder, ColumnId, Store};
    use crate::eval::testing::{day, days};

    /// A field's value, as a test writes it.
    #[derive(Clone, Copy)]
    enum Field<'a> {
        Str(&'a str),
        Num(f64),
        Bool(bool),
        List(&'a [&'a str]),
    }

    fn text(v: &str) -> Field<'_> {
        Field::Str(v)
    }

    fn list<'a>(items: &'a [&'a str]) -> Field<'a> {
        Field::List(items)
    }

    fn s(v: &str) -> Value {
        Value::Str(v.to_string())
    }

    /// One incident with the field `f`, in a store of its own.
    fn store(field: Field) -> (Store, ColumnId) {
        let mut builder = Builder::default();
        let today = days(day(2025, 11, 26), day(2025, 11, 26));
        let _ = builder.incident("x", today);
        if let Some(f) = builder.column("f") {
            match field {
                Field::Str(t) => builder.text(f, t),
                Field::Num(n) => builder.number(f, n),
                Field::Bool(b) => builder.boolean(f, b),
                Field::List(items) => builder.list(f, items.iter().copied()),
            }
        }
        let (store, names) = builder.finish();
        (store, names.fields["f"])
    }

    fn compare(op: Op, field: &Field, value: &Value) -> bool {
        let (store, f) = store(*field);
        let value = Literal::new(value, store.strings());
        let found = store.get(0).and_then(|i| i.field(f));
        found.is_some_and(|f| super::compare(op, f, &value))
    }

    fn holds(test: &impl Fn(&Interner) -> FieldTest, field: &Field) -> bool {
        let (store, f) = store(*field);
        let test = test(store.strings());
        let found = store.get(0).and_then(|i| i.field(f));
        found.is_some_and(|f| test.holds(f))
    }

    #[test]
    fn text_compares_case_insensitively() {
        let field = text("Armed Clash");
        assert!(compare(Op::Eq, &field, &s("armed clash")));
        assert!(!compare(Op::Ne, &field, &s("ARMED CLASH")));
        assert!(compare(Op::Ne, &field, &s("shelling")));
    }

    #[test]
    fn text_orders_on_its_lowercase_form() {
        // "Khatlon" lowercases to "khatlon"; "GBAO" to "gbao": g < k.
        assert!(compare(Op::Gt, &text("Khatlon"), &s("GBAO")));
        assert!(compare(Op::Lt, &text("GBAO"), &s("khatlon")));
        assert!(compare(Op::Le, &text("Sughd"), &s("SUGHD")));
        assert!(compare(Op::Ge, &text("Sughd"), &s("sughd")));
        assert!(!compare(Op::Lt, &text("Sughd"), &s("sughd")));
    }

    #[test]
    fn numbers_compare_numerically() {
        let field = Field::Num(3.0);
        assert!(compare(Op::Eq, &field, &Value::Num(3.0)));
        assert!(compare(Op::Le, &field, &Value::Num(3.0)));
        assert!(!compare(Op::Lt, &field, &Value::Num(3.0)));
        assert!(compare(Op::Gt, &field, &Value::Num(2.5)));
        assert!(compare(Op::Ne, &field, &Value::Num(2.0)));
    }

    #[test]
    fn text_that_reads_as_a_number_compares_with_a_number() {
        assert!(compare(Op::Le, &text(" 2 "), &Value::Num(2.0)));
        assert!(compare(Op::Gt, &text("10"), &Value::Num(9.0)));
        assert!(!compare(Op::Eq, &text("two"), &Value::Num(2.0)));
        assert!(!compare(Op::Ne, &text("two"), &Value::Num(2.0)));
    }

    #[test]
    fn booleans_only_equal_or_differ() {
        let field = Field::Bool(true);
        assert!(compare(Op::Eq, &field, &Value::Bool(true)));
        assert!(compare(Op::Ne, &field, &Value::Bool(false)));
        assert!(!compare(Op::Ne, &field, &Value::Bool(true)));
        assert!(!compare(Op::Ge, &field, &Value::Bool(true)));
    }

    #[test]
    fn a_list_equals_a_value_when_any_element_does() {
        let field = list(&["Tajik security forces", "Jamaat Ansarullah"]);
        assert!(compare(Op::Eq, &field, &s("jamaat ansarullah")));
        assert!(!compare(Op::Ne, &field, &s("jamaat ansarullah")));
        assert!(compare(Op::Ne, &field, &s("Taliban")));
        assert!(!compare(Op::Eq, &field, &s("Taliban")));
        assert!(!compare(Op::Lt, &field, &s("zzz")));
    }

    #[test]
    fn mismatched_types_never_hold() {
        assert!(!compare(Op::Eq, &Field::Num(3.0), &s("3")));
        assert!(!compare(Op::Ne, &Field::Num(3.0), &s("3")));
        assert!(!compare(Op::Eq, &text("true"), &Value::Bool(true)));
        assert!(!compare(Op::Ne, &Field::Bool(true), &Value::Num(1.0)));
        assert!(!compare(Op::Eq, &list(&["3"]), &Value::Num(3.0)));
    }

    #[test]
    fn among_holds_for_any_listed_value() {
        let among = |values: Vec<Value>| {
            move |strings: &Interner| {
                FieldTest::Among(values.iter().map(|v| Literal::new(v, strings)).collect())
            }
        };
        let places = among(vec![s("GBAO"), s("sughd")]);
        assert!(holds(&places, &text("Sughd")));
        assert!(!holds(&places, &text("Khatlon")));
        assert!(holds(&places, &list(&["Khatlon", "gbao"])));
        let numbers = among(vec![Value::Num(1.0), Value::Num(3.0)]);
        assert!(holds(&numbers, &Field::Num(3.0)));
    }

    #[test]
    fn contains_looks_inside_text_and_lists() {
        let contains = |needle: &'static str| {
            move |strings: &Interner| FieldTest::Contains(Folded::new(needle, strings))
        };
        let test = contains("ansarullah");
        assert!(holds(&test, &text("fighters of Jamaat Ansarullah")));
        assert!(!holds(&test, &text("Taliban")));
        // In a list, an element must equal the string, not merely hold it.
        assert!(!holds(&test, &list(&["Jamaat Ansarullah"])));
        assert!(holds(
            &contains("JAMAAT ANSARULLAH"),
            &list(&["Tajik forces", "Jamaat Ansarullah"])
        ));
        assert!(!holds(&test, &Field::Num(1.0)));
        assert!(!holds(&test, &Field::Bool(true)));
    }

    #[test]
    fn text_the_dataset_does_not_have_equals_nothing() {
        assert!(!compare(Op::Eq, &text("Khatlon"), &s("Sughd")));
        assert!(compare(Op::Ne, &text("Khatlon"), &s("Sughd")));
        assert!(compare(Op::Lt, &text("Khatlon"), &s("Sughd")));
    }
}
