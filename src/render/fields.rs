//! Template contexts as short lists of named values.
//!
//! Contexts built with MiniJinja's `context!` and `..` spreads are searched
//! layer by layer: a page's variables went through three layers before a
//! lookup found `site`, and calls such as `cached(...)` missed all of them
//! before reaching the function. Every page context here is one `Fields`
//! list of a dozen names compared in order, most rejected on their length
//! alone; pages look up their variables thousands of times per build.

use minijinja::value::{Enumerator, Object, Value};
use std::sync::Arc;

/// Named values that templates see as a map (`article.title`).
#[derive(Debug, Clone, Default)]
pub struct Fields(Vec<(&'static str, Value)>);

impl Fields {
    /// No fields.
    pub fn new() -> Fields {
        Fields::default()
    }

    /// Adds `name`, which must not be there yet (a context is a map).
    pub fn push(&mut self, name: &'static str, value: impl Into<Value>) {
        debug_assert!(self.0.iter().all(|(n, _)| *n != name), "`{name}` is already a field");
        self.0.push((name, value.into()));
    }

    /// `self` with `name` added (for building a context in one expression).
    pub fn with(mut self, name: &'static str, value: impl Into<Value>) -> Fields {
        self.push(name, value);
        self
    }

    /// Adds every field of `other` (values are shared, not copied).
    pub fn extend(&mut self, other: &Fields) {
        for (name, value) in &other.0 {
            self.push(name, value.clone());
        }
    }

    /// The fields of `value` when it is a `Fields` object.
    pub fn of(value: &Value) -> Option<&Fields> {
        value.downcast_object_ref::<Fields>()
    }

    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, value)| value.clone())
    }

    /// The fields' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(name, _)| *name)
    }

    /// The fields as a MiniJinja value, for a template's context.
    pub fn into_value(self) -> Value {
        Value::from_object(self)
    }
}

impl Object for Fields {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get(key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(name, _)| Value::from(*name)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_see_fields_as_a_map() {
        let shared = Fields::new().with("site", "أرشيف").with("m", 1);
        let mut page = Fields::new().with("n", 2).with("html", Value::from_safe_string("<p>".into()));
        page.extend(&shared);
        let env = minijinja::Environment::new();
        let out = env
            .render_str(
                "{{ site }}|{{ n }}|{{ html }}|{{ missing is undefined }}|{{ page|length }}|{{ page.n }}",
                minijinja::context! { page => page.clone().into_value(), ..page.into_value() },
            )
            .unwrap();
        assert_eq!(out, "أرشيف|2|<p>|True|4|2");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "already a field")]
    fn a_name_cannot_be_added_twice() {
        let mut fields = Fields::new().with("site", 1);
        fields.extend(&Fields::new().with("site", 2));
    }
}
