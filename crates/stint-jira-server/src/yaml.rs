//! Tempo publishes its OpenAPI document as YAML; the contract reads JSON values. This turns the one
//! into the other, as the document states it (yaml-rust2 resolves anchors and aliases itself; a
//! key that is not text, a number or a boolean fails the load rather than be guessed at).

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// The first document in `text`, as JSON.
pub fn to_json(text: &str) -> Result<Value, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let first = docs.into_iter().next().ok_or("the YAML holds no document")?;
    convert(first)
}

fn convert(yaml: Yaml) -> Result<Value, String> {
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::from(i),
        Yaml::Real(text) => {
            let x: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
            Number::from_f64(x).map(Value::Number).ok_or(format!("`{text}` is not a finite number"))?
        }
        Yaml::String(s) => Value::String(s),
        Yaml::Array(items) => Value::Array(items.into_iter().map(convert).collect::<Result<_, _>>()?),
        Yaml::Hash(pairs) => {
            let mut map = Map::new();
            for (key, value) in pairs {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    other => return Err(format!("a key the contract cannot read: {other:?}")),
                };
                map.insert(key, convert(value)?);
            }
            Value::Object(map)
        }
        Yaml::Alias(_) | Yaml::BadValue => return Err("an alias the loader did not resolve".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_becomes_the_json_it_states() {
        let text = "a: 1\nb: 'two'\nc: [true, null, 1.5]\nd:\n  '200':\n    x: y\n  404: z\n";
        assert_eq!(
            to_json(text).unwrap(),
            json!({ "a": 1, "b": "two", "c": [true, null, 1.5], "d": { "200": { "x": "y" }, "404": "z" } })
        );
        assert_eq!(to_json("a: &x 1\nb: *x\n").unwrap(), json!({ "a": 1, "b": 1 }), "the loader resolves aliases");
        assert!(to_json("a: [").is_err());
    }
}
