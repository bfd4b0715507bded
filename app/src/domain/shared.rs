//! [`Shared`]: a value that many readers hold at once without copying it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;

/// A value behind an [`Arc`], written and read as the value itself: a clone costs a reference
/// count, not a copy. For large read-only parts of a page's data (a published agenda and its
/// changelog), which the server keeps once made and every request, resource and render clones.
/// [`Shared::make_mut`] copies the value only when another holder still reads it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }

    /// Whether `a` and `b` hold the very same value (not merely equal ones).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl<T: Clone> Shared<T> {
    /// The value to change: this holder's own (copied first if others hold it too).
    pub fn make_mut(&mut self) -> &mut T {
        Arc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared::new(value)
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Shared::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn clones_share_until_one_changes_and_serde_sees_the_value() {
        let a = Shared::new(vec![1, 2, 3]);
        let mut b = a.clone();
        assert!(std::ptr::eq(&*a, &*b));
        assert!(Shared::ptr_eq(&a, &b));
        b.make_mut().push(4);
        assert_eq!(*a, vec![1, 2, 3]);
        assert_eq!(*b, vec![1, 2, 3, 4]);
        assert!(!Shared::ptr_eq(&a, &b) && !Shared::ptr_eq(&a, &Shared::new(vec![1, 2, 3])));
        let mut only = Shared::new(vec![1]);
        let before: *const Vec<i32> = &*only;
        only.make_mut().push(2);
        assert!(std::ptr::eq(before, &*only), "a sole holder changes its value in place");
        assert_eq!(serde_json::to_string(&b).unwrap(), "[1,2,3,4]");
        assert_eq!(serde_json::from_str::<Shared<Vec<i32>>>("[5]").unwrap(), Shared::new(vec![5]));
    }
}
