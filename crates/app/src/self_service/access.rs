//! Self-service's capabilities, and who may read and change an article: staff and auditors
//! read every article of the organisations whose configuration they read (their own
//! subtree, the organisations above theirs, and global articles), drafts and internal ones
//! included; everyone else reads only the published public ones of those organisations.
//! Writers change articles of their own organisations (global ones: only people whose
//! organisations are the whole tree). Another organisation's article is not found.

use helmdesk_domain::Role;
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::self_service::kb::{ArticleRow, KbCategoryRow};

use crate::platform::access::{Capability, scoped};
use crate::{Actor, AppError};

/// What self-service lets people do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfServicePermission {
    /// Use the employees' portal: search, read public articles, order from the catalog.
    UsePortal,
    /// Read the catalog requests of one's organisations (staff and auditors).
    ReadRequests,
    /// Create and change the catalog's items and categories.
    ManageCatalog,
    /// Read every article of one's organisations: internal ones, drafts, archived ones,
    /// their versions and figures.
    ReadArticles,
    /// Write articles and submit them for review.
    WriteArticles,
    /// Publish and archive articles.
    PublishArticles,
    /// Create and rename the knowledge base's categories.
    ManageArticleCategories,
}

impl Capability for SelfServicePermission {
    const MATRIX: &'static [(Self, &'static [Role])] = {
        use Role::*;
        &[
            (SelfServicePermission::UsePortal, &[Requester, Agent, Manager, Admin, Auditor]),
            (SelfServicePermission::ReadRequests, &[Agent, Manager, Admin, Auditor]),
            (SelfServicePermission::ManageCatalog, &[Manager, Admin]),
            (SelfServicePermission::ReadArticles, &[Agent, Manager, Admin, Auditor]),
            (SelfServicePermission::WriteArticles, &[Agent, Manager, Admin]),
            (SelfServicePermission::PublishArticles, &[Manager, Admin]),
            (SelfServicePermission::ManageArticleCategories, &[Manager, Admin]),
        ]
    };
}

scoped!(ArticleRow, KbCategoryRow);

impl Actor {
    /// Whether the actor may read `article`.
    pub fn reads_article(&self, article: &ArticleRow) -> bool {
        self.reads_scope(article.organisation_id)
            && (self.can(SelfServicePermission::ReadArticles)
                || (article.state == ArticleState::Published.as_str()
                    && article.visibility == ArticleVisibility::Public.as_str()))
    }

    /// `article` if the actor may read it; not found otherwise.
    pub fn readable_article(&self, article: ArticleRow) -> Result<ArticleRow, AppError> {
        if self.reads_article(&article) { Ok(article) } else { Err(AppError::NotFound) }
    }

    /// `article` if the actor may change it: not found when they may not read it, 403
    /// when they may only read it.
    pub fn writable_article(&self, article: ArticleRow) -> Result<ArticleRow, AppError> {
        let article = self.readable_article(article)?;
        self.require(SelfServicePermission::WriteArticles)?;
        self.require_scope(article.organisation_id)?;
        Ok(article)
    }

    /// The organisations whose articles the actor may list (`None`: every one).
    pub fn article_organisations(&self) -> Option<Vec<i64>> {
        self.organisation_scope().map(|mut orgs| {
            orgs.extend(&self.above);
            orgs
        })
    }
}
