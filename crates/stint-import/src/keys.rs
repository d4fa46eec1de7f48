//! Which Jira issue a source entry belongs to. People keep the key in different places: a tag
//! (`ABC-12`), the project (`ABC-12 Login page`), the description (`fix ABC-12`). By default the
//! first thing that is a key wins, looking at the tags, then the project, then the description;
//! `--key-from` limits the search to one place. Names that are not keys ("Code review") are mapped
//! by the user's map file, looked up only when no key is found.

use std::collections::HashMap;

use stint_domain::IssueKey;

use crate::error::ImportError;
use crate::text::echo;
use crate::Names;

/// Where issue keys are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFrom {
    Tag,
    Project,
    Description,
}

impl KeyFrom {
    pub fn parse(text: &str) -> Result<KeyFrom, ImportError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "tag" | "tags" => Ok(KeyFrom::Tag),
            "project" => Ok(KeyFrom::Project),
            "description" | "annotation" => Ok(KeyFrom::Description),
            _ => Err(ImportError::BadKeyFrom(echo(text))),
        }
    }
}

/// Names mapped to issue keys, from a file of `"Code review" = "ENG-12"` lines (TOML).
#[derive(Debug, Clone, Default)]
pub struct KeyMap(HashMap<String, IssueKey>);

impl KeyMap {
    /// Reads a map file's text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<KeyMap, ImportError> {
        let bad = |problem: String| ImportError::BadMap { file: file.to_string(), problem };
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            bad(format!("{}{}", line.map(|l| format!("line {l}: ")).unwrap_or_default(), e.message()))
        })?;
        let mut map = HashMap::new();
        for (name, value) in table {
            let key = value
                .as_str()
                .ok_or_else(|| bad(format!("`{}` is not mapped to an issue key in quotes", echo(&name))))?;
            let key = IssueKey::parse(key).map_err(|_| {
                bad(format!("`{}` is mapped to `{}`, which is not a Jira issue key", echo(&name), echo(key)))
            })?;
            map.insert(name.trim().to_string(), key);
        }
        Ok(KeyMap(map))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn get(&self, name: &str) -> Option<&IssueKey> {
        self.0.get(name.trim())
    }
}

/// A key written as a whole value (a tag `abc-12`, any case), or as a word inside a longer text
/// (written in capitals there, `ABC-12`, so `covid-19` in a description is not taken for a key).
fn key_in(text: &str, whole_any_case: bool) -> Option<IssueKey> {
    if whole_any_case {
        if let Ok(key) = IssueKey::parse(text) {
            return Some(key);
        }
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(|w| w.trim_matches('-'))
        .filter(|w| {
            w.bytes().next().is_some_and(|b| b.is_ascii_uppercase()) && !w.bytes().any(|b| b.is_ascii_lowercase())
        })
        .find_map(|w| IssueKey::parse(w).ok())
}

/// The entry's issue, and the name it came from, or `None` when nothing gives one.
pub fn find_key(names: &Names, from: Option<KeyFrom>, map: &KeyMap) -> Option<(IssueKey, String)> {
    let places: &[KeyFrom] = match from {
        Some(KeyFrom::Tag) => &[KeyFrom::Tag],
        Some(KeyFrom::Project) => &[KeyFrom::Project],
        Some(KeyFrom::Description) => &[KeyFrom::Description],
        None => &[KeyFrom::Tag, KeyFrom::Project, KeyFrom::Description],
    };
    let values = |place: KeyFrom| -> Vec<(&str, bool)> {
        match place {
            KeyFrom::Tag => names.tags.iter().map(|t| (t.as_str(), true)).collect(),
            KeyFrom::Project => names.projects.iter().map(|p| (p.as_str(), true)).collect(),
            KeyFrom::Description => names.description.iter().map(|d| (d.as_str(), false)).collect(),
        }
    };
    for &place in places {
        for (value, whole) in values(place) {
            if let Some(key) = key_in(value, whole) {
                return Some((key.clone(), key.to_string()));
            }
        }
    }
    for &place in places {
        for (value, _) in values(place) {
            if let Some(key) = map.get(value) {
                return Some((key.clone(), value.trim().to_string()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(tags: &[&str], project: &[&str], description: Option<&str>) -> Names {
        Names {
            tags: tags.iter().map(|s| s.to_string()).collect(),
            projects: project.iter().map(|s| s.to_string()).collect(),
            description: description.map(str::to_string),
        }
    }

    fn key(names: &Names, from: Option<KeyFrom>, map: &KeyMap) -> Option<String> {
        find_key(names, from, map).map(|(k, _)| k.to_string())
    }

    #[test]
    fn first_key_wins_in_order() {
        let map = KeyMap::default();
        let n = names(&["review", "abc-7"], &["ENG-3 Login"], Some("fix OPS-9 now"));
        assert_eq!(key(&n, None, &map).as_deref(), Some("ABC-7"));
        assert_eq!(key(&n, Some(KeyFrom::Project), &map).as_deref(), Some("ENG-3"));
        assert_eq!(key(&n, Some(KeyFrom::Description), &map).as_deref(), Some("OPS-9"));
        let covid = names(&[], &[], Some("covid-19 notes, see e-2"));
        assert_eq!(key(&covid, None, &map), None);
    }

    #[test]
    fn the_map_names_other_things() {
        let map = KeyMap::parse("map.toml", "\"Code review\" = \"ENG-12\"\nmeetings = \"ops-1\"\n").unwrap();
        assert_eq!(map.len(), 2);
        let n = names(&["meetings"], &["Code review"], None);
        assert_eq!(find_key(&n, None, &map), Some((IssueKey::parse("OPS-1").unwrap(), "meetings".into())));
        assert_eq!(key(&n, Some(KeyFrom::Project), &map).as_deref(), Some("ENG-12"));
        // A key in the entry wins over a mapped name.
        let n = names(&["meetings", "ABC-1"], &[], None);
        assert_eq!(key(&n, None, &map).as_deref(), Some("ABC-1"));
    }

    #[test]
    fn bad_maps_say_where() {
        let err = KeyMap::parse("map.toml", "a = \"ENG-1\"\nb = \"nope\"\n").unwrap_err().to_string();
        assert!(err.contains("`b` is mapped to `nope`"), "{err}");
        let err = KeyMap::parse("map.toml", "a = \"ENG-1\"\n\"b = \"ENG-2\"\n").unwrap_err().to_string();
        assert!(err.starts_with("map.toml: line 2"), "{err}");
        let err = KeyMap::parse("map.toml", "a = 3\n").unwrap_err().to_string();
        assert!(err.contains("not mapped to an issue key"), "{err}");
        assert!(KeyFrom::parse("tags").is_ok() && KeyFrom::parse("client").is_err());
    }
}
