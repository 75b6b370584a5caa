-- Messages from other systems already handled (an inbox): a row commits with the change the
-- message made, so a message delivered twice changes the store once. received_at is UTC text.
CREATE TABLE inbox (
    message_id  TEXT NOT NULL PRIMARY KEY,
    received_at TEXT NOT NULL
);
