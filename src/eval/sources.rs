//! `according to S, …` (spec §6.2): which sources' reports are on offer.
//! Without it every report counts and so does the incident's own figure;
//! with it only the listed sources' reports do.

use super::{EvalError, names};
use crate::ast::Spanned;
use crate::dataset::Dataset;

#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    /// `None`: every source.
    listed: Option<Vec<usize>>,
}

impl Sources {
    /// Resolves the names after `according to`; none means every source.
    pub fn resolve(names: &[Spanned<String>], ds: &Dataset) -> Result<Sources, EvalError> {
        if names.is_empty() {
            return Ok(Sources::every());
        }
        let listed = names
            .iter()
            .map(|name| names::source(name, ds))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Sources {
            listed: Some(listed),
        })
    }

    /// Every source: no `according to`.
    pub fn every() -> Sources {
        Sources { listed: None }
    }

    /// One source alone: the claim read as if `according to` named only it.
    pub fn only(source: usize) -> Sources {
        Sources {
            listed: Some(vec![source]),
        }
    }

    /// Whether `according to` narrowed the sources, which also takes the
    /// incident's (or fact's) own figure off offer.
    pub fn restricted(&self) -> bool {
        self.listed.is_some()
    }

    /// The sources `according to` names, if it does.
    pub fn listed(&self) -> Option<&[usize]> {
        self.listed.as_deref()
    }

    /// Whether a report by `source` is on offer.
    pub fn allows(&self, source: usize) -> bool {
        self.listed
            .as_ref()
            .is_none_or(|listed| listed.contains(&source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::testing::{dataset, named};

    #[test]
    fn no_names_allow_every_source() {
        let all = Sources::resolve(&[], &dataset()).unwrap();
        assert!(!all.restricted());
        assert!(all.allows(0) && all.allows(1) && all.allows(2));
    }

    #[test]
    fn listed_names_allow_only_those_sources() {
        let some = Sources::resolve(&[named("AFP"), named("un")], &dataset()).unwrap();
        assert!(some.restricted());
        assert!(some.allows(0) && some.allows(2));
        assert!(!some.allows(1));
    }

    #[test]
    fn only_allows_one_source_and_takes_the_own_figure_off_offer() {
        let one = Sources::only(1);
        assert!(one.restricted());
        assert!(one.allows(1));
        assert!(!one.allows(0) && !one.allows(2));
    }

    #[test]
    fn an_unknown_source_is_an_error() {
        let err = Sources::resolve(&[named("AFP"), named("Reuters")], &dataset()).unwrap_err();
        assert_eq!(err.message, "unknown source `Reuters`");
    }
}
