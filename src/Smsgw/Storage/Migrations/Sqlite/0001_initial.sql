-- Instants are unix milliseconds (UTC). Numbers are international digits without '+'.
CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL UNIQUE,
    client_id    TEXT    NOT NULL UNIQUE,
    secret_hash  BLOB    NOT NULL,
    disabled     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
);

-- One row per (account, other party): last_seq numbers the conversation so a page is an index range.
CREATE TABLE conversations (
    account_id INTEGER NOT NULL,
    peer       TEXT    NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (account_id, peer)
) WITHOUT ROWID;

-- Per account and direction: numbers the inbox (inbound) and the history (outbound).
CREATE TABLE account_sequences (
    account_id INTEGER NOT NULL,
    direction  INTEGER NOT NULL,
    last_seq   INTEGER NOT NULL,
    PRIMARY KEY (account_id, direction)
) WITHOUT ROWID;

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    direction     INTEGER NOT NULL,          -- 0 outbound, 1 inbound
    message_id    TEXT,                      -- public id of an outbound message
    external_id   TEXT,                      -- carrier-side id of an inbound message, for de-duplication
    peer          TEXT    NOT NULL,          -- the other party: receiver of outbound, sender of inbound
    local         TEXT    NOT NULL,          -- our side: sender of outbound, receiver of inbound
    body          TEXT    NOT NULL,
    reference     TEXT,
    subid         TEXT,
    encoding      INTEGER NOT NULL,
    parts         INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    conv_seq      INTEGER NOT NULL,
    list_seq      INTEGER NOT NULL,
    status        INTEGER NOT NULL,
    status_at     INTEGER NOT NULL,
    status_detail TEXT,
    scheduled_at  INTEGER,
    due_at        INTEGER,                   -- set while the message waits for the dispatcher
    valid_until   INTEGER,
    lease_until   INTEGER,                   -- set while a dispatcher holds the message
    carrier       TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    has_files     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX ix_messages_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX ix_messages_external_id ON messages(account_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX ix_messages_conversation ON messages(account_id, peer, conv_seq);
CREATE UNIQUE INDEX ix_messages_list ON messages(account_id, direction, list_seq);
CREATE INDEX ix_messages_due ON messages(due_at) WHERE due_at IS NOT NULL;

-- One row per submitted part: what the carrier called it, and its own receipt.
CREATE TABLE message_parts (
    message_rowid      INTEGER NOT NULL,
    part_no            INTEGER NOT NULL,
    carrier            TEXT    NOT NULL,
    carrier_message_id TEXT    NOT NULL,
    status             INTEGER NOT NULL,
    error_code         TEXT,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (message_rowid, part_no)
) WITHOUT ROWID;
CREATE INDEX ix_message_parts_carrier_id ON message_parts(carrier, carrier_message_id);

-- Receipts that matched no part (yet): kept, visible, and applied if the part shows up later.
CREATE TABLE unmatched_receipts (
    id                 INTEGER PRIMARY KEY,
    carrier            TEXT    NOT NULL,
    carrier_message_id TEXT    NOT NULL,
    status             INTEGER NOT NULL,
    error_code         TEXT,
    received_at        INTEGER NOT NULL
);
CREATE INDEX ix_unmatched_receipts_carrier_id ON unmatched_receipts(carrier, carrier_message_id);

CREATE TABLE message_files (
    token          TEXT    PRIMARY KEY,
    message_rowid  INTEGER NOT NULL,
    ordinal        INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    mime           TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    path           TEXT    NOT NULL
);
CREATE INDEX ix_message_files_message ON message_files(message_rowid, ordinal);

CREATE TABLE idempotency_keys (
    account_id   INTEGER NOT NULL,
    key          TEXT    NOT NULL,
    request_hash BLOB    NOT NULL,
    response     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) WITHOUT ROWID;

-- The simulator carrier's own memory: what it accepted, and the receipts and replies it still owes.
CREATE TABLE simulator_submissions (
    message_id  TEXT PRIMARY KEY,
    carrier_ids TEXT NOT NULL,
    accepted_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE simulator_events (
    id                 INTEGER PRIMARY KEY,
    due_at             INTEGER NOT NULL,
    kind               INTEGER NOT NULL,     -- 0 receipt, 1 reply
    carrier_message_id TEXT    NOT NULL,
    status             INTEGER NOT NULL,
    account_id         INTEGER NOT NULL,
    sender             TEXT    NOT NULL,
    receiver           TEXT    NOT NULL,
    text               TEXT
);
CREATE INDEX ix_simulator_events_due ON simulator_events(due_at);
