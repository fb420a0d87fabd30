-- The console's store: users and their sessions, calls (snapshot and view, under an optimistic lock) and each
-- call's audit trail. Written for both H2 and PostgreSQL.

CREATE TABLE console_settings (
    setting_name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(200) NOT NULL
);

CREATE TABLE users (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    roles         VARCHAR(100) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    failed_logins INTEGER      NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE sessions (
    token_hash CHAR(64)    NOT NULL PRIMARY KEY,
    user_id    VARCHAR(64) NOT NULL REFERENCES users (id),
    csrf_token VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE calls (
    id         VARCHAR(64)      NOT NULL PRIMARY KEY,
    nurse      VARCHAR(64)      NOT NULL,
    version    BIGINT           NOT NULL,
    state      VARCHAR(16)      NOT NULL,
    snapshot   VARCHAR(1000000) NOT NULL,
    view_json  VARCHAR(1000000) NOT NULL,
    trail_head CHAR(64)         NOT NULL,
    records    INTEGER          NOT NULL,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX calls_by_nurse ON calls (nurse, updated_at);

-- One trail per call: its header at index 0, then the call's records. The key refuses a second record at an
-- index, so two writers can never fork a trail, whatever the lock on the call.
CREATE TABLE audit_records (
    call_id  VARCHAR(64)      NOT NULL REFERENCES calls (id),
    record_index INTEGER      NOT NULL,
    record_line  VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (call_id, record_index)
);
