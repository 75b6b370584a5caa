-- The newest position retention has deleted, so that a reader whose cursor lies below it is told
-- it missed events (410 events-trimmed) instead of skipping them. One row. A log trimmed before this
-- migration counts as trimmed up to just below its oldest event.
CREATE TABLE IF NOT EXISTS event_log_trimmed (
    id integer PRIMARY KEY CHECK (id = 1),
    through bigint NOT NULL
);
INSERT INTO event_log_trimmed (id, through) VALUES (1, COALESCE((SELECT MIN(position) - 1 FROM event_log), 0)) ON CONFLICT (id) DO NOTHING;
