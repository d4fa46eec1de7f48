//! Exactly once to Tempo, and what a Tempo worklog needs: the pure decisions, before any request.
//!
//! Tempo has no idempotency key and no worklog properties (TEMPO.md, "Idempotency"), so Jira's way
//! (the uid as a worklog property, found again by it) is not open. What Tempo offers instead, and
//! how Stint uses it:
//!
//! 1. Every create is marked in the store (`pushing`, with when) and committed before it is sent,
//!    as for Jira. Only an entry so marked is ever looked for, and a create is sent again only after
//!    the look found nothing.
//! 2. Where the site's administrator made a text work attribute for it (an `INPUT_FIELD`, not
//!    required), the create carries the entry's uid in it: the look finds the worklog by that
//!    value, whoever changed its other fields since.
//! 3. Without one, the look searches the person's worklogs on that issue and date
//!    (`POST /4/worklogs/search`) for one with exactly the entry's start date and time, length and
//!    description, made no earlier than a few minutes before the mark (Tempo's `createdAt`; the
//!    allowance covers the two clocks), and not already held by another entry. A twin that the
//!    person typed into Tempo by hand in that same minute is adopted rather than doubled: the week
//!    counts the time once either way.
//! 4. When to look is the failure policy's (`Lost`): at once after an answer that was cut off, after
//!    the in-doubt wait after a timeout (Tempo may still be writing), never after a refusal or a 429
//!    (nothing was written). A crash leaves the mark; the next run looks before anything else.
//! 5. Requests about one issue go one at a time and each outcome is recorded before the next
//!    look, so two identical entries lost together adopt two different worklogs, never one twice.
//!
//! A change or a deletion reads the worklog first (`GET /4/worklogs/{id}`) and goes ahead only when
//! the person is its author and, where the uid attribute exists, it carries the entry's uid: Stint
//! changes no one else's worklog. A replacement resends every field, as a PUT resets the rest.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use stint_tempo::{Account, AccountLink, WorkAttribute, Worklog, WorklogFields};

/// How much earlier than the mark Tempo's clock may put a create Stint sent.
pub const CLOCK_ALLOWANCE: Duration = Duration::minutes(5);

/// An entry as Tempo would hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempoEntry<'a> {
    pub uid: &'a str,
    pub issue_id: i64,
    /// The entry's local start: Tempo keeps the person's date and time.
    pub start: NaiveDateTime,
    pub seconds: i64,
    pub note: &'a str,
}

impl TempoEntry<'_> {
    /// The fields a create or a replacement sends: the uid in the site's uid attribute, if it has
    /// one, after the other attributes.
    pub fn fields(
        &self,
        me: &str,
        mut attributes: Vec<(String, String)>,
        uid_attribute: Option<&str>,
    ) -> WorklogFields {
        if let Some(key) = uid_attribute {
            attributes.retain(|(k, _)| k != key);
            attributes.push((key.to_string(), self.uid.to_string()));
        }
        WorklogFields {
            issue_id: self.issue_id,
            author: me.to_string(),
            start: self.start,
            seconds: self.seconds,
            description: self.note.to_string(),
            attributes,
        }
    }
}

/// The site's attribute for Stint's uid: a text attribute that is not required, named for Stint
/// (its administrator makes it; TEMPO.md: such an attribute must not be required, or every person
/// would have to fill it).
pub fn uid_attribute(attributes: &[WorkAttribute]) -> Option<&str> {
    attributes
        .iter()
        .find(|a| a.kind == "INPUT_FIELD" && !a.required && a.name.trim().eq_ignore_ascii_case("stint entry"))
        .map(|a| a.key.as_str())
}

/// Why `worklog` is not the entry's own, or `None` when it is.
pub fn whose_in_tempo(worklog: &Worklog, uid: &str, me: &str, uid_attribute: Option<&str>) -> Option<&'static str> {
    if worklog.author != me {
        return Some("someone else logged it");
    }
    match uid_attribute.map(|key| worklog.attribute(key)) {
        Some(Some(found)) if found != uid => Some("it carries another Stint entry's id"),
        _ => None,
    }
}

