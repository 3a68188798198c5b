//! `where` conditions (spec §3, §6.1): resolves the names a condition uses
//! once per claim, then tells for each incident whether it is in, out or
//! maybe in scope, and whether it matches at its best reading. A
//! condition on a measure (`where deaths >= 3`) reads the incident's
//! figure, so it can be undecided when the sources disagree.

use super::field::{FieldTest, Folded, Literal};
use super::figure::{Measure, Reading, figure};
use super::names::{self, Operand};
use super::provenance::Reason;
use super::sources::Sources;
use super::tri::Tri;
use super::truth::{Interval, TruthSet, op_set};
use super::{EvalError, Verdict};
use crate::ast::{Condition, Op, Spanned, Value};
use crate::dataset::{ColumnId, Dataset, IncidentRef};

/// How deeply a condition may nest; evaluation recurses once per level.
const MAX_DEPTH: usize = 64;

/// A condition with its names resolved.
#[derive(Debug, Clone)]
pub enum Cond<'a> {
    Any(Vec<Cond<'a>>),
    All(Vec<Cond<'a>>),
    Not(Box<Cond<'a>>),
    Field {
        column: ColumnId,
        test: FieldTest,
    },
    /// The measure's figure lies in `set`, which `op value` defines; the
    /// two are kept as written so that a report can name the test.
    Measure {
        measure: Measure<'a>,
        op: Op,
        value: f64,
        set: TruthSet,
    },
}

impl<'a> Cond<'a> {
    pub fn resolve(condition: &Condition, ds: &'a Dataset) -> Result<Cond<'a>, EvalError> {
        resolve(condition, ds, 0)
    }

    /// In, maybe or out (a field the incident lacks, or a measure it has
    /// no figure for, is out), and whether the incident matches with every
    /// figure at its best: read together, so that a figure is weighed once
    /// for both.
    pub fn read(&self, inc: IncidentRef, sources: &Sources) -> (Tri, bool) {
        match self {
            Cond::Any(all) => all.iter().fold((Tri::Out, false), |(tri, best), c| {
                let (t, b) = c.read(inc, sources);
                (tri.or(t), best || b)
            }),
            Cond::All(all) => all.iter().fold((Tri::In, true), |(tri, best), c| {
                let (t, b) = c.read(inc, sources);
                (tri.and(t), best && b)
            }),
            Cond::Not(c) => {
                let (tri, best) = c.read(inc, sources);
                (!tri, !best)
            }
            Cond::Field { column, test } => {
                let holds = field_holds(inc, *column, test);
                (Tri::from_bool(holds), holds)
            }
            Cond::Measure { measure, set, .. } => match reading(inc, measure, sources) {
                Some(r) => (measured(set, &r), set.contains(r.best)),
                None => (Tri::Out, false),
            },
        }
    }

    /// The measure tests that the incident's figures leave undecided, each
    /// with the range on offer: why the condition makes it maybe.
    pub fn undecided(&self, inc: IncidentRef, sources: &Sources, out: &mut Vec<Reason>) {
        match self {
            Cond::Any(all) | Cond::All(all) => {
                for c in all {
                    c.undecided(inc, sources, out);
                }
            }
            Cond::Not(c) => c.undecided(inc, sources, out),
            Cond::Field { .. } => {}
            Cond::Measure {
                measure,
                op,
                value,
                set,
            } => {
                if let Some(r) = reading(inc, measure, sources)
                    && measured(set, &r) == Tri::Maybe
                {
                    out.push(Reason::Figure {
                        measure: measure.key.name.clone(),
                        op: *op,
                        value: *value,
                        low: r.low,
                        high: r.high,
                    });
                }
            }
        }
    }

    /// `measure op value`, for `deadly incidents` and `where`.
    pub fn measure(measure: Measure<'a>, op: Op, value: f64) -> Cond<'a> {
        Cond::Measure {
            measure,
            op,
            value,
            set: op_set(op, value, 0.0),
        }
    }
}

/// The incident's figure for a measure, as conditions read it: the whole
/// measure, under the claim's sources.
fn reading(inc: IncidentRef, measure: &Measure, sources: &Sources) -> Option<Reading> {
    figure(inc, measure, None, sources).map(|f| f.reading)
}

/// In when the whole range lies in the set, out when none of it does.
/// Sources that agree give a range of one value, and most incidents have
/// one: that value alone decides, without the work of a range.
fn measured(set: &TruthSet, reading: &Reading) -> Tri {
    if reading.low == reading.high {
        return Tri::from_bool(set.contains(reading.low));
    }
    match set.verdict(&Interval::closed(Some(reading.low), Some(reading.high))) {
        Verdict::Pass => Tri::In,
        Verdict::Disputed => Tri::Maybe,
        Verdict::Fail | Verdict::Error => Tri::Out,
    }
}

fn field_holds(inc: IncidentRef, column: ColumnId, test: &FieldTest) -> bool {
    inc.field(column).is_some_and(|field| test.holds(field))
}

fn resolve<'a>(
    condition: &Condition,
    ds: &'a Dataset,
    depth: usize,
) -> Result<Cond<'a>, EvalError> {
    if depth > MAX_DEPTH {
        return Err(EvalError {
            span: None,
            message: format!("the `where` condition nests more than {MAX_DEPTH} levels deep"),
            help: Some("remove some parentheses".to_string()),
        });
    }
    let strings = ds.incidents.strings();
    let each = |conditions: &[Condition]| {
        conditions
            .iter()
            .map(|c| resolve(c, ds, depth + 1))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(match condition {
        Condition::Or(any) => Cond::Any(each(any)?),
        Condition::And(all) => Cond::All(each(all)?),
        Condition::Not(c) => Cond::Not(Box::new(resolve(c, ds, depth + 1)?)),
        Condition::Compare { field, op, value } => match names::operand(field, ds)? {
            Operand::Measure(key) => {
                Cond::measure(Measure::new(key, ds), *op, number(field, value)?)
            }
            Operand::Field(_, column) => {
                if matches!(value.node, Value::Bool(_)) && !matches!(op, Op::Eq | Op::Ne) {
                    return Err(EvalError {
                        span: Some(value.span),
                        message: "`true` and `false` compare only with `=` or `!=`".to_string(),
                        help: Some(format!(
                            "write `{} = {}`",
                            field.node,
                            bool_word(&value.node)
                        )),
                    });
                }
                Cond::Field {
                    column,
                    test: FieldTest::Compare(*op, Literal::new(&value.node, strings)),
                }
            }
        },
        // On a measure, `in (a, b)` is `= a or = b`.
        Condition::InList { field, values } => match names::operand(field, ds)? {
            Operand::Measure(key) => {
                let measure = Measure::new(key, ds);
                Cond::Any(
                    values
                        .iter()
                        .map(|v| Ok(Cond::measure(measure.clone(), Op::Eq, number(field, v)?)))
                        .collect::<Result<Vec<_>, EvalError>>()?,
                )
            }
            Operand::Field(_, column) => Cond::Field {
                column,
                test: FieldTest::Among(
                    values
                        .iter()
                        .map(|v| Literal::new(&v.node, strings))
                        .collect(),
                ),
            },
        },
        Condition::Contains { field, value } => match names::operand(field, ds)? {
            Operand::Measure(_) => {
                return Err(EvalError {
                    span: Some(field.span),
                    message: format!(
                        "`{}` is a measure; `contains` looks inside text fields",
                        field.node
                    ),
                    help: Some(format!(
                        "compare the measure with a number, e.g. `{} > 0`",
                        field.node
                    )),
                });
            }
            Operand::Field(_, column) => Cond::Field {
                column,
                test: FieldTest::Contains(Folded::new(&value.node, strings)),
            },
        },
    })
}

/// The number a measure is compared with.
fn number(measure: &Spanned<String>, value: &Spanned<Value>) -> Result<f64, EvalError> {
    match value.node {
        Value::Num(n) => Ok(n),
        Value::Str(_) | Value::Bool(_) => Err(EvalError {
            span: Some(value.span),
            message: format!(
                "`{}` is a measure and compares only with a number",
                measure.node
            ),
            help: Some(format!("write a number, e.g. `{} > 0`", measure.node)),
        }),
    }
}

fn bool_word(value: &Value) -> &'static str {
    match value {
        Value::Bool(false) => "false",
        _ => "true",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Span;
    use crate::eval::testing::{dataset, named};

    fn value(node: Value) -> Spanned<Value> {
        Spanned {
            node,
            span: Span {
                line: 1,
                col: 20,
                len: 1,
            },
        }
    }

    fn compare(field: &str, op: Op, v: Value) -> Condition {
        Condition::Compare {
            field: named(field),
            op,
            value: value(v),
        }
    }

    fn text(s: &str) -> Value {
        Value::Str(s.to_string())
    }

    fn all() -> Sources {
        Sources::resolve(&[], &dataset()).unwrap()
    }

    /// Membership of every incident of the test dataset, in order.
    fn memberships(condition: &Condition, sources: &Sources) -> Vec<Tri> {
        let ds = dataset();
        let cond = Cond::resolve(condition, &ds).unwrap();
        ds.incidents
            .iter()
            .map(|inc| cond.read(inc, sources).0)
            .collect()
    }

    fn at_best(condition: &Condition) -> Vec<bool> {
        let ds = dataset();
        let cond = Cond::resolve(condition, &ds).unwrap();
        ds.incidents
            .iter()
            .map(|inc| cond.read(inc, &all()).1)
            .collect()
    }

    use Tri::{In, Maybe, Out};

    #[test]
    fn a_field_condition_is_in_or_out() {
        let c = compare("type", Op::Eq, text("Armed Clash"));
        assert_eq!(memberships(&c, &all()), [In, In, In, Out, In]);
        assert_eq!(at_best(&c), [true, true, true, false, true]);
    }

    #[test]
    fn a_missing_field_is_out_and_not_makes_it_in() {
        let c = compare("confirmed", Op::Eq, Value::Bool(true));
        assert_eq!(memberships(&c, &all()), [Out, Out, Out, Out, In]);
        let c = compare("confirmed", Op::Ne, Value::Bool(true));
        assert_eq!(memberships(&c, &all()), [Out; 5]);
        let not = Condition::Not(Box::new(compare("confirmed", Op::Eq, Value::Bool(true))));
        assert_eq!(memberships(&not, &all()), [In, In, In, In, Out]);
    }

    #[test]
    fn a_measure_condition_reads_the_whole_range() {
        // deaths: [1, 3], [4, 6], [0, 0], [3, 3], none.
        let c = compare("deaths", Op::Gt, Value::Num(3.0));
        assert_eq!(memberships(&c, &all()), [Out, In, Out, Out, Out]);
        let c = compare("deaths", Op::Ge, Value::Num(3.0));
        assert_eq!(memberships(&c, &all()), [Maybe, In, Out, In, Out]);
        assert_eq!(at_best(&c), [false, true, false, true, false]);
        let c = compare("deaths", Op::Ge, Value::Num(5.0));
        assert_eq!(memberships(&c, &all()), [Out, Maybe, Out, Out, Out]);
        assert_eq!(at_best(&c), [false; 5]);
    }

    #[test]
    fn a_measure_condition_follows_according_to() {
        // Khovar alone says 4 for the clash, and nothing else.
        let khovar = Sources::resolve(&[named("khovar")], &dataset()).unwrap();
        let c = compare("deaths", Op::Ge, Value::Num(4.0));
        assert_eq!(memberships(&c, &khovar), [Out, In, Out, Out, Out]);
        let c = compare("deaths", Op::Ge, Value::Num(5.0));
        assert_eq!(memberships(&c, &khovar), [Out; 5]);
    }

    #[test]
    fn a_measure_in_a_list_is_any_of_the_values() {
        let c = Condition::InList {
            field: named("deaths"),
            values: vec![value(Value::Num(2.0)), value(Value::Num(4.0))],
        };
        assert_eq!(memberships(&c, &all()), [Maybe, Maybe, Out, Out, Out]);
        assert_eq!(at_best(&c), [true, true, false, false, false]);
    }

    #[test]
    fn kleene_logic_combines_conditions() {
        let maybe_first = compare("deaths", Op::Ge, Value::Num(5.0));
        let khatlon = compare("region", Op::Eq, text("khatlon"));
        let and = Condition::And(vec![maybe_first.clone(), khatlon.clone()]);
        assert_eq!(memberships(&and, &all()), [Out, Maybe, Out, Out, Out]);
        let or = Condition::Or(vec![maybe_first.clone(), khatlon]);
        assert_eq!(memberships(&or, &all()), [Out, In, Out, Out, In]);
        let not = Condition::Not(Box::new(maybe_first));
        assert_eq!(memberships(&not, &all()), [In, Maybe, In, In, In]);
        assert_eq!(at_best(&not), [true; 5]);
    }

    #[test]
    fn lists_and_contains_resolve_to_field_tests() {
        let c = Condition::InList {
            field: named("Region"),
            values: vec![value(text("gbao")), value(text("SUGHD"))],
        };
        assert_eq!(memberships(&c, &all()), [In, Out, Out, In, Out]);
        let c = Condition::Contains {
            field: named("actors"),
            value: named("jamaat ansarullah"),
        };
        assert_eq!(memberships(&c, &all()), [Out, In, Out, Out, Out]);
    }

    #[test]
    fn a_measure_compared_with_text_is_an_error() {
        let err = Cond::resolve(&compare("deaths", Op::Eq, text("many")), &dataset()).unwrap_err();
        assert_eq!(
            err.message,
            "`deaths` is a measure and compares only with a number"
        );
        assert_eq!(err.span.map(|s| s.col), Some(20));
    }

    #[test]
    fn contains_on_a_measure_is_an_error() {
        let c = Condition::Contains {
            field: named("deaths"),
            value: named("4"),
        };
        let err = Cond::resolve(&c, &dataset()).unwrap_err();
        assert_eq!(
            err.message,
            "`deaths` is a measure; `contains` looks inside text fields"
        );
    }

    #[test]
    fn a_boolean_ordered_is_an_error() {
        let err = Cond::resolve(
            &compare("confirmed", Op::Lt, Value::Bool(false)),
            &dataset(),
        )
        .unwrap_err();
        assert_eq!(err.help.as_deref(), Some("write `confirmed = false`"));
    }

    #[test]
    fn an_unknown_field_is_an_error_with_a_suggestion() {
        let err = Cond::resolve(&compare("regin", Op::Eq, text("x")), &dataset()).unwrap_err();
        assert_eq!(err.message, "unknown field `regin`");
        assert_eq!(err.help.as_deref(), Some("did you mean `region`?"));
    }

    #[test]
    fn nesting_is_bounded() {
        let mut c = compare("region", Op::Eq, text("x"));
        for _ in 0..MAX_DEPTH {
            c = Condition::Not(Box::new(c));
        }
        assert!(Cond::resolve(&c, &dataset()).is_ok());
        let deeper = Condition::Not(Box::new(c));
        assert!(Cond::resolve(&deeper, &dataset()).is_err());
    }
}
