//! How one incident field answers a `where` test (spec §3, §6.1). Fields
//! come from many exports with loose types, so a test that does not fit
//! the field's type simply does not hold, rather than stopping the claim;
//! text is compared case-insensitively.

use crate::ast::{Op, Value};
use crate::dataset::Field;
use std::cmp::Ordering;

/// A test on one field, its names already resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldTest {
    /// `field op value`
    Compare(Op, Value),
    /// `field in (a, b)`: equal to any of them.
    Among(Vec<Value>),
    /// `field contains "x"`
    Contains(String),
}

impl FieldTest {
    pub fn holds(&self, field: &Field) -> bool {
        match self {
            FieldTest::Compare(op, value) => compare(*op, field, value),
            FieldTest::Among(values) => values.iter().any(|v| compare(Op::Eq, field, v)),
            FieldTest::Contains(needle) => match field {
                Field::Str(s) => s.to_lowercase().contains(&needle.to_lowercase()),
                Field::List(items) => items.iter().any(|i| same_text(i, needle)),
                Field::Num(_) | Field::Bool(_) => false,
            },
        }
    }
}

/// `field op value`. Text orders lexicographically on its lowercase form;
/// text that reads as a number compares with a number (CSV exports keep
/// numbers as text); a list equals a value when any element does, and
/// differs from it when none does; a boolean only equals or differs.
pub fn compare(op: Op, field: &Field, value: &Value) -> bool {
    match (field, value) {
        (Field::Str(f), Value::Str(v)) => ordered(op, f.to_lowercase().cmp(&v.to_lowercase())),
        (Field::Num(f), Value::Num(v)) => numeric(op, *f, *v),
        (Field::Str(f), Value::Num(v)) => f.trim().parse::<f64>().is_ok_and(|f| numeric(op, f, *v)),
        (Field::Bool(f), Value::Bool(v)) => equality(op, f == v),
        (Field::List(items), Value::Str(v)) => equality(op, items.iter().any(|i| same_text(i, v))),
        _ => false,
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
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

    fn s(v: &str) -> Value {
        Value::Str(v.to_string())
    }

    fn text(v: &str) -> Field {
        Field::Str(v.to_string())
    }

    fn list(items: &[&str]) -> Field {
        Field::List(items.iter().map(|i| i.to_string()).collect())
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
        let test = FieldTest::Among(vec![s("GBAO"), s("sughd")]);
        assert!(test.holds(&text("Sughd")));
        assert!(!test.holds(&text("Khatlon")));
        assert!(test.holds(&list(&["Khatlon", "gbao"])));
        assert!(FieldTest::Among(vec![Value::Num(1.0), Value::Num(3.0)]).holds(&Field::Num(3.0)));
    }

    #[test]
    fn contains_looks_inside_text_and_lists() {
        let test = FieldTest::Contains("ansarullah".to_string());
        assert!(test.holds(&text("fighters of Jamaat Ansarullah")));
        assert!(!test.holds(&text("Taliban")));
        // In a list, an element must equal the string, not merely hold it.
        assert!(!test.holds(&list(&["Jamaat Ansarullah"])));
        assert!(
            FieldTest::Contains("JAMAAT ANSARULLAH".to_string())
                .holds(&list(&["Tajik forces", "Jamaat Ansarullah"]))
        );
        assert!(!test.holds(&Field::Num(1.0)));
        assert!(!test.holds(&Field::Bool(true)));
    }
}
