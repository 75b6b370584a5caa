-- Messages from other systems already handled (an inbox): a row commits with the change the
-- message made, so a message delivered twice changes the store once. A second handler of the same
-- message waits on the first one's row, then finds it.
CREATE TABLE inbox (
    message_id  varchar(255) PRIMARY KEY,
    received_at timestamptz  NOT NULL
);
