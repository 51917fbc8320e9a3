//! Discovery's pages: the enrolment tokens agents report with (`/assets/agents`), where a
//! new token is shown once with the lines that set an agent up, and a device's last
//! inventory as its asset page shows it.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use helmdesk_app::AppError;
use helmdesk_app::assets::access::AssetPermission;
use helmdesk_app::assets::discovery::{AgentToken, Inventory, IssuedAgentToken, NewAgentToken};
use serde::Deserialize;

use crate::AppState;
use crate::extract::ApiPath;
use crate::platform::auth::{UiForm, UiUser};
use crate::platform::ui::i18n::Tr;
use crate::routes::Routes;
use crate::ui::{Choice, Nav, NoFields, UiError, choices, invalid_text, render_refusable};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .get("/assets/agents", page)
        .requires(AssetPermission::Configure)
        .post("/assets/agents", create)
        .requires(AssetPermission::Configure)
        .post("/assets/agents/{id}/revoke", revoke)
        .requires(AssetPermission::Configure)
}

/// The agents that report, each named by a message `inventory-agent-<agent>`.
pub(super) const AGENTS: [&str; 2] = ["fusioninventory", "helmdesk-agent"];

/// Where FusionInventory agents send their inventories, under the public address.
const FUSIONINVENTORY_PATH: &str = "/api/v1/inventory/fusioninventory";

/// A token just made, with what a person copies into an agent's set-up. Drawn on the
/// page that answers the form, never put in an address or a confirmation.
struct Issued {
    name: String,
    token: String,
    /// FusionInventory's `agent.cfg` lines.
    fusion_config: String,
    fusion_command: String,
    helmdesk_command: String,
}

impl Issued {
    fn of(issued: IssuedAgentToken, public_url: &str) -> Issued {
        let base = public_url.trim_end_matches('/');
        let token = issued.token;
        let server = format!("{base}{FUSIONINVENTORY_PATH}");
        Issued {
            fusion_config: format!("server = {server}\nuser = helmdesk\npassword = {token}"),
            fusion_command: format!(
                "fusioninventory-agent --server {server} --user helmdesk --password {token} --tasks inventory"
            ),
            helmdesk_command: format!("helmdesk-agent run --server {base} --token {token}"),
            name: issued.agent_token.name,
            token,
        }
    }
}

#[derive(Template)]
#[template(path = "assets/agents.html")]
struct AgentsPage {
    nav: Option<Nav>,
    tr: Tr,
    tokens: Vec<AgentToken>,
    /// The organisations a token may be for; empty when the reader has one.
    organisations: Vec<Choice>,
    /// The name typed when the form was refused.
    name: String,
    error: Option<String>,
    issued: Option<Issued>,
}

