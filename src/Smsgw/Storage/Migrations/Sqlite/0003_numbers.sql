-- Inbound numbers: which account receives the messages sent to each of our numbers (MO routing).
CREATE TABLE numbers (
    number     TEXT    PRIMARY KEY,          -- international digits without '+', or a short code
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX ix_numbers_account ON numbers(account_id);
