-- The approval engine (issue 17; docs/approvals.md): chains of steps, and their runs on
-- records of any module, decided in the portal, through the API or by a single-use link
-- in an e-mail; delegation while away (sqlite). Paired with ../postgres/0036_platform_approvals.sql.

-- A chain: its steps run in order.
CREATE TABLE approval_chains (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);

-- A chain's step: who approves (a named person, the requester's manager, the department
-- head, the cost-centre owner, the members of a team), by which rule, when (a condition
-- on the record's facts, e.g. cost > 1000), and how long they have.
CREATE TABLE approval_chain_steps (
    chain_id BIGINT NOT NULL REFERENCES approval_chains (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    approver TEXT NOT NULL CHECK (approver IN ('person', 'manager', 'department_head', 'cost_centre_owner', 'team')),
    approver_id BIGINT,
    rule TEXT NOT NULL CHECK (rule IN ('any', 'all', 'majority')),
    condition_fact TEXT,
    condition_op TEXT CHECK (condition_op IN ('gt', 'ge', 'lt', 'le', 'eq', 'ne')),
    condition_value TEXT,
    time_limit_hours BIGINT,
    reminder_hours BIGINT,
    PRIMARY KEY (chain_id, position)
);

-- A chain run for one record (subject_kind + subject_id, e.g. catalog_request 12). When it
-- ends, `decided_job` is queued with the outcome, in the same transaction.
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    link TEXT NOT NULL,
    requester_id BIGINT NOT NULL REFERENCES users (id),
    department_id BIGINT REFERENCES departments (id),
    cost_centre_id BIGINT REFERENCES cost_centres (id),
    facts TEXT NOT NULL,
    chain_id BIGINT REFERENCES approval_chains (id),
    chain_name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'cancelled')),
    comment TEXT NOT NULL DEFAULT '',
    decided_job TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    UNIQUE (subject_kind, subject_id)
);
CREATE INDEX approvals_requester ON approvals (requester_id, created_at);

-- An approval's steps: the chain's steps copied when it starts (a chain edited later does
-- not change a running approval), with what became of each.
CREATE TABLE approval_steps (
    id INTEGER PRIMARY KEY,
    approval_id BIGINT NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    approver TEXT NOT NULL,
    approver_id BIGINT,
    rule TEXT NOT NULL,
    condition_fact TEXT,
    condition_op TEXT,
    condition_value TEXT,
    time_limit_hours BIGINT,
    reminder_hours BIGINT,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'pending', 'approved', 'rejected', 'skipped', 'expired')),
    note TEXT NOT NULL DEFAULT '',
    started_at BIGINT,
    due_at BIGINT,
    remind_at BIGINT,
    ended_at BIGINT,
    UNIQUE (approval_id, position)
);
CREATE INDEX approval_steps_due ON approval_steps (due_at) WHERE state = 'pending';
CREATE INDEX approval_steps_remind ON approval_steps (remind_at) WHERE state = 'pending';

-- Who is asked in a step, and what they said (decided_by: the delegate who decided for
-- them, or themselves; via: portal, api or mail).
CREATE TABLE approval_approvers (
    step_id BIGINT NOT NULL REFERENCES approval_steps (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    decision TEXT CHECK (decision IN ('approved', 'rejected')),
    comment TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users (id),
    via TEXT CHECK (via IN ('portal', 'api', 'mail')),
    decided_at BIGINT,
    PRIMARY KEY (step_id, user_id)
);
CREATE INDEX approval_approvers_waiting ON approval_approvers (user_id) WHERE decision IS NULL;

-- The links sent by e-mail: only the SHA-256 of each token is kept; one approver, one
-- step, used once.
CREATE TABLE approval_links (
    token_hash TEXT PRIMARY KEY,
    step_id BIGINT NOT NULL REFERENCES approval_steps (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    used_at BIGINT
);

-- Someone away lets another decide for them, from one time to another.
CREATE TABLE approval_delegations (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    delegate_id BIGINT NOT NULL REFERENCES users (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (delegate_id <> user_id)
);
CREATE INDEX approval_delegations_user ON approval_delegations (user_id, ends_at);
CREATE INDEX approval_delegations_delegate ON approval_delegations (delegate_id, ends_at);