async fn page_view(
    s: &AppState,
    user: &UiUser,
    form: TokenForm,
    error: Option<String>,
    issued: Option<Issued>,
) -> Result<Response, UiError> {
    let actor = &user.actor;
    let organisations = s.app.list_organisations(actor).await?;
    let current =
        if form.organisation_id.is_empty() { actor.organisation_id.to_string() } else { form.organisation_id };
    let fresh = issued.is_some();
    let page = AgentsPage {
        nav: Some(Nav::of(s, user, "assets").await?),
        tokens: s.app.agent_tokens(actor).await?,
        organisations: if organisations.len() > 1 {
            choices(organisations.into_iter().map(|o| (o.id, o.name)), &current)
        } else {
            Vec::new()
        },
        name: form.name,
        error,
        issued,
        tr: user.tr(),
    };
    let mut response = render_refusable(&page, page.error.is_some());
    if fresh {
        // The token is on this page alone: keep it out of every cache.
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

async fn page(State(s): State<AppState>, user: UiUser) -> Result<Response, UiError> {
    page_view(&s, &user, TokenForm::default(), None, None).await
}

#[derive(Debug, Default, Deserialize)]
struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation_id: String,
}

async fn create(State(s): State<AppState>, UiForm { user, form }: UiForm<TokenForm>) -> Result<Response, UiError> {
    let result = async {
        let organisation_id = match form.organisation_id.trim() {
            "" => None,
            o => Some(o.parse().map_err(|_| AppError::invalid("organisation_id", "is not a valid choice"))?),
        };
        s.app.create_agent_token(&user.actor, &NewAgentToken { name: form.name.clone(), organisation_id }).await
    }
    .await;
    match result {
        Ok(issued) => {
            let issued = Issued::of(issued, &s.app.settings().public_url);
            page_view(&s, &user, TokenForm::default(), None, Some(issued)).await
        }
        Err(e) => match invalid_text(&e) {
            Some(text) => page_view(&s, &user, form, Some(text), None).await,
            None => Err(e.into()),
        },
    }
}

async fn revoke(
    State(s): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    UiForm { user, .. }: UiForm<NoFields>,
) -> Result<Response, UiError> {
    let t = s.app.revoke_agent_token(&user.actor, id).await?;
    Ok(user.confirm("/assets/agents", user.tr().t1("agents-revoked-flash", "name", t.name)))
}

/// A size given in MiB, in GB from one GB up.
fn size(tr: &Tr, mb: i64) -> String {
    if mb >= 1024 { tr.t1("inventory-gb", "size", (mb + 512) / 1024) } else { tr.t1("inventory-mb", "size", mb) }
}

/// Texts joined by a space, the empty ones left out; `None` when all are.
fn joined<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let text = parts.into_iter().flatten().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A device's last inventory as its asset page draws it: each figure in the reader's
/// language.
pub(crate) struct InventoryView {
    pub(crate) agent: String,
    pub(crate) reports: i64,
    pub(crate) first_reported_at: DateTime<Utc>,
    pub(crate) reported_at: DateTime<Utc>,
    /// (label, value); `None`: not reported.
    pub(crate) facts: Vec<(String, Option<String>)>,
    /// Name, model, size.
    pub(crate) disks: Vec<(String, String, String)>,
    /// Mount point, file system, size, free space.
    pub(crate) volumes: Vec<(String, String, String, String)>,
    /// Name, hardware address, IPv4 address.
    pub(crate) networks: Vec<(String, String, String)>,
}

impl InventoryView {
    pub(crate) fn of(tr: &Tr, i: &Inventory) -> InventoryView {
        let f = &i.facts;
        let text = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
        let cores = f.cpu_cores.map(|n| tr.tn("inventory-cores", n));
        let cpu = match (text(&f.cpu), cores) {
            (Some(cpu), Some(cores)) => Some(format!("{cpu}, {cores}")),
            (cpu, cores) => cpu.or(cores),
        };
        let system = joined([f.os_name.as_deref(), f.os_version.as_deref()]);
        let system = match (system, text(&f.arch)) {
            (Some(s), Some(arch)) => Some(format!("{s} ({arch})")),
            (s, _) => s,
        };
        let mut facts = vec![
            (tr.t("inventory-os"), system),
            (tr.t("inventory-kernel"), text(&f.kernel)),
            (tr.t("inventory-cpu"), cpu),
            (tr.t("inventory-memory"), f.memory_mb.map(|mb| size(tr, mb))),
            (tr.t("inventory-hardware"), joined([f.manufacturer.as_deref(), f.model.as_deref()])),
        ];
        let optional = [
            (tr.t("inventory-hostname"), text(&f.hostname)),
            (tr.t("inventory-bios"), joined([f.bios_version.as_deref(), f.bios_date.as_deref()])),
            (tr.t("inventory-last-user"), text(&f.last_user)),
        ];
        facts.extend(optional.into_iter().filter(|(_, v)| v.is_some()));
        let or_dash = |v: Option<String>| v.filter(|v| !v.trim().is_empty()).unwrap_or_else(|| "—".into());
        InventoryView {
            agent: if AGENTS.contains(&i.agent.as_str()) {
                tr.of("inventory-agent", &i.agent)
            } else {
                i.agent.clone()
            },
            reports: i.reports,
            first_reported_at: i.first_reported_at,
            reported_at: i.reported_at,
            facts,
            disks: f
                .disks
                .iter()
                .map(|d| (d.name.clone(), or_dash(d.model.clone()), or_dash(d.size_mb.map(|mb| size(tr, mb)))))
                .collect(),
            volumes: f
                .volumes
                .iter()
                .map(|v| {
                    (
                        v.mount.clone(),
                        or_dash(v.filesystem.clone()),
                        or_dash(v.total_mb.map(|mb| size(tr, mb))),
                        or_dash(v.free_mb.map(|mb| size(tr, mb))),
                    )
                })
                .collect(),
            networks: f
                .networks
                .iter()
                .map(|n| (n.name.clone(), or_dash(n.mac.clone()), or_dash(n.ipv4.clone())))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::ui::i18n::{exists, id_of};
    use helmdesk_app::assets::discovery::{AgentKind, DeviceFacts, Volume};

    #[test]
    fn every_agent_has_its_name() {
        for agent in AGENTS {
            assert!(exists(&id_of("inventory-agent", agent)), "{agent}");
        }
        for kind in [AgentKind::Fusioninventory, AgentKind::HelmdeskAgent] {
            assert!(AGENTS.contains(&kind.as_str()), "{kind:?}");
        }
    }

    #[test]
    fn sizes_are_whole_gigabytes_from_one_up() {
        let tr = Tr::new("en");
        assert_eq!(size(&tr, 512), "512 MB");
        assert_eq!(size(&tr, 1024), "1 GB");
        assert_eq!(size(&tr, 16_200), "16 GB");
        assert_eq!(size(&tr, 476_940), "466 GB");
    }

    #[test]
    fn an_inventory_names_what_was_reported_and_leaves_out_what_was_not() {
        let facts = DeviceFacts {
            os_name: Some("Ubuntu".into()),
            os_version: Some("24.04".into()),
            arch: Some("x86_64".into()),
            cpu: Some("Intel Core i7".into()),
            cpu_cores: Some(8),
            memory_mb: Some(16_384),
            volumes: vec![Volume { mount: "/".into(), filesystem: None, total_mb: Some(102_400), free_mb: Some(512) }],
            ..Default::default()
        };
        let now = Utc::now();
        let inventory = Inventory {
            asset_id: 1,
            agent: "fusioninventory".into(),
            device_id: "pc-1".into(),
            uuid: None,
            facts,
            reports: 3,
            first_reported_at: now,
            reported_at: now,
        };
        let view = InventoryView::of(&Tr::new("en"), &inventory);
        let fact = |label: &str| view.facts.iter().find(|(l, _)| l == label).and_then(|(_, v)| v.clone());
        assert_eq!(fact("Operating system").as_deref(), Some("Ubuntu 24.04 (x86_64)"));
        assert_eq!(fact("Processor").as_deref(), Some("Intel Core i7, 8 cores"));
        assert_eq!(fact("Memory").as_deref(), Some("16 GB"));
        assert_eq!(fact("Kernel"), None, "not reported: a dash on the page");
        assert!(view.facts.iter().all(|(l, _)| l != "Host name"), "an optional fact not reported is left out");
        assert_eq!(view.volumes, vec![("/".into(), "—".into(), "100 GB".into(), "512 MB".into())]);
        assert_eq!(view.agent, "FusionInventory");
    }
}
