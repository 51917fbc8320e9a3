//! The configuration management database's rules: the classes of configuration item, the
//! kinds of relationship between two items and which end depends on the other, business
//! services' criticality, and impact analysis: from one item, everything that depends on
//! it, transitively, each once at its shortest distance, cycles included.

use std::collections::{HashMap, VecDeque};

use crate::validate::text_enum;

text_enum!(
    /// What a configuration item is.
    CiClass, "class" {
        /// A device: a server, a laptop, storage (usually an asset too).
        Hardware = "hardware",
        /// A piece of software installed and running somewhere.
        SoftwareInstance = "software_instance",
        /// What the organisation's people use and the business names: e-mail, payroll.
        BusinessService = "business_service",
        /// An application or a part of one.
        Application = "application",
        /// A database instance.
        Database = "database",
        /// A switch, router, firewall, link.
        NetworkComponent = "network_component",
        /// Anything else, or what an import did not classify.
        Other = "other",
    }
);

text_enum!(
    /// How one item relates to another. Read as "source kind target": "payroll app runs
    /// on srv-01", "payroll service used by HR".
    RelationKind, "kind" {
        /// The source runs on the target (an application on a server).
        RunsOn = "runs_on",
        /// The source needs the target to work.
        DependsOn = "depends_on",
        /// The source reaches the network through the target.
        ConnectedTo = "connected_to",
        /// The source is hosted in the target (a virtual machine in a cluster, a server in
        /// a data centre).
        HostedIn = "hosted_in",
        /// The source is used by the target (a database used by an application).
        UsedBy = "used_by",
    }
);

impl RelationKind {
    /// Which end of "source kind target" depends on the other, as (dependant, provider):
    /// the dependant is impacted when the provider fails.
    pub fn dependant_and_provider(self, source: i64, target: i64) -> (i64, i64) {
        match self {
            RelationKind::UsedBy => (target, source),
            _ => (source, target),
        }
    }

    /// The relationship as the history says it: "payroll-app runs on srv-01".
    pub fn sentence(self, source: &str, target: &str) -> String {
        format!("{source} {} {target}", self.as_str().replace('_', " "))
    }
}

text_enum!(
    /// How much a business service matters to the organisation.
    Criticality, "criticality" {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
);

/// One edge of the dependency graph: `dependant` needs `provider`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    pub dependant: i64,
    pub provider: i64,
}

/// An item reached by impact analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Impacted {
    pub id: i64,
    /// How many dependencies away from the failing item (1: depends on it directly).
    pub depth: u32,
    /// The item through which it was reached first (the failing item itself at depth 1).
    pub via: i64,
}

/// Everything that depends on `root`, directly or through others, breadth first: each item
/// once, at its shortest distance, in the order of depth and then id. `root` itself is not
/// listed, even when a cycle leads back to it.
pub fn impact(root: i64, dependencies: &[Dependency]) -> Vec<Impacted> {
    let mut dependants: HashMap<i64, Vec<i64>> = HashMap::new();
    for d in dependencies {
        dependants.entry(d.provider).or_default().push(d.dependant);
    }
    for list in dependants.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    let mut seen: HashMap<i64, ()> = HashMap::from([(root, ())]);
    let mut reached = Vec::new();
    let mut queue = VecDeque::from([(root, 0u32)]);
    while let Some((id, depth)) = queue.pop_front() {
        for &next in dependants.get(&id).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(next, ()).is_none() {
                reached.push(Impacted { id: next, depth: depth + 1, via: id });
                queue.push_back((next, depth + 1));
            }
        }
    }
    reached.sort_by_key(|i| (i.depth, i.id));
    reached
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;

    fn deps(pairs: &[(i64, i64)]) -> Vec<Dependency> {
        pairs.iter().map(|&(dependant, provider)| Dependency { dependant, provider }).collect()
    }

    #[test]
    fn used_by_turns_the_dependency_around() {
        // "db used by app": the app fails with the database.
        assert_eq!(RelationKind::UsedBy.dependant_and_provider(1, 2), (2, 1));
        assert_eq!(RelationKind::RunsOn.dependant_and_provider(1, 2), (1, 2));
    }

    #[test]
    fn a_chain_is_followed_to_its_end_with_depths() {
        // 2 runs on 1, 3 depends on 2, 4 depends on 3.
        let got = impact(1, &deps(&[(2, 1), (3, 2), (4, 3)]));
        assert_eq!(
            got,
            [
                Impacted { id: 2, depth: 1, via: 1 },
                Impacted { id: 3, depth: 2, via: 2 },
                Impacted { id: 4, depth: 3, via: 3 }
            ]
        );
    }

    #[test]
    fn a_cycle_ends_and_never_lists_the_root() {
        let got = impact(1, &deps(&[(2, 1), (3, 2), (1, 3), (2, 3)]));
        assert_eq!(got.iter().map(|i| i.id).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn what_the_root_depends_on_is_not_impacted() {
        assert!(impact(1, &deps(&[(1, 2), (1, 3)])).is_empty());
    }

    proptest! {
        #[test]
        fn impact_is_exactly_the_items_with_a_path_to_the_root_at_their_shortest_distance(
            pairs in prop::collection::vec((0i64..30, 0i64..30), 0..120),
            root in 0i64..30,
        ) {
            let got = impact(root, &deps(&pairs));
            // Shortest distances by relaxing every edge until nothing changes.
            let mut distance: BTreeMap<i64, u32> = BTreeMap::from([(root, 0)]);
            loop {
                let mut changed = false;
                for &(dependant, provider) in &pairs {
                    if let Some(&d) = distance.get(&provider)
                        && distance.get(&dependant).is_none_or(|&e| e > d + 1)
                    {
                        distance.insert(dependant, d + 1);
                        changed = true;
                    }
                }
                if !changed { break; }
            }
            distance.remove(&root);
            let got_ids: BTreeSet<i64> = got.iter().map(|i| i.id).collect();
            prop_assert_eq!(got_ids.len(), got.len());
            prop_assert_eq!(&got_ids, &distance.keys().copied().collect::<BTreeSet<_>>());
            for i in &got {
                prop_assert_eq!(i.depth, distance[&i.id]);
                prop_assert!(pairs.contains(&(i.id, i.via)));
                prop_assert_eq!(i.depth, if i.via == root { 1 } else { distance[&i.via] + 1 });
            }
        }
    }
}
