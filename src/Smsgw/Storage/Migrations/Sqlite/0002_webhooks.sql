-- Webhooks (reference §6.1) and their durable outbox: one event row per webhook and occurrence, written in the
-- same transaction as the status change or inbound message that causes it.
CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY,
    webhook_id  TEXT    NOT NULL UNIQUE,     -- public id (the {ID} of GET /v1/webhook/{ID})
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    endpoint    TEXT    NOT NULL,
    method      TEXT    NOT NULL,            -- POST or GET
    types       TEXT    NOT NULL,            -- ',delivery_report,inbox_message,' (commas around every type)
    secret      TEXT    NOT NULL UNIQUE,     -- signs deliveries (HMAC key, so kept as is) and deletes the webhook
    created_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX ix_webhooks_account ON webhooks(account_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_events (
    id              INTEGER PRIMARY KEY,
    event_id        TEXT    NOT NULL UNIQUE,  -- stable across attempts: the receiver's de-duplication key
    webhook_rowid   INTEGER NOT NULL REFERENCES webhooks(id),
    type            TEXT    NOT NULL,
    message_rowid   INTEGER NOT NULL,
    status          INTEGER NOT NULL,         -- the message's status when the event happened
    status_detail   TEXT,
    created_at      INTEGER NOT NULL,
    state           INTEGER NOT NULL,         -- 0 pending, 1 delivered, 2 dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,                  -- set while pending
    lease_until     INTEGER,                  -- set while a sender holds it
    last_attempt_at INTEGER,
    last_status     INTEGER,                  -- HTTP status of the last attempt (null: no answer)
    last_error      TEXT,
    delivered_at    INTEGER
);
CREATE INDEX ix_webhook_events_due ON webhook_events(next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX ix_webhook_events_webhook ON webhook_events(webhook_rowid, id);
CREATE INDEX ix_webhook_events_message ON webhook_events(message_rowid, webhook_rowid, id);
