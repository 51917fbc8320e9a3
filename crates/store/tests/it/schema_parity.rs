//! The SQLite and PostgreSQL migration trees must describe the same tables and columns.

use helmdesk_store::Backend;
use helmdesk_store::testing::TestDatabase;

#[tokio::test]
async fn both_migration_trees_give_the_same_tables_columns_and_types() {
    let sqlite = TestDatabase::new(Backend::Sqlite).await.unwrap();
    let postgres = TestDatabase::new(Backend::Postgres).await.unwrap();
    let a = sqlite.store().await.unwrap().schema().await.unwrap();
    let b = postgres.store().await.unwrap().schema().await.unwrap();
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "tables differ");
    for (table, columns) in &a {
        assert_eq!(columns, &b[table], "columns of {table} differ");
    }
}

#[test]
fn both_migration_trees_have_the_same_file_names() {
    let names = |backend: &str| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    };
    assert_eq!(names("sqlite"), names("postgres"));
}