/// The entry's worklog among `found` (the person's on the entry's issue and date), after a create
/// whose answer was lost: see the module's steps 2 and 3. `held`: Tempo ids other entries hold.
pub fn find_own_in_tempo<'w>(
    found: &'w [Worklog],
    entry: &TempoEntry<'_>,
    sent_at: DateTime<Utc>,
    me: &str,
    uid_attribute: Option<&str>,
    held: &HashSet<i64>,
) -> Option<&'w Worklog> {
    let free = |w: &&Worklog| w.author == me && !held.contains(&w.id) && w.issue_id == entry.issue_id;
    if let Some(key) = uid_attribute {
        if let Some(w) = found.iter().filter(free).find(|w| w.attribute(key) == Some(entry.uid)) {
            return Some(w);
        }
    }
    found
        .iter()
        .filter(free)
        .filter(|w| uid_attribute.is_none_or(|key| w.attribute(key).is_none_or(str::is_empty)))
        .filter(|w| w.created_at.is_some_and(|made| made >= sent_at - CLOCK_ALLOWANCE))
        .filter(|w| w.start == entry.start && w.seconds == entry.seconds && w.description == entry.note)
        .min_by_key(|w| w.id)
}

/// Where the values of a worklog's required attributes come from.
#[derive(Debug, Clone, Default)]
pub struct AttributeSources<'a> {
    /// The issue's Tempo Account field (an account id), read through Jira.
    pub issue_account: Option<i64>,
    /// The accounts linked to the issue's project.
    pub project_links: &'a [AccountLink],
    pub accounts: &'a [Account],
    /// What the person chose for this issue, then for its project (account keys, or a value by
    /// attribute key for other attributes).
    pub chosen_for_issue: &'a [(String, String)],
    pub chosen_for_project: &'a [(String, String)],
}

/// A required attribute Stint cannot fill: the entry stops here, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unfilled {
    /// The attribute's name, as the site shows it.
    pub attribute: String,
    pub why: String,
    /// Whether it is the Account (else another attribute the site requires, which only the
    /// person's choice fills).
    pub account: bool,
}

