-- Licences, and the use each licensed product has in each organisation, which
-- reconciliation sets against them (sqlite).
-- Paired with ../postgres/0028_assets_licences.sql.

-- A licence of a product, for an organisation and its subsidiaries. `metric`
-- (domain::assets::licences::Metric) says what a seat counts; a site licence has no seats.
-- `ends_on`: a subscription's renewal date, or when a perpetual licence's maintenance ends.
-- `contract` and `order_number` name the agreement and the purchase behind it.
CREATE TABLE licences (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    product_id BIGINT NOT NULL REFERENCES software_products (id),
    name TEXT NOT NULL,
    metric TEXT NOT NULL CHECK (metric IN ('per_device', 'per_seat', 'per_user', 'site')),
    term TEXT NOT NULL CHECK (term IN ('perpetual', 'subscription')),
    seats BIGINT CHECK (seats >= 0),
    cost_minor BIGINT CHECK (cost_minor >= 0),
    currency TEXT,
    purchased_on TEXT,
    ends_on TEXT,
    supplier TEXT,
    order_number TEXT,
    contract TEXT,
    notes TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK ((seats IS NULL) = (metric = 'site')),
    CHECK ((cost_minor IS NULL) = (currency IS NULL))
);
CREATE INDEX licences_product ON licences (product_id);
CREATE INDEX licences_organisation ON licences (organisation_id, id);

-- How much a licensed product is used in an organisation: installations, devices and the
-- people holding them. Recomputed by the `licences.reconcile` job after inventories change,
-- and for one product when its licences change.
CREATE TABLE licence_usage (
    product_id BIGINT NOT NULL REFERENCES software_products (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    installations BIGINT NOT NULL,
    devices BIGINT NOT NULL,
    users BIGINT NOT NULL,
    computed_at BIGINT NOT NULL,
    PRIMARY KEY (product_id, organisation_id)
);
