//! Self-service's part of the access test (`crate::access`).

use crate::access::ModuleFixture;
use crate::common::TestServer;

async fn the_self_service_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_self_service_routes_answer_each_caller_as_declared);

pub struct Fixture;

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "self_service";

    async fn new(_: &TestServer) -> Self {
        Fixture
    }
}
