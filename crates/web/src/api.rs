//! The JSON API under `/api/v1`, authenticated by bearer token, and its OpenAPI document
//! (generated from the handlers' annotations and the app's types).

use crate::{assets, platform, reports, self_service, service_desk};

use axum::middleware::from_fn_with_state;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::AppState;
use crate::error::ErrorBody;
use crate::platform::auth::{api_auth, idempotency};
use crate::routes::Routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "Helmdesk API", description = "The IT service desk's JSON API. Authenticate with `Authorization: Bearer TOKEN` (create a token on your account page or with `helmdesk token create`)."),
    components(schemas(ErrorBody)),
    security(("bearer" = [])),
)]
pub struct ApiDoc;

/// Adds what every operation shares: the bearer scheme and the error responses our error
/// mapping can produce, so each handler documents only its successes.
struct Conventions;

fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            utoipa::openapi::ContentBuilder::new()
                .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

fn add_errors(op: &mut Operation, method: &str, has_id: bool) {
    let mut errors = vec![
        ("401", "No valid API token"),
        ("403", "The caller's role may not do this"),
        ("422", "The input broke a rule; nothing was changed"),
    ];
    if has_id {
        errors.push(("400", "The path holds a control character"));
        errors.push(("404", "No such record, or one the caller may not see"));
    }
    if matches!(method, "post" | "put" | "patch" | "delete") {
        errors.push(("409", "The request conflicts with the current state"));
        errors.push(("413", "The body is too large"));
    }
    if method == "patch" {
        errors.push(("412", "If-Match names a version that is no longer current"));
    }
    for (status, description) in errors {
        op.responses.responses.entry(status.to_string()).or_insert_with(|| error_response(description));
    }
}

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "agent",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(
                        "Any user name; the password is an enrolment token (`helmdesk agent-token create`)",
                    ))
                    .build(),
            ),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let has_id = path.contains('{');
            for (method, op) in [
                ("get", item.get.as_mut()),
                ("post", item.post.as_mut()),
                ("put", item.put.as_mut()),
                ("patch", item.patch.as_mut()),
                ("delete", item.delete.as_mut()),
            ] {
                if let Some(op) = op {
                    add_errors(op, method, has_id);
                }
            }
        }
    }
}

/// The whole OpenAPI document: the kernel's part and the operations the modules
/// registered, with the conventions (bearer scheme, error responses) added to every
/// operation.
fn document(registered: &utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(registered.clone());
    Conventions.modify(&mut doc);
    doc
}

/// The body limit of uploads: the largest attachment plus room for the form around it.
pub fn upload_limit(state: &AppState) -> usize {
    state.app.settings().max_attachment_bytes + 64 * 1024
}

pub(crate) fn routes(state: &AppState) -> Routes {
    let authenticated = Routes::new()
        .merge(platform::api::routes(state).of_module("platform"))
        .merge(assets::api::routes(state).of_module("assets"))
        .merge(service_desk::api::routes(state).of_module("service_desk"))
        .merge(self_service::api::routes(state).of_module("self_service"))
        .merge(reports::api::routes(state).of_module("reports"))
        .layer(from_fn_with_state(state.clone(), idempotency))
        .layer(from_fn_with_state(state.clone(), api_auth))
        .layer(axum::extract::DefaultBodyLimit::max(state.web.max_body_bytes));
    let agents = assets::api::agent_routes(state).of_module("assets");
    let mut registered = authenticated.document().clone();
    registered.merge(agents.document().clone());
    // Written once: every request for it gets the same bytes.
    let document = serde_json::to_vec(&document(&registered)).expect("the OpenAPI document serialises");
    let document = axum::body::Bytes::from(document);
    let openapi =
        move || std::future::ready(([(axum::http::header::CONTENT_TYPE, "application/json")], document.clone()));
    Routes::new().get("/api/v1/openapi.json", openapi).public().merge(authenticated).merge(agents)
}
