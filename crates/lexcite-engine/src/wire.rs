//! How request bodies are read where serde's defaults are looser or stricter than the
//! OpenAPI spec: a nested object must be an object (serde would also read a struct from an
//! array of its fields), a whole number may be written `5.0` (JSON Schema's `integer` allows
//! it), and the schemas of the enumerations the engine reads from free text.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};

use lexcite_core::{DocType, UnitKind};

/// Reads `T` only from a JSON object.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    struct ObjectOnly<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOnly<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(ObjectOnly(PhantomData))
}

/// Reads a count written as an integer, or as a number with no fraction (`5.0`).
pub fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    struct Whole;
    impl Visitor<'_> for Whole {
        type Value = usize;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<usize, E> {
            usize::try_from(v).map_err(|_| E::custom(format!("{v} is not a count")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<usize, E> {
            if v.fract() == 0.0 && v >= 0.0 && v <= u32::MAX as f64 {
                Ok(v as usize)
            } else {
                Err(E::custom(format!("{v} is not a whole number")))
            }
        }
    }
    d.deserialize_any(Whole)
}

fn names<T: serde::Serialize>(values: impl Iterator<Item = T>) -> Vec<String> {
    values
        .filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_string))
        .collect()
}

/// The unit kinds a search filter takes.
pub fn kinds_schema() -> impl Into<RefOr<Schema>> {
    ArrayBuilder::new().items(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(names(UnitKind::ALL.iter()))),
    )
}

/// The document types a search filter takes: the English names, or the Vietnamese ones
/// (or null, for none).
pub fn doc_type_schema() -> impl Into<RefOr<Schema>> {
    let mut values: Vec<serde_json::Value> = names(DocType::all())
        .into_iter()
        .chain(DocType::all().map(|t| t.name().to_string()))
        .map(serde_json::Value::String)
        .collect();
    values.dedup();
    values.push(serde_json::Value::Null);
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(values))
        .description(Some(
            "Document type: `law`, `decree`, `resolution`, … or its Vietnamese name (\"Luật\", \"Nghị định\").",
        ))
        .examples(["law"])
}
