//! A router that remembers what it serves, so tests can compare it with the access table.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};

use crate::AppState;

/// Routes being registered, with their list.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<(&'static str, String)>,
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}

macro_rules! method {
    ($($name:ident => $text:literal),*) => {$(
        /// Registers a handler for this method at `path`.
        pub fn $name<H, T>(self, path: &str, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            self.add($text, path, routing::$name(handler))
        }
    )*};
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes { router: Router::new(), list: Vec::new() }
    }

    fn add(mut self, method: &'static str, path: &str, handler: MethodRouter<AppState>) -> Self {
        self.list.push((method, path.to_string()));
        self.router = self.router.route(path, handler);
        self
    }

    method!(get => "GET", post => "POST", put => "PUT", patch => "PATCH", delete => "DELETE");

    /// Registers a `POST` whose body may be up to `limit` bytes (uploads).
    pub fn post_with_limit<H, T>(self, path: &str, handler: H, limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add("POST", path, routing::post(handler).layer(axum::extract::DefaultBodyLimit::max(limit)))
    }

    /// Adds another set of routes.
    pub fn merge(mut self, other: Routes) -> Self {
        self.list.extend(other.list);
        self.router = self.router.merge(other.router);
        self
    }

    /// Wraps every route registered so far in a layer (e.g. authentication).
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response: axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error: Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        self.router = self.router.layer(layer);
        self
    }

    /// The router and the list of (method, path) it serves.
    pub fn finish(self) -> (Router<AppState>, Vec<(&'static str, String)>) {
        (self.router, self.list)
    }
}
