//! The reports' part of the access test (`crate::access`): the KPIs and the dashboard
//! read what the fixture's people already have; no records of their own.

use crate::access::ModuleFixture;
use crate::common::TestServer;

async fn the_reports_routes_answer_each_caller_as_declared(backend: helmdesk_store::Backend) {
    crate::access::check::<Fixture>(backend).await
}

helmdesk_store::backend_tests!(the_reports_routes_answer_each_caller_as_declared);

pub struct Fixture;

impl ModuleFixture for Fixture {
    const MODULE: &'static str = "reports";

    async fn new(_: &TestServer) -> Self {
        Fixture
    }
}
