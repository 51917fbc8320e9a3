//! Health, readiness, Prometheus metrics and per-request logging.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::AppState;
use crate::routes::Routes;

/// The process-wide Prometheus recorder (installed once, shared by every router).
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0])
            .expect("static buckets are valid")
            .build_recorder();
        let handle = recorder.handle();
        // Fails only if another recorder was installed first; then metrics go there.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

pub(crate) fn routes() -> Routes {
    Routes::new().get("/healthz", healthz).public().get("/readyz", readyz).public().get("/metrics", prometheus).public()
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok\n"
}

/// The database answers.
async fn readyz(State(state): State<AppState>) -> Response {
    match state.app.ready().await {
        Ok(()) => "ready\n".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
        }
    }
}

/// Prometheus text: request counts and latencies per route, job queue depth, ticket counts;
/// for Prometheus only ([`crate::hardening::may_read_metrics`]).
async fn prometheus(State(state): State<AppState>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    if let Err(e) = crate::hardening::may_read_metrics(&parts, state.web.metrics_token.as_deref()) {
        return crate::error::ApiError(e).into_response();
    }
    let gauges = match state.app.gauges().await {
        Ok(g) => g,
        Err(e) => return crate::error::ApiError(e).into_response(),
    };
    for g in gauges {
        metrics::gauge!(g.metric, g.label.0 => g.label.1).set(g.value);
    }
    ([("content-type", "text/plain; version=0.0.4")], metrics_handle().render()).into_response()
}

/// Counts each request and its latency under its route template (never the raw path).
pub async fn record_metrics(request: Request, next: Next) -> Response {
    metrics_handle();
    let route =
        request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("helmdesk_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("helmdesk_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The log span of a request, carrying its id.
pub fn span_for(request: &Request) -> tracing::Span {
    let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
    tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
}
