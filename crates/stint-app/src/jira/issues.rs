//! Issues to pick from: Jira's search once signed in (the summaries it returns are kept a while,
//! for the picker offline), or, offline or not signed in, the issues tracked lately here.

use std::sync::Arc;

use chrono::Utc;
use stint_domain::IssueKey;
use stint_jira::{FoundIssue, Jira};

use super::{blocking, runtime};
use crate::facade::SharedStore;
use crate::{AppError, Stint};

/// How long issue summaries are kept.
pub(crate) const SUMMARY_RETENTION_DAYS: i64 = 30;

/// Issues for a picker: from Jira, or (offline) the recent ones tracked here.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IssueList {
    /// `jira`, or `recent` when Jira could not be asked.
    pub source: &'static str,
    pub issues: Vec<FoundIssue>,
    /// Why Jira was not asked, when it was not.
    pub offline_reason: Option<String>,
}

/// A search ready to run on the shell's runtime (see the module `jira`).
#[derive(Debug)]
pub struct IssueSearch {
    /// Each site signed in, with its session, or why there is none; the default first. With no
    /// session at all, the recent issues answer.
    sites: Vec<(String, Result<Arc<Jira>, AppError>)>,
    store: SharedStore,
    text: Option<String>,
}

impl Stint {
    /// Prepares a search for `text` (none: the issues assigned to you lately).
    pub fn issue_search(&mut self, text: Option<&str>) -> IssueSearch {
        let text = text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        let stored = self.store().read(|tx| tx.sites());
        let sites = match stored {
            Ok(sites) if !sites.is_empty() => sites
                .into_iter()
                .filter(|s| s.is_default || !s.connection.needs_sign_in)
                .map(|s| {
                    let session = self.site_session(&s);
                    (s.connection.site, session)
                })
                .collect(),
            Ok(_) => vec![(String::new(), Err(stint_jira::JiraError::NotSignedIn.into()))],
            Err(e) => vec![(String::new(), Err(e.into()))],
        };
        IssueSearch { sites, store: self.shared_store(), text }
    }

    /// Issues to pick from (blocking): matching `text` in Jira, or (no text) assigned to you
    /// lately. Offline, or not signed in, the issues tracked lately here, with their kept summaries.
    /// The issues tracked here lately, newest first, with their kept summaries (no request to
    /// Jira): what one click starts again.
    pub fn recent_issues(&mut self, limit: usize) -> Result<Vec<FoundIssue>, AppError> {
        let since = self.now() - chrono::Duration::days(SUMMARY_RETENTION_DAYS);
        self.store().read(|tx| {
            let (recent, summaries) = (tx.recent_issues(limit.clamp(1, 50))?, tx.summaries_since(since)?);
            // With several sites, each says where tracking it again goes: its latest entry's.
            let several = tx.sites()?.len() > 1;
            recent
                .into_iter()
                .map(|(key, _)| {
                    Ok(FoundIssue {
                        summary: summaries.get(key.as_str()).cloned().unwrap_or_default(),
                        site: if several { tx.site_of_latest(&key)? } else { None },
                        key: key.to_string(),
                    })
                })
                .collect::<Result<_, AppError>>()
        })
    }

    pub fn find_issues(&mut self, text: Option<&str>) -> Result<IssueList, AppError> {
        let search = self.issue_search(text);
        runtime()?.block_on(search.run())
    }
}

impl IssueSearch {
    /// Asks every site signed in (one after the other) and answers with what they found, each
    /// issue named once (the first site's), each with its site when there are several. A site
    /// that cannot be asked is left out while another answers.
    pub async fn run(self) -> Result<IssueList, AppError> {
        let IssueSearch { sites, store, text } = self;
        let several = sites.iter().filter(|(_, s)| s.is_ok()).count() > 1;
        let mut found: Option<Vec<FoundIssue>> = None;
        let mut first_error = None;
        for (site, session) in sites {
            let answer = match session {
                Ok(jira) => match &text {
                    Some(t) => jira.pick(t).await,
                    None => jira.assigned_recently().await,
                }
                .map_err(AppError::from),
                Err(e) => Err(e),
            };
            match answer {
                Ok(issues) => {
                    let all = found.get_or_insert_with(Vec::new);
                    for issue in issues {
                        if !all.iter().any(|i| i.key == issue.key) {
                            all.push(FoundIssue { site: several.then(|| site.clone()), ..issue });
                        }
                    }
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let found = match (found, first_error) {
            (Some(issues), _) => Ok(issues),
            (None, Some(e)) => Err(e),
            (None, None) => Err(stint_jira::JiraError::NotSignedIn.into()),
        };
        match found {
            Ok(issues) => keep_summaries(&store, issues).await,
            // Jira cannot be asked now (offline, not signed in): the issues tracked here answer.
            Err(e) if matches!(&e, AppError::Jira(j) if j.class() != stint_jira::Class::Permanent) => {
                recent_issues(&store, text, e.to_string()).await
            }
            Err(e) => Err(e),
        }
    }
}

/// The issues tracked lately here, matching `text`, with their kept summaries.
async fn recent_issues(store: &SharedStore, text: Option<String>, why: String) -> Result<IssueList, AppError> {
    let wanted = text.map(|t| t.to_lowercase());
    blocking(store, move |store| {
        let now = Utc::now();
        let recent = store.write(|tx| -> Result<_, AppError> {
            tx.prune_summaries(now - chrono::Duration::days(SUMMARY_RETENTION_DAYS))?;
            Ok(tx.recent_issues(50)?)
        })?;
        let issues = recent
            .into_iter()
            .map(|(key, summary)| FoundIssue { key: key.to_string(), summary: summary.unwrap_or_default(), site: None })
            .filter(|i| {
                wanted.as_ref().is_none_or(|w| i.key.to_lowercase().contains(w) || i.summary.to_lowercase().contains(w))
            })
            .collect();
        Ok(IssueList { source: "recent", issues, offline_reason: Some(why) })
    })
    .await
}

/// Keeps what Jira found (for the picker offline, `SUMMARY_RETENTION_DAYS`), and answers with it.
async fn keep_summaries(store: &SharedStore, issues: Vec<FoundIssue>) -> Result<IssueList, AppError> {
    blocking(store, move |store| {
        let now = Utc::now();
        store.write(|tx| -> Result<(), AppError> {
            for issue in &issues {
                if let Ok(key) = IssueKey::parse(&issue.key) {
                    tx.keep_summary(&key, &issue.summary, now)?;
                }
            }
            tx.prune_summaries(now - chrono::Duration::days(SUMMARY_RETENTION_DAYS))?;
            Ok(())
        })?;
        Ok(IssueList { source: "jira", issues, offline_reason: None })
    })
    .await
}
