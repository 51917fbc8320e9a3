-- Seats of a licence held by people: reserved for a catalog request at its approval, then
-- assigned by whoever fulfils it, or assigned by hand (sqlite). Paired with
-- ../postgres/0041_assets_licence_seats.sql.
-- A person holds at most one seat of a licence; a licence has at most `seats` of them
-- (checked under the licence's row lock by the store).
CREATE TABLE licence_seats (
    id INTEGER PRIMARY KEY,
    licence_id BIGINT NOT NULL REFERENCES licences (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    state TEXT NOT NULL CHECK (state IN ('reserved', 'assigned')),
    catalog_request_id BIGINT REFERENCES catalog_requests (id) ON DELETE SET NULL,
    reserved_at BIGINT NOT NULL,
    assigned_at BIGINT,
    assigned_by BIGINT REFERENCES users (id),
    UNIQUE (licence_id, user_id)
);
CREATE INDEX licence_seats_user ON licence_seats (user_id);

-- An item may reserve a seat of a licence for each approved request
-- (`reserve_licence_id`), like `reserve_type_id` reserves an asset; the request keeps the
-- seat it reserved.
ALTER TABLE catalog_items ADD COLUMN reserve_licence_id BIGINT REFERENCES licences (id) ON DELETE SET NULL;
ALTER TABLE catalog_requests ADD COLUMN reserved_seat_id BIGINT REFERENCES licence_seats (id) ON DELETE SET NULL;
