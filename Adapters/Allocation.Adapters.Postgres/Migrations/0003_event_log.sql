-- The event log: every domain event, written in the same transaction as the change that raised it.
-- A position is (the writing transaction's id << 20) + the event's place among its commit's events.
-- Readers take only positions below the oldest transaction still running, so an event is never
-- readable before an event below it that may still commit: no reader skips one (ADR 0009).
CREATE TABLE event_log (
    position    bigint       PRIMARY KEY,
    type        varchar(64)  NOT NULL,
    sku         varchar(255) NOT NULL,
    data        json         NOT NULL,
    occurred_at timestamptz  NOT NULL
);

-- The out-of-stock notifier looks back for a SKU's last stock event. Allocated, the commonest
-- event, is left out of the index, so most inserts do not touch it.
CREATE INDEX event_log_stock_by_sku ON event_log (sku, position)
    WHERE type IN ('OutOfStock', 'BatchAdded', 'BatchQuantityChanged', 'Deallocated');

-- One row per subscriber: how far it has read, and which host holds it (a lease) right now.
CREATE TABLE event_subscriptions (
    subscriber  varchar(255) PRIMARY KEY,
    position    bigint       NOT NULL DEFAULT 0,
    owner       varchar(255) NULL,
    lease_until timestamptz  NULL,
    updated_at  timestamptz  NOT NULL
);

-- Events a subscriber failed to handle too many times, set aside for an operator to replay.
-- A copy of the event is kept, so that trimming the log never loses a parked one.
CREATE TABLE parked_events (
    subscriber       varchar(255) NOT NULL,
    position         bigint       NOT NULL,
    type             varchar(64)  NOT NULL,
    sku              varchar(255) NOT NULL,
    data             json         NOT NULL,
    occurred_at      timestamptz  NOT NULL,
    attempts         integer      NOT NULL,
    error            text         NOT NULL,
    parked_at        timestamptz  NOT NULL,
    replay_requested boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (subscriber, position)
);
