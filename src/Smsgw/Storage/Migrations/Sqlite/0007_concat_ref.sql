-- The concatenation reference a long outbound message's parts carry, chosen at its first lease and kept for every
-- retry: parts sent again after a failure then join the parts the handset already has instead of starting a second,
-- never complete message. Null until leased, and for single-part messages.
ALTER TABLE messages ADD COLUMN concat_ref INTEGER;
