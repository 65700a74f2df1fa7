-- With one writer, a conversation's next number is one past the highest conv_seq in ix_messages_conversation (one
-- index seek). The counter row cost a page of its own per peer of a bulk send, rewritten at every commit: a third of
-- what an accept wrote to the WAL. The view serves reads of the whole store (the copy to PostgreSQL, whose nodes keep
-- counter rows); one conversation's count is read as MAX(conv_seq) directly, which the view's GROUP BY would scan for.
DROP TABLE conversations;
CREATE VIEW conversations AS SELECT account_id, peer, MAX(conv_seq) AS last_seq FROM messages GROUP BY account_id, peer;
