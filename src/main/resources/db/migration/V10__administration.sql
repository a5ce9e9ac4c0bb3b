-- Administration (console and admin REST API). An event an administrator caused on someone
-- else's account names the account in username and the administrator in acted_by; the
-- console's audit view filters on either.
ALTER TABLE audit_event ADD COLUMN acted_by VARCHAR(128);
CREATE INDEX audit_event_acted_by ON audit_event (lower(acted_by), occurred_at);
CREATE INDEX audit_event_type_time ON audit_event (type, occurred_at);
