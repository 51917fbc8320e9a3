-- What each person chooses for their pages (sqlite). Paired with
-- ../postgres/0020_people_preferences.sql. NULL is the default: English, the browser's time
-- zone, the system's theme (domain::platform::preferences).
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE users ADD COLUMN time_zone TEXT;
ALTER TABLE users ADD COLUMN theme TEXT;
