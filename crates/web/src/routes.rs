//! A router that remembers what it serves, who may call each route and, for the API, how
//! each operation is documented.
//!
//! Every route declares its access where it is registered, right after its method:
//! `.get(path, handler).public()`, `.signed_in()` or `.requires(capability)` (the last
//! two are the platform's gate, `platform::gate`). The gate checks the caller before the
//! handler runs; use cases keep the checks of records (organisation subtree, own and
//! department tickets). A route without a declaration stops the server from starting.
//!
//! An API operation is registered once, from its handler's `#[utoipa::path]`:
//! `.api(routes!(handler))` takes the method and path from the annotation and adds the
//! operation to the OpenAPI document, so the router, the document and the access test
//! read the same list.

use axum::Router;
use axum::handler::Handler;
use axum::routing::{self, MethodRouter};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::PathItem;
use utoipa_axum::router::UtoipaMethodRouter;

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

/// A route served: its method, its path, who may call it and the module that serves it
/// (`kernel` for the few the crate root serves: health, the stylesheet, the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub method: &'static str,
    pub path: String,
    pub access: Access,
    pub module: &'static str,
}

/// A route registered whose access is not declared yet.
struct Pending {
    method: &'static str,
    path: String,
    handler: MethodRouter<AppState>,
    /// An API operation's part of the document.
    document: Option<OpenApi>,
}

/// Routes being registered, with their list and the API's document.
pub struct Routes {
    router: Router<AppState>,
    list: Vec<Route>,
    pending: Option<Pending>,
    document: OpenApi,
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
            self.add($text, path, routing::$name(handler), None)
        }
    )*};
}

impl Routes {
    /// No routes yet.
    pub fn new() -> Routes {
        Routes { router: Router::new(), list: Vec::new(), pending: None, document: OpenApi::default() }
    }

    fn add(self, method: &'static str, path: &str, handler: MethodRouter<AppState>, document: Option<OpenApi>) -> Self {
        let mut routes = self.declared();
        routes.pending = Some(Pending { method, path: path.to_string(), handler, document });
        routes
    }

    /// Registers an API operation as its handler's `#[utoipa::path]` describes it (method,
    /// path, parameters, bodies, responses): `.api(routes!(handler))`, one handler each.
    pub fn api(self, (schemas, paths, handler): UtoipaMethodRouter<AppState>) -> Self {
        let mut operations = paths.paths.iter();
        let (Some((path, item)), None) = (operations.next(), operations.next()) else {
            panic!("routes!(..) registers one handler at a time")
        };
        let (method, path) = (method_of(item), path.clone());
        let mut document = OpenApi::default();
        document.paths = paths;
        document.components = Some(utoipa::openapi::ComponentsBuilder::new().schemas_from_iter(schemas).build());
        self.add(method, &path, handler, Some(document))
    }

    /// Limits the body of the route registered last to `limit` bytes (uploads).
    pub fn body_limit(mut self, limit: usize) -> Self {
        let Some(p) = self.pending.as_mut() else { panic!("a body limit set before any route") };
        p.handler = std::mem::take(&mut p.handler).layer(axum::extract::DefaultBodyLimit::max(limit));
        self
    }

    /// Adds what a module's document says besides its operations (tags, schemas).
    pub fn describe(mut self, document: OpenApi) -> Self {
        self.document.merge(document);
        self
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
        if let Some(document) = p.document {
            self.document.merge(document);
        }
        self.list.push(Route { method: p.method, path: p.path, access, module: "kernel" });
        self
    }

    /// The route registered last may be called by anyone.
    pub fn public(self) -> Self {
        self.declare(Access::Public, |handler| handler)
    }

    method!(get => "GET", post => "POST", put => "PUT", patch => "PATCH", delete => "DELETE");

    /// Adds another set of routes.
    pub fn merge(self, other: Routes) -> Self {
        let (mut routes, other) = (self.declared(), other.declared());
        routes.list.extend(other.list);
        routes.router = routes.router.merge(other.router);
        routes.document.merge(other.document);
        routes
    }

    /// Marks every route registered so far as served by `module`.
    pub fn of_module(self, module: &'static str) -> Self {
        let mut routes = self.declared();
        routes.list.iter_mut().for_each(|r| r.module = module);
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

    /// The API's document as registered so far: its operations and what the modules
    /// added with [`Routes::describe`].
    pub fn document(&self) -> &OpenApi {
        &self.document
    }

    /// The router and the routes it serves.
    pub fn finish(self) -> (Router<AppState>, Vec<Route>) {
        let routes = self.declared();
        (routes.router, routes.list)
    }
}

/// The method of a path item holding one operation.
fn method_of(item: &PathItem) -> &'static str {
    let methods = [
        ("GET", item.get.is_some()),
        ("POST", item.post.is_some()),
        ("PUT", item.put.is_some()),
        ("PATCH", item.patch.is_some()),
        ("DELETE", item.delete.is_some()),
    ];
    let mut present = methods.iter().filter(|(_, present)| *present);
    match (present.next(), present.next()) {
        (Some((method, _)), None) => method,
        _ => panic!("an API handler documents exactly one of GET, POST, PUT, PATCH and DELETE"),
    }
}
