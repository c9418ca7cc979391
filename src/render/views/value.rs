//! Typed views become template values: the [`view!`] macro declares a view
//! struct, the list of its fields ([`FIELDS`](crate::render::views) of each view,
//! which a test compares with the manual's tables), and its [`IntoValue`]
//! conversion, which moves every field into a JSON object: the summaries a view
//! holds are moved, never copied again (see [`super::super::pool`]).

use serde_json::{Map, Value};

/// A value that becomes a template variable.
pub(crate) trait IntoValue {
    /// The template value, made by moving `self`.
    fn into_value(self) -> Value;
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::String(self)
    }
}

impl IntoValue for &'static str {
    fn into_value(self) -> Value {
        Value::String(self.to_string())
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl IntoValue for usize {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl IntoValue for u32 {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::Null, IntoValue::into_value)
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(IntoValue::into_value).collect())
    }
}

/// Values that are already serializable data (front matter's `[extra]`, table of
/// contents entries, contributor links) go through serde.
macro_rules! through_serde {
    ($($t:ty),*) => {$(
        impl IntoValue for $t {
            fn into_value(self) -> Value {
                serde_json::to_value(&self).unwrap_or(Value::Null)
            }
        }
    )*};
}

through_serde!(
    toml::Table,
    crate::markdown::TocEntry,
    crate::content::author::AuthorLink
);

/// The fields of a JSON object `value` (empty for anything else), to build on.
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Declares a view: a struct whose fields are template variables, each with its
/// doc comment, plus `FIELDS` (their names) and [`IntoValue`]. A first line
/// `@flatten NAME: TYPE;` names a field whose own fields are laid into the view's
/// object (an article page's `article` is its summary and more); it is not listed
/// in `FIELDS`.
macro_rules! view {
    (
        $(#[$meta:meta])*
        pub(crate) struct $name:ident {
            $(@flatten $flat:ident : $flat_ty:ty;)?
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub(crate) struct $name {
            $(
                /// The object whose fields this view extends.
                pub(crate) $flat: $flat_ty,
            )?
            $( $(#[$field_meta])* pub(crate) $field: $ty, )*
        }

        impl $name {
            /// The names of the view's own fields, as templates see them.
            #[allow(dead_code)]
            pub(crate) const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl $crate::render::views::value::IntoValue for $name {
            fn into_value(self) -> serde_json::Value {
                #[allow(unused_mut, unused_assignments)]
                let mut map = serde_json::Map::new();
                $(
                    map = $crate::render::views::value::object(
                        $crate::render::views::value::IntoValue::into_value(self.$flat),
                    );
                )?
                $(
                    map.insert(
                        stringify!($field).to_string(),
                        $crate::render::views::value::IntoValue::into_value(self.$field),
                    );
                )*
                serde_json::Value::Object(map)
            }
        }
    };
}

pub(crate) use view;
