-- A user can be disabled (left the service, a lost password) without deleting her: her id stays in the audit trails
-- she signed. A disabled user cannot log in, and her sessions end.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP WITH TIME ZONE;
