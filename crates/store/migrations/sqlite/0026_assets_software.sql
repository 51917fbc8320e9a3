-- The software catalogue, the spellings devices report and the product each counts as,
-- administrators' naming rules, and what is installed on each device (sqlite).
-- Paired with ../postgres/0026_assets_software.sql.

-- A product of a publisher (an empty publisher: nothing said who publishes it).
CREATE TABLE software_products (
    id INTEGER PRIMARY KEY,
    publisher TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX software_products_name ON software_products (lower(name), lower(publisher));
CREATE INDEX software_products_order ON software_products (lower(name), id);

-- An administrator's rule (domain::assets::software::Rule): reported names matching
-- `pattern` count as `product` (of `publisher` when given). Tried in `position` order.
CREATE TABLE software_rules (
    id INTEGER PRIMARY KEY,
    position BIGINT NOT NULL,
    pattern TEXT NOT NULL,
    publisher TEXT,
    product TEXT NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- A name and publisher exactly as a device or a person reported them, and the product it
-- counts as: a new rule renames spellings (a few thousand), not installations.
CREATE TABLE software_spellings (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    product_id BIGINT NOT NULL REFERENCES software_products (id),
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX software_spellings_name ON software_spellings (name, publisher);
CREATE INDEX software_spellings_product ON software_spellings (product_id);

-- A spelling installed on a device. `product_id` repeats the spelling's product so that a
-- product's installations are one index range. `source`: reported by an agent (replaced by
-- its next report), typed by a person or imported (kept until removed).
CREATE TABLE installations (
    id INTEGER PRIMARY KEY,
    asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    spelling_id BIGINT NOT NULL REFERENCES software_spellings (id),
    product_id BIGINT NOT NULL REFERENCES software_products (id),
    version TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('agent', 'manual', 'import')),
    installed_on TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX installations_spelling ON installations (asset_id, spelling_id);
CREATE INDEX installations_product ON installations (product_id, asset_id);
