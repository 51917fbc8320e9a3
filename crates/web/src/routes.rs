//! A router that remembers what it serves and who may call each route.
//!
//! Every route declares its access where it is registered, right after its method:
//! `.get(path, handler).public()`, `.signed_in()` or `.requires(capability)` (the last
//! two are the platform's gate, `platform::gate`). The gate checks the caller before the
//! handler runs; use cases keep the checks of records (organisation subtree, own and
//! department tickets). A route without a declaration stops the server from starting.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};

use crate::AppState;

/// Who may call a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in, surveys, health, the stylesheet).
    Public,
    /// Anyone signed in.
    SignedIn,
    /// People whose role holds `capability`: the roles of its module's matrix.
    Can { capability: String, roles: Vec<&'static str> },
}

/// A route served: its method, its path and who may call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
    pub access: Access,
}

/// A route registered whose access is not declared yet.
struct Pending {
    method: &'static str,
    path: String,
    handler: MethodRouter<AppState>,
}

/// Routes being registered, with their list.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<Route>,
    pending: Option<Pending>,
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
        Routes { router: Router::new(), list: Vec::new(), pending: None }
    }

    fn add(self, method: &'static str, path: &str, handler: MethodRouter<AppState>) -> Self {
        let mut routes = self.declared();
        routes.pending = Some(Pending { method, path: path.to_string(), handler });
        routes
    }

    /// Fails (at start-up, in every test) when the route registered last declared no
    /// access.
    fn declared(self) -> Self {
        if let Some(p) = &self.pending {
            panic!("{} {} declares no access: add .public(), .signed_in() or .requires(..)", p.method, p.path);
        }
        self
    }

    /// Declares the access of the route registered last, with the guard that enforces it.
    pub fn declare(
        mut self,
        access: Access,
        guard: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>,
    ) -> Self {
        let Some(p) = self.pending.take() else { panic!("{access:?} declared before any route") };
        self.router = self.router.route(&p.path, guard(p.handler));
        self.list.push(Route { method: p.method, path: p.path, access });
        self
    }

    /// The route registered last may be called by anyone.
    pub fn public(self) -> Self {
        self.declare(Access::Public, |handler| handler)
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
    pub fn merge(self, other: Routes) -> Self {
        let (mut routes, other) = (self.declared(), other.declared());
        routes.list.extend(other.list);
        routes.router = routes.router.merge(other.router);
        routes
    }

    /// Wraps every route registered so far in a layer (e.g. authentication).
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: tower::Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: tower::Service<axum::extract::Request> + Clone + Send + Sync + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Response: axum::response::IntoResponse + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Error: Into<std::convert::Infallible> + 'static,
        <L::Service as tower::Service<axum::extract::Request>>::Future: Send + 'static,
    {
        let mut routes = self.declared();
        routes.router = routes.router.layer(layer);
        routes
    }

    /// The router and the routes it serves.
    pub fn finish(self) -> (Router<AppState>, Vec<Route>) {
        let routes = self.declared();
        (routes.router, routes.list)
    }
}
