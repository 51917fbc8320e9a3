//! Times one SQL statement against a database, for tuning queries on a seeded database
//! (Debian's sqlite3 shell is too old to read Helmdesk's full-text tables):
//!
//!   cargo run --release -p helmdesk-bench --example sql -- URL 'SELECT …' [RUNS]
//!
//! Prints the query plan, the row count, and the fastest and median of RUNS runs.

use std::time::{Duration, Instant};

use sqlx::{PgPool, Row, SqlitePool};

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(sql)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: sql URL 'STATEMENT' [RUNS]");
    };
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(5).max(1);
    // The same steps on either pool; sqlx's pools share no trait that runs a statement.
    macro_rules! plan_and_time {
        ($pool:expr, $explain:literal, $plan_column:literal) => {{
            let pool = $pool;
            for row in sqlx::query(&format!("{}{sql}", $explain)).fetch_all(&pool).await? {
                println!("{}", row.try_get::<String, _>($plan_column)?);
            }
            let mut times: Vec<Duration> = Vec::new();
            let mut rows = 0;
            for _ in 0..runs {
                let start = Instant::now();
                rows = sqlx::query(&sql).fetch_all(&pool).await?.len();
                times.push(start.elapsed());
            }
            (times, rows)
        }};
    }
    let (mut times, rows) = if url.starts_with("sqlite") {
        plan_and_time!(SqlitePool::connect(&url).await?, "EXPLAIN QUERY PLAN ", 3)
    } else {
        plan_and_time!(PgPool::connect(&url).await?, "EXPLAIN (ANALYZE, BUFFERS) ", 0)
    };
    times.sort();
    println!("{rows} rows; fastest {:?}, median {:?}", times[0], times[times.len() / 2]);
    Ok(())
}
