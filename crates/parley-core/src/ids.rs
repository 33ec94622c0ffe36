//! Newtype ids, so an actor id is never passed where an issue id belongs.

use std::fmt;

macro_rules! id_type {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wrap a string (validation happens in [`crate::Scenario::from_raw`]).
            pub fn new(s: &str) -> Self {
                Self(s.to_owned())
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(ActorId, "The id of an actor.");
id_type!(IssueId, "The id of an issue.");
