-- Products: one row per SKU; version_number is checked at every commit.
CREATE TABLE products (
    sku            TEXT    NOT NULL PRIMARY KEY,
    version_number INTEGER NOT NULL DEFAULT 0 CHECK (version_number >= 0)
);

-- Batches: id is the insertion sequence (ties between equal ETAs go to the lower id).
-- allocated_quantity is maintained in the same transaction as the allocations below,
-- and can never exceed what was purchased. eta is an ISO date (YYYY-MM-DD) or NULL.
CREATE TABLE batches (
    id                 INTEGER NOT NULL PRIMARY KEY,
    reference          TEXT    NOT NULL UNIQUE,
    sku                TEXT    NOT NULL REFERENCES products (sku),
    purchased_quantity INTEGER NOT NULL CHECK (purchased_quantity >= 0),
    allocated_quantity INTEGER NOT NULL DEFAULT 0 CHECK (allocated_quantity BETWEEN 0 AND purchased_quantity),
    eta                TEXT    NULL
);
CREATE INDEX batches_by_sku ON batches (sku, id);

-- Allocations: one order line per (orderid, sku); id is the allocation sequence ("newest first").
-- A new row's id is always above every existing one (rowid = max + 1), so order is kept.
CREATE TABLE allocations (
    id       INTEGER NOT NULL PRIMARY KEY,
    orderid  TEXT    NOT NULL,
    sku      TEXT    NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    CONSTRAINT allocations_one_line_per_order_and_sku UNIQUE (orderid, sku)
);
CREATE INDEX allocations_by_batch ON allocations (batch_id, id);
