-- Parts of concatenated inbound messages (SMPP MO), each stored before the SMSC gets its deliver_sm_resp and kept
-- until the whole message is stored. done_at marks a finished message, so a part delivered again soon after is
-- acknowledged and ignored instead of starting a new message; finished rows are purged later.
CREATE TABLE inbound_parts (
    carrier     TEXT    NOT NULL,
    sender      TEXT    NOT NULL,
    receiver    TEXT    NOT NULL,
    reference   INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    part_no     INTEGER NOT NULL,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    text        TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    done_at     INTEGER,
    PRIMARY KEY (carrier, sender, receiver, reference, total, part_no)
) WITHOUT ROWID;
CREATE INDEX ix_inbound_parts_pending ON inbound_parts(received_at) WHERE done_at IS NULL;
CREATE INDEX ix_inbound_parts_done ON inbound_parts(done_at) WHERE done_at IS NOT NULL;
