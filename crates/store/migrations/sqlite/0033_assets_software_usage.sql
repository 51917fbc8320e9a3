-- The count job (licences.reconcile) counts the use of every product, not only the
-- licensed ones, so that the software catalogue lists its counts from this table instead
-- of counting millions of installations on every request (docs/benchmarks.md, "Catalogue
-- search") (sqlite). Paired with ../postgres/0033_assets_software_usage.sql.
ALTER TABLE licence_usage RENAME TO software_usage;
