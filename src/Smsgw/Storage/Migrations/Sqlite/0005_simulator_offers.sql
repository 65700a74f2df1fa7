-- How many times a message was handed to the simulator: more than once only when a dispatcher resolved an
-- in-doubt hand-off (a crash between the hand-off and its record), which the simulator answers idempotently.
ALTER TABLE simulator_submissions ADD COLUMN offers INTEGER NOT NULL DEFAULT 1;
