//! "Did you mean …": the closest known name to a misspelt one, for claim
//! keywords and for the measures, fields, groups, sources and facts a
//! dataset has.

/// The known name closest to `wanted`, if it is close enough to be the
/// likely intent (Jaro–Winkler similarity of at least 0.8, compared
/// case-insensitively).
pub fn closest<'a, I>(wanted: &str, known: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = wanted.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wanted, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

/// `did you mean `x`?` for the closest known name, if any.
pub fn did_you_mean<'a, I>(wanted: &str, known: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(wanted, known).map(|k| format!("did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_close_name() {
        assert_eq!(closest("deahts", ["deaths", "injuries"]), Some("deaths"));
        assert_eq!(closest("DEATHS", ["deaths"]), Some("deaths"));
    }

    #[test]
    fn offers_nothing_when_nothing_is_close() {
        assert_eq!(closest("weather", ["deaths", "injuries"]), None);
    }

    #[test]
    fn ties_go_to_the_name_first_in_order() {
        assert_eq!(
            closest("deaths_x", ["deaths_b", "deaths_a"]),
            Some("deaths_a")
        );
    }
}
