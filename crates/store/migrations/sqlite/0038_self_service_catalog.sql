-- The service catalog: categories, items with their order form and fulfilment tasks,
-- requests and their tasks (sqlite). Paired with ../postgres/0038_self_service_catalog.sql.

-- An asset reserved for a person (a catalog request's): it is checked out to them only.
ALTER TABLE assets ADD COLUMN reserved_for_user_id BIGINT REFERENCES users (id);

-- A category of an organisation's catalog ("Hardware", "Access").
CREATE TABLE catalog_categories (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);

-- An item an organisation offers to its subtree (and, when `departments` names any, only
-- to those departments: a JSON array of ids). `form`: a JSON array of the form's fields
-- (domain::self_service::catalog::FormField); `tasks`: a JSON array of its fulfilment
-- tasks (TaskSpec). Money is integer minor units with its currency. `approval_chain_id`:
-- the chain its requests wait for (NULL: approved at once when ordered).
-- `reserve_type_id`: an asset of this type in stock is reserved for the requester at
-- approval and handed over by the fulfilling team.
CREATE TABLE catalog_items (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    category_id BIGINT REFERENCES catalog_categories (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cost_minor BIGINT CHECK (cost_minor >= 0),
    currency TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    delivery_days BIGINT CHECK (delivery_days >= 0),
    departments TEXT NOT NULL DEFAULT '[]',
    form TEXT NOT NULL DEFAULT '[]',
    tasks TEXT NOT NULL DEFAULT '[]',
    approval_chain_id BIGINT,
    reserve_type_id BIGINT REFERENCES asset_types (id),
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_items_organisation ON catalog_items (organisation_id, name);

-- An order of an item: the requester, their answers (a JSON object of key to text), the
-- request ticket that carries its SLA, where it stands and its stage of fulfilment.
-- `expected_at`: the day it should be delivered, counted from approval. `reserved_asset_id`:
-- the asset reserved for it at approval, `handed_over_at` when it was checked out.
CREATE TABLE catalog_requests (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES catalog_items (id),
    requester_id BIGINT NOT NULL REFERENCES users (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    ticket_id BIGINT NOT NULL REFERENCES tickets (id),
    status TEXT NOT NULL CHECK (status IN ('awaiting_approval', 'in_fulfilment', 'fulfilled', 'rejected')),
    answers TEXT NOT NULL DEFAULT '{}',
    stage BIGINT,
    cost_minor BIGINT,
    currency TEXT,
    approved_at BIGINT,
    expected_at BIGINT,
    decision_comment TEXT,
    finished_at BIGINT,
    reserved_asset_id BIGINT REFERENCES assets (id),
    handed_over_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX catalog_requests_requester ON catalog_requests (requester_id, id);
CREATE INDEX catalog_requests_organisation ON catalog_requests (organisation_id, id);
CREATE INDEX catalog_requests_status ON catalog_requests (status, id);

-- A request's fulfilment task: a ticket in its team's queue once its stage starts.
CREATE TABLE catalog_request_tasks (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES catalog_requests (id),
    title TEXT NOT NULL,
    team_id BIGINT NOT NULL REFERENCES teams (id),
    stage BIGINT NOT NULL CHECK (stage >= 1),
    status TEXT NOT NULL CHECK (status IN ('waiting', 'open', 'done')),
    ticket_id BIGINT REFERENCES tickets (id),
    started_at BIGINT,
    done_at BIGINT
);
CREATE INDEX catalog_request_tasks_request ON catalog_request_tasks (request_id, stage);
