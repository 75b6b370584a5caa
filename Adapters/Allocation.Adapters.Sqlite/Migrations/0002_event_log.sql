-- The event log: every domain event, written in the same transaction as the change that raised it.
-- SQLite has one writer at a time, so positions (rowid = the largest + 1) are taken in commit
-- order. They are never reused because trimming never deletes the newest row (no AUTOINCREMENT,
-- which would write sqlite_sequence on every insert). occurred_at is UTC, written
-- yyyy-MM-ddTHH:mm:ss.fffffffZ so that text order is time order.
CREATE TABLE event_log (
    position    INTEGER NOT NULL PRIMARY KEY,
    type        TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL
);

-- The out-of-stock notifier looks back for a SKU's last stock event. Allocated, the commonest
-- event, is left out of the index, so most inserts do not touch it.
CREATE INDEX event_log_stock_by_sku ON event_log (sku, position)
    WHERE type IN ('OutOfStock', 'BatchAdded', 'BatchQuantityChanged', 'Deallocated');

-- One row per subscriber: how far it has read, and which host holds it (a lease) right now.
CREATE TABLE event_subscriptions (
    subscriber  TEXT    NOT NULL PRIMARY KEY,
    position    INTEGER NOT NULL DEFAULT 0,
    owner       TEXT    NULL,
    lease_until TEXT    NULL,
    updated_at  TEXT    NOT NULL
);

-- Events a subscriber failed to handle too many times, set aside for an operator to replay.
-- A copy of the event is kept, so that trimming the log never loses a parked one.
CREATE TABLE parked_events (
    subscriber       TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    type             TEXT    NOT NULL,
    sku              TEXT    NOT NULL,
    data             TEXT    NOT NULL,
    occurred_at      TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    error            TEXT    NOT NULL,
    parked_at        TEXT    NOT NULL,
    replay_requested INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subscriber, position)
);
