-- Consumables and accessories in stock with their movements and who holds them; the
-- reminders sent about assets; notifications that link to any page (sqlite).
-- Paired with ../postgres/0031_assets_stock_reminders.sql.

-- A stock item: toner, paper, batteries (consumables, used up) or mice, headsets,
-- docking stations (accessories, held by a person until returned). `quantity` is what is
-- in stock; at or below `minimum_quantity` it is low. `low_alerted_at`: when its managers
-- were told it went low (NULL once restocked above the minimum), so they are told once
-- per crossing. Money is integer minor units with its currency.
CREATE TABLE stock_items (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('accessory', 'consumable')),
    name TEXT NOT NULL,
    category TEXT,
    manufacturer TEXT,
    model_number TEXT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    location_id BIGINT REFERENCES locations (id),
    quantity BIGINT NOT NULL DEFAULT 0 CHECK (quantity >= 0),
    minimum_quantity BIGINT NOT NULL DEFAULT 0 CHECK (minimum_quantity >= 0),
    cost_minor BIGINT CHECK (cost_minor >= 0),
    currency TEXT,
    supplier TEXT,
    order_number TEXT,
    notes TEXT NOT NULL DEFAULT '',
    low_alerted_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((cost_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX stock_items_organisation ON stock_items (organisation_id, id);

-- Every change to an item's stock: `change` is signed (received +5, issued -2);
-- `quantity_after` what it left. An issue or a return names the person; a receipt may
-- name its order, an adjustment its reason.
CREATE TABLE stock_movements (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES stock_items (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('receive', 'issue', 'return', 'adjust')),
    change BIGINT NOT NULL,
    quantity_after BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    order_number TEXT,
    reason TEXT,
    actor_id BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX stock_movements_item ON stock_movements (item_id, id);

-- How many of an accessory each person holds (rows at zero are deleted).
CREATE TABLE stock_holdings (
    item_id BIGINT NOT NULL REFERENCES stock_items (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    quantity BIGINT NOT NULL CHECK (quantity >= 0),
    since BIGINT NOT NULL,
    PRIMARY KEY (item_id, user_id)
);
CREATE INDEX stock_holdings_user ON stock_holdings (user_id);

-- The reminders sent about assets, one per asset, kind and the date it is about
-- (domain::assets::reminders): written with the notifications in one transaction, so a
-- second run, a restart or a second node sends none twice.
CREATE TABLE asset_reminders (
    asset_id BIGINT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('return_due', 'return_overdue', 'warranty_ending', 'end_of_life')),
    on_date TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (asset_id, kind, on_date)
);

-- The reminders read assets by these days (expected_return and warranty_end have theirs).
CREATE INDEX assets_end_of_life ON assets (end_of_life);

-- A notification about something other than a ticket links to its page (`/stock/12`).
ALTER TABLE notifications ADD COLUMN link TEXT;
