//! The facets of a case that are compared as concept sets: one name each for the API, the
//! thesaurus scheme that feeds it, and its default weight in case similarity.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Domain,
    Actors,
    Technologies,
    Mechanisms,
    Obstacles,
    Outcomes,
    Financing,
    Operation,
}

impl Facet {
    pub const ALL: [Facet; 8] = [
        Facet::Domain,
        Facet::Actors,
        Facet::Technologies,
        Facet::Mechanisms,
        Facet::Obstacles,
        Facet::Outcomes,
        Facet::Financing,
        Facet::Operation,
    ];

    /// The name in the API, the UI and recommendation weights.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Domain => "domain",
            Facet::Actors => "actors",
            Facet::Technologies => "technologies",
            Facet::Mechanisms => "mechanisms",
            Facet::Obstacles => "obstacles",
            Facet::Outcomes => "outcomes",
            Facet::Financing => "financing",
            Facet::Operation => "operation",
        }
    }

    /// The thesaurus scheme whose concepts fill the facet.
    pub fn scheme(self) -> &'static str {
        match self {
            Facet::Domain => "domain",
            Facet::Actors => "actor",
            Facet::Technologies => "technology",
            Facet::Mechanisms => "mechanism",
            Facet::Obstacles => "obstacle",
            Facet::Outcomes => "outcome",
            Facet::Financing => "financing",
            Facet::Operation => "operation",
        }
    }

    /// Default weight in the global case similarity (beside text 0.40, place 0.05 and path
    /// 0.03; scores divide by the sum of the weights used).
    pub fn weight(self) -> f64 {
        match self {
            Facet::Domain => 0.12,
            Facet::Actors => 0.08,
            Facet::Technologies => 0.10,
            Facet::Mechanisms => 0.08,
            Facet::Obstacles => 0.08,
            Facet::Outcomes => 0.04,
            Facet::Financing => 0.04,
            Facet::Operation => 0.04,
        }
    }

    pub fn from_label(label: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.label() == label)
    }

    pub fn of_scheme(scheme: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.scheme() == scheme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for f in Facet::ALL {
            assert_eq!(Facet::from_label(f.label()), Some(f));
            assert_eq!(Facet::of_scheme(f.scheme()), Some(f));
            assert_eq!(serde_json::to_value(f).unwrap(), f.label());
        }
    }
}
