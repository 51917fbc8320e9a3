-- Who caused a notification, and what they wrote, for the bell's "Priya: ..." (sqlite). Paired with
-- ../postgres/0019_notification_authors.sql.
-- NULL: Helmdesk itself (an SLA sweep). Not a foreign key: a rule's actor has no user row,
-- and a notification outlives the person who caused it.
ALTER TABLE notifications ADD COLUMN actor_id BIGINT;
-- The start of the reply or note told of, kept with the notification (the module that
-- writes it knows the text; the bell does not read the module's tables).
ALTER TABLE notifications ADD COLUMN excerpt TEXT;

-- Opening a ticket clears its person's unread notifications of it.
CREATE INDEX notifications_unread_ticket ON notifications (user_id, ticket_id) WHERE read_at IS NULL;
