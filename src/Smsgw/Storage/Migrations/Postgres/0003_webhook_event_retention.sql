-- Finished webhook events (delivered or dead: no next attempt) by age, so the purge past the retention finds them
-- without scanning the outbox.
CREATE INDEX ix_webhook_events_finished ON webhook_events(created_at) WHERE next_attempt_at IS NULL;
