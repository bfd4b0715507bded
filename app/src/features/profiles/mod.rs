//! National technical working groups and migration profiles: each member state's group (its
//! ministries, members, chair and meetings), the state's migration profile editions (standard
//! chapters in three languages and an indicator table; draft → review → validated → published,
//! immutable once published) and the regional table of the latest published values. It reads
//! meetings (the groups' meetings) and nothing above them.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
