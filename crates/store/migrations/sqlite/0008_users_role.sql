-- The staff of the directory (assignment pickers, routing) read by role, not by scanning
-- every requester.
CREATE INDEX users_role ON users (role, id);
