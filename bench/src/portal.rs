//! The self-service seed, for the portal's scenarios: a knowledge base of published
//! articles (most public, most for every organisation, some translated into Dutch), read
//! with a long tail, and a catalog of items in the ticket categories, offered to everyone.
//! The employee who searches is one of the seed's requesters with a password and a few
//! thousand tickets of her own (see `seed`).

use std::time::Instant;

use helmdesk_app::App;
use helmdesk_app::self_service::catalog::{NewCatalogCategory, NewCatalogItem};
use helmdesk_app::self_service::kb_html::{sanitise, text_of};
use helmdesk_domain::self_service::kb::{ArticleState, ArticleVisibility};
use helmdesk_store::self_service::kb::{ArticleRow, KbCategoryRow};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::text::{self, CATEGORIES, Zipf};

/// How much to make.
pub struct PortalPlan {
    pub articles: usize,
    /// Views of the articles, the first articles read most.
    pub views: usize,
}

/// What the self-service seed made, and whom the portal's scenarios search as.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PortalManifest {
    /// Articles in English, and the Dutch translations of some of them.
    pub articles: usize,
    pub translations: usize,
    pub views: usize,
    pub catalog_items: usize,
    /// The employee who searches (the manifest's password), and how many tickets she filed.
    pub requester_email: String,
    pub requester_tickets: usize,
    /// Numbers of some of her tickets, to search by number.
    pub ticket_numbers: Vec<String>,
    /// How long the self-service seed took, in seconds.
    pub seconds: f64,
}

/// One article in ten has a Dutch translation.
const TRANSLATED_EVERY: usize = 10;
/// Articles per ten thousand that carry a rare word.
const RARE_PER_TEN_THOUSAND: f64 = 10.0;

/// Writes the knowledge base and the catalog. `admin` is an administrator of the root
/// organisation; `organisations` every organisation (the root first). Returns how many
/// articles, translations and catalog items it wrote.
pub async fn seed(
    app: &App,
    plan: &PortalPlan,
    admin: i64,
    organisations: &[i64],
    seed: u64,
) -> anyhow::Result<(usize, usize, usize)> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x9047a1);
    let started = Instant::now();
    let (ids, translations) = articles(app, plan, admin, organisations, &mut rng).await?;
    println!("articles: {} and {translations} translations in {:.1}s", ids.len(), started.elapsed().as_secs_f64());
    let views = views(app, plan, &ids, &mut rng).await?;
    let items = catalog(app, admin).await?;
    println!("self-service: {views} views, {items} catalog items in {:.1}s", started.elapsed().as_secs_f64());
    Ok((ids.len(), translations, items))
}

/// Published articles in a category per ticket category; most public and for every
/// organisation, the rest internal or of one subsidiary.
async fn articles(
    app: &App,
    plan: &PortalPlan,
    admin: i64,
    organisations: &[i64],
    rng: &mut StdRng,
) -> anyhow::Result<(Vec<i64>, usize)> {
    let store = app.store();
    let now = app.now_micros();
    let mut categories = Vec::new();
    for c in CATEGORIES {
        let row = KbCategoryRow { name: c.name.into(), created_at: now, updated_at: now, ..Default::default() };
        categories.push(store.create_kb_category(&row).await?.id);
    }
    let zipf = Zipf::default();
    let rare_chance = RARE_PER_TEN_THOUSAND / 10_000.0;
    let (mut written, mut translated) = (Vec::with_capacity(plan.articles), 0);
    for n in 0..plan.articles {
        let c = rng.random_range(0..CATEGORIES.len());
        let rare = rng.random_bool(rare_chance);
        let (title, summary, body) = text::article(rng, &zipf, &CATEGORIES[c], rare);
        let organisation_id = if rng.random_bool(0.7) { None } else { organisations.choose(rng).copied() };
        let visibility = if rng.random_bool(0.8) { ArticleVisibility::Public } else { ArticleVisibility::Internal };
        let body = sanitise(&body);
        let created_at = now - (plan.articles - n) as i64 * 60_000_000;
        let row = ArticleRow {
            organisation_id,
            category_id: Some(categories[c]),
            language: "en".into(),
            title,
            summary,
            body_text: text_of(&body),
            body,
            visibility: visibility.as_str().into(),
            state: ArticleState::Published.as_str().into(),
            owner_id: admin,
            version: 1,
            created_by: Some(admin),
            created_at,
            updated_at: created_at,
            published_at: Some(created_at),
            ..Default::default()
        };
        let saved = store.create_article(&row).await?;
        written.push(saved.id);
        if n % TRANSLATED_EVERY == 0 {
            let dutch = ArticleRow {
                translation_of: Some(saved.id),
                language: "nl".into(),
                title: format!("Handleiding: {}", row.title),
                ..row
            };
            store.create_article(&dutch).await?;
            translated += 1;
        }
    }
    Ok((written, translated))
}

/// `plan.views` views, the first articles read most (the k-th about 1/k as often as the
/// first), so that "most read" has a long tail to sort.
async fn views(app: &App, plan: &PortalPlan, ids: &[i64], rng: &mut StdRng) -> anyhow::Result<usize> {
    let store = app.store();
    let now = app.now_micros();
    if ids.is_empty() {
        return Ok(0);
    }
    for _ in 0..plan.views {
        // 1/k: an exponential draw over the log of the rank.
        let rank = (ids.len() as f64).powf(rng.random::<f64>()) as usize;
        let id = ids[rank.saturating_sub(1).min(ids.len() - 1)];
        store.record_article_view(id, None, "page", now).await?;
    }
    Ok(plan.views)
}

/// An item per thing of each ticket category (up to four), in a catalog category of the
/// same name, with a short form, for everyone.
async fn catalog(app: &App, admin: i64) -> anyhow::Result<usize> {
    let admin = app.actor_by_id(admin).await?;
    let mut items = 0;
    for c in CATEGORIES {
        let new = NewCatalogCategory { name: c.name.into(), organisation_id: None };
        let category = app.create_catalog_category(&admin, &new).await?.id;
        for thing in c.things.iter().take(4) {
            let item: NewCatalogItem = serde_json::from_value(serde_json::json!({
                "name": format!("New {thing}"),
                "description": format!("Order a {thing}: {}.", c.description.to_lowercase()),
                "category_id": category,
                "delivery_days": 5,
                "fields": [
                    {"key": "reason", "label": "Why do you need it?", "kind": "text", "required": true},
                    {"key": "needed_by", "label": "Needed by", "kind": "date"}
                ]
            }))?;
            app.create_catalog_item(&admin, &item).await?;
            items += 1;
        }
    }
    Ok(items)
}
