-- Sessions also end after a while without a request (Auth.SESSION_IDLE): when each was last used.
ALTER TABLE sessions ADD COLUMN last_seen TIMESTAMP WITH TIME ZONE;
UPDATE sessions SET last_seen = CURRENT_TIMESTAMP;
ALTER TABLE sessions ALTER COLUMN last_seen SET NOT NULL;
