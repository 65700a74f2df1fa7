-- What the carrier called a message it took as one submit (one part, or a long text in one message_payload), kept on
-- the message's own row: its outcome and its receipts then write one row, not that row and a message_parts row as well.
-- Messages the carrier took in several parts keep one message_parts row each, as before, and so do those recorded
-- before this column existed.
ALTER TABLE messages ADD COLUMN carrier_message_id TEXT;
CREATE INDEX ix_messages_carrier_id ON messages(carrier, carrier_message_id) WHERE carrier_message_id IS NOT NULL;