/// The values of every required attribute, or the first that cannot be filled. The Account comes
/// from the issue's Account field, else the project's default account link (or its one open
/// linked account that is not global), else what the person chose for the issue, then for the
/// project; an account that is not open is never used. Other required attributes come from the
/// person's choices.
pub fn fill_attributes(
    attributes: &[WorkAttribute],
    sources: &AttributeSources<'_>,
) -> Result<Vec<(String, String)>, Unfilled> {
    let open = |id: i64| sources.accounts.iter().find(|a| a.id == id && a.is_open());
    let open_key = |key: &str| sources.accounts.iter().find(|a| a.key == key && a.is_open());
    let chosen = |key: &str| {
        sources
            .chosen_for_issue
            .iter()
            .chain(sources.chosen_for_project)
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let mut values = Vec::new();
    for attribute in attributes.iter().filter(|a| a.required) {
        let value = if attribute.kind == "ACCOUNT" {
            let linked = || {
                let open_links: Vec<&AccountLink> =
                    sources.project_links.iter().filter(|l| open(l.account_id).is_some()).collect();
                // A global account is open to every project: the project did not choose it, so
                // only the project's default or its one link of its own decides.
                let own: Vec<&&AccountLink> =
                    open_links.iter().filter(|l| open(l.account_id).is_some_and(|a| !a.global)).collect();
                open_links
                    .iter()
                    .find(|l| l.default)
                    .or_else(|| (own.len() == 1).then(|| own[0]))
                    .and_then(|l| open(l.account_id))
            };
            let by_choice = || chosen(&attribute.key).and_then(|key| open_key(&key));
            let account = sources.issue_account.and_then(open).or_else(linked).or_else(by_choice);
            match account {
                Some(a) => a.key.clone(),
                None => {
                    let why = match sources.issue_account {
                        Some(id) if open(id).is_none() => format!(
                            "the issue's {} (id {id}) is closed or unknown, and no other open one is linked or chosen",
                            attribute.name
                        ),
                        _ => format!(
                            "the issue has no {}, its project links no single open one, and none was chosen for them",
                            attribute.name
                        ),
                    };
                    return Err(Unfilled { attribute: attribute.name.clone(), why, account: true });
                }
            }
        } else {
            match chosen(&attribute.key) {
                Some(v) if attribute.kind != "STATIC_LIST" || attribute.values.contains(&v) => v,
                Some(v) => {
                    return Err(Unfilled {
                        attribute: attribute.name.clone(),
                        why: format!("`{v}` is not one of its values ({})", attribute.values.join(", ")),
                        account: false,
                    })
                }
                None => {
                    return Err(Unfilled {
                        attribute: attribute.name.clone(),
                        why: "the site requires it and none was chosen for the issue or its project".into(),
                        account: false,
                    })
                }
            }
        };
        values.push((attribute.key.clone(), value));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const ME: &str = "me-1";

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    fn sent() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z").unwrap().to_utc()
    }

    fn worklog(id: i64, start: NaiveDateTime, seconds: i64, note: &str, made_min_after: i64) -> Worklog {
        Worklog {
            id,
            issue_id: 10001,
            author: ME.into(),
            start,
            seconds,
            description: note.into(),
            attributes: Vec::new(),
            updated_at: "2026-12-01T12:00:00Z".into(),
            created_at: Some(sent() + Duration::minutes(made_min_after)),
        }
    }

    fn entry(uid: &'static str) -> TempoEntry<'static> {
        TempoEntry { uid, issue_id: 10001, start: at(9, 0), seconds: 1800, note: "Review" }
    }

    #[test]
    fn a_lost_create_is_found_by_its_uid_where_the_site_keeps_one() {
        let mut ours = worklog(7, at(10, 0), 999, "changed in Tempo since", -600);
        ours.attributes.push(("_StintEntry_".into(), "uid-a".into()));
        let mut other = worklog(8, at(9, 0), 1800, "Review", 1);
        other.attributes.push(("_StintEntry_".into(), "uid-b".into()));
        let found = [other, ours];
        let got = find_own_in_tempo(&found, &entry("uid-a"), sent(), ME, Some("_StintEntry_"), &HashSet::new());
        assert_eq!(got.map(|w| w.id), Some(7), "by the uid, whatever else changed, and never another entry's");
        let held: HashSet<i64> = [7].into();
        assert_eq!(find_own_in_tempo(&found, &entry("uid-a"), sent(), ME, Some("_StintEntry_"), &held), None);
    }

    #[test]
    fn without_a_uid_only_an_exact_fresh_unheld_twin_of_the_person_s_is_adopted() {
        let e = entry("uid-a");
        let none = HashSet::new();
        let find =
            |found: &[Worklog], held: &HashSet<i64>| find_own_in_tempo(found, &e, sent(), ME, None, held).map(|w| w.id);
        assert_eq!(find(&[worklog(5, at(9, 0), 1800, "Review", 0)], &none), Some(5));
        assert_eq!(find(&[worklog(5, at(9, 0), 1800, "Review", -4)], &none), Some(5), "within the clocks' allowance");
        for (what, w) in [
            ("made well before the mark", worklog(5, at(9, 0), 1800, "Review", -60)),
            ("another start", worklog(5, at(9, 1), 1800, "Review", 0)),
            ("another length", worklog(5, at(9, 0), 1860, "Review", 0)),
            ("another description", worklog(5, at(9, 0), 1800, "Reviews", 0)),
            ("someone else's", Worklog { author: "them".into(), ..worklog(5, at(9, 0), 1800, "Review", 0) }),
            ("another issue", Worklog { issue_id: 10002, ..worklog(5, at(9, 0), 1800, "Review", 0) }),
            ("no createdAt", Worklog { created_at: None, ..worklog(5, at(9, 0), 1800, "Review", 0) }),
        ] {
            assert_eq!(find(&[w], &none), None, "{what}");
        }
        // Two identical entries lost together: each adopts its own, lowest id first.
        let twins = [worklog(9, at(9, 0), 1800, "Review", 0), worklog(6, at(9, 0), 1800, "Review", 0)];
        assert_eq!(find(&twins, &none), Some(6));
        assert_eq!(find(&twins, &[6].into()), Some(9));
        assert_eq!(find(&twins, &[6, 9].into()), None, "a third is created, not doubled onto one");
    }

    #[test]
    fn a_site_with_a_uid_attribute_adopts_by_content_only_worklogs_without_a_uid() {
        let mut someone_elses_entry = worklog(5, at(9, 0), 1800, "Review", 0);
        someone_elses_entry.attributes.push(("_StintEntry_".into(), "uid-z".into()));
        let plain = worklog(6, at(9, 0), 1800, "Review", 0);
        let found = [someone_elses_entry, plain];
        let got = find_own_in_tempo(&found, &entry("uid-a"), sent(), ME, Some("_StintEntry_"), &HashSet::new());
        assert_eq!(got.map(|w| w.id), Some(6));
    }

    #[test]
    fn only_the_person_s_own_worklogs_are_changed() {
        let mut w = worklog(5, at(9, 0), 1800, "Review", 0);
        assert_eq!(whose_in_tempo(&w, "uid-a", ME, None), None);
        assert_eq!(whose_in_tempo(&w, "uid-a", "someone", None), Some("someone else logged it"));
        w.attributes.push(("_StintEntry_".into(), "uid-b".into()));
        assert_eq!(whose_in_tempo(&w, "uid-a", ME, Some("_StintEntry_")), Some("it carries another Stint entry's id"));
        assert_eq!(whose_in_tempo(&w, "uid-b", ME, Some("_StintEntry_")), None);
    }

    #[test]
    fn the_uid_goes_in_the_site_s_attribute_when_it_has_one() {
        let attribute = |key: &str, name: &str, kind: &str, required| WorkAttribute {
            key: key.into(),
            name: name.into(),
            kind: kind.into(),
            required,
            values: Vec::new(),
        };
        let site = [
            attribute("_Account_", "Account", "ACCOUNT", true),
            attribute("_StintEntry_", "Stint entry", "INPUT_FIELD", false),
        ];
        assert_eq!(uid_attribute(&site), Some("_StintEntry_"));
        assert_eq!(
            uid_attribute(&[attribute("_X_", "Stint entry", "INPUT_FIELD", true)]),
            None,
            "never a required one"
        );
        let fields = entry("uid-a").fields(ME, vec![("_Account_".into(), "ACME".into())], Some("_StintEntry_"));
        assert_eq!(
            fields.attributes,
            vec![("_Account_".to_string(), "ACME".to_string()), ("_StintEntry_".to_string(), "uid-a".to_string())]
        );
        assert_eq!((fields.issue_id, fields.start, fields.description.as_str()), (10001, at(9, 0), "Review"));
    }

    fn account(id: i64, key: &str, status: &str) -> Account {
        Account { id, key: key.into(), name: key.into(), status: status.into(), global: false }
    }

    #[test]
    fn a_required_account_is_filled_from_the_issue_the_project_or_a_choice_or_stops_the_entry() {
        let required = [WorkAttribute {
            key: "_Account_".into(),
            name: "Account".into(),
            kind: "ACCOUNT".into(),
            required: true,
            values: Vec::new(),
        }];
        let accounts = [account(1, "ACME", "OPEN"), account(2, "INTERNAL", "OPEN"), account(3, "OLDCO", "CLOSED")];
        let links = [AccountLink { account_id: 2, default: false }, AccountLink { account_id: 1, default: true }];
        let one_link = [AccountLink { account_id: 2, default: false }];
        let two_links = [AccountLink { account_id: 1, default: false }, AccountLink { account_id: 2, default: false }];
        let chosen = [("_Account_".to_string(), "INTERNAL".to_string())];
        let fill = |sources: AttributeSources<'_>| fill_attributes(&required, &sources).map(|v| v[0].1.clone());
        let base = AttributeSources { accounts: &accounts, ..AttributeSources::default() };
        assert_eq!(
            fill(AttributeSources { issue_account: Some(2), project_links: &links, ..base.clone() }),
            Ok("INTERNAL".into())
        );
        assert_eq!(
            fill(AttributeSources { project_links: &links, ..base.clone() }),
            Ok("ACME".into()),
            "the project's default"
        );
        assert_eq!(
            fill(AttributeSources { project_links: &one_link, ..base.clone() }),
            Ok("INTERNAL".into()),
            "its one link"
        );
        assert_eq!(
            fill(AttributeSources { project_links: &two_links, chosen_for_project: &chosen, ..base.clone() }),
            Ok("INTERNAL".into()),
            "two links and no default: the person's choice"
        );
        assert_eq!(
            fill(AttributeSources { issue_account: Some(3), project_links: &links, ..base.clone() }),
            Ok("ACME".into()),
            "a closed account on the issue is passed over"
        );
        let everyone = [account(4, "GLOBAL", "OPEN")].map(|a| Account { global: true, ..a });
        let with_global: Vec<Account> = accounts.iter().cloned().chain(everyone).collect();
        let global_link = [AccountLink { account_id: 4, default: false }, AccountLink { account_id: 3, default: true }];
        let only_global = AttributeSources { accounts: &with_global, project_links: &global_link, ..base.clone() };
        assert!(fill(only_global.clone()).is_err(), "a global account is no project's choice");
        let own_and_global =
            [AccountLink { account_id: 4, default: false }, AccountLink { account_id: 2, default: false }];
        assert_eq!(
            fill(AttributeSources { project_links: &own_and_global, ..only_global.clone() }),
            Ok("INTERNAL".into()),
            "the project's one link of its own, beside a global one"
        );
        let global_default = [AccountLink { account_id: 4, default: true }];
        assert_eq!(
            fill(AttributeSources { project_links: &global_default, ..only_global }),
            Ok("GLOBAL".into()),
            "a global account the project made its default"
        );
        let stopped = fill(AttributeSources { project_links: &two_links, ..base.clone() }).unwrap_err();
        assert_eq!(stopped.attribute, "Account");
        assert!(stopped.why.contains("none was chosen"), "{}", stopped.why);
        let closed = fill(AttributeSources { issue_account: Some(3), ..base.clone() }).unwrap_err();
        assert!(closed.why.contains("closed or unknown"), "{}", closed.why);
        let wrong_choice = [("_Account_".to_string(), "OLDCO".to_string())];
        assert!(
            fill(AttributeSources { chosen_for_issue: &wrong_choice, ..base }).is_err(),
            "a closed choice is not used"
        );
    }

    #[test]
    fn other_required_attributes_come_from_the_person_s_choices() {
        let list = WorkAttribute {
            key: "_Phase_".into(),
            name: "Phase".into(),
            kind: "STATIC_LIST".into(),
            required: true,
            values: vec!["Build".into(), "Run".into()],
        };
        let optional = WorkAttribute {
            key: "_Note_".into(),
            name: "Note".into(),
            kind: "INPUT_FIELD".into(),
            required: false,
            values: Vec::new(),
        };
        let attributes = [list, optional];
        let good = [("_Phase_".to_string(), "Run".to_string())];
        let bad = [("_Phase_".to_string(), "Fly".to_string())];
        let sources = |chosen| AttributeSources { chosen_for_project: chosen, ..AttributeSources::default() };
        assert_eq!(fill_attributes(&attributes, &sources(&good)), Ok(vec![("_Phase_".into(), "Run".into())]));
        assert!(fill_attributes(&attributes, &sources(&bad)).unwrap_err().why.contains("Build, Run"));
        assert!(fill_attributes(&attributes, &sources(&[])).is_err());
    }
}
