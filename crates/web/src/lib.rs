//! Helmdesk over HTTP: the JSON API (`api/`, with its OpenAPI document), the server-rendered
//! web UI (`ui/`, askama templates and one stylesheet), sign-in (`auth`), the one place
//! errors become responses (`error`), and health, readiness and metrics (`ops`).
//!
//! Handlers are thin: extract, call `helmdesk_app`, map to JSON or a template. Every route
//! is registered through [`routes::Routes`], which also lists it, so the access test can
//! prove each route is in the role table.

pub mod api;
pub mod assets;
pub mod error;
pub mod extract;
pub mod hardening;
pub mod ops;
pub mod platform;
pub mod reports;
pub mod routes;
pub mod self_service;
pub mod service_desk;
pub mod ui;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use helmdesk_app::App;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// HTTP settings; part of the program's one settings struct.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebSettings {
    /// The address people reach Helmdesk at, e.g. `https://desk.example.com`. With https,
    /// cookies are marked Secure.
    pub public_url: Option<String>,
    /// Largest JSON or form body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Seconds a request may take before it is answered 503.
    pub request_timeout_secs: u64,
    /// Addresses of reverse proxies in front of Helmdesk: a request from one of them is
    /// counted (for login throttling) by the last address of its `X-Forwarded-For`.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The bearer token Prometheus sends to read `/metrics`. Without one, `/metrics`
    /// answers only on the loopback address, not through a proxy. A secret: `config print`
    /// hides it.
    pub metrics_token: Option<String>,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            public_url: None,
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 60,
            trusted_proxies: Vec::new(),
            metrics_token: None,
        }
    }
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub web: Arc<WebSettings>,
    /// How often each discovery agent reported lately (this node's count).
    pub devices: Arc<assets::api::discovery::DeviceLimiter>,
}

impl AppState {
    /// Whether cookies must be Secure: the public URL is https.
    pub fn https(&self) -> bool {
        self.web.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

/// The whole HTTP application.
pub fn router(app: App, web: WebSettings) -> Router {
    build(app, web).0
}

/// Serves the application on `listener` until `shutdown` completes, with each
/// connection's address known to the handlers (login throttling, metrics).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// The application and the list of every route it serves (method, path).
pub fn build(app: App, web: WebSettings) -> (Router, Vec<routes::Route>) {
    let state = AppState { app, web: Arc::new(web), devices: Default::default() };
    let timeout = Duration::from_secs(state.web.request_timeout_secs.max(1));
    let routes = routes::Routes::new().merge(ops::routes()).merge(api::routes(&state)).merge(ui::routes(&state));
    let (router, list) = routes.finish();
    let router = router
        .layer(axum::middleware::from_fn_with_state(state.clone(), platform::ui::errors::dress_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), hardening::security_headers))
        .layer(axum::middleware::from_fn(hardening::reject_control_characters))
        // The gate finds the application here (platform::gate).
        .layer(axum::Extension(state.clone()))
        .with_state(state)
        .layer(axum::middleware::from_fn(ops::record_metrics))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::SERVICE_UNAVAILABLE, timeout))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(ops::span_for))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid));
    (router, list)
}
