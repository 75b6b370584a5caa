-- Products: one row per SKU; version_number is checked at every commit.
CREATE TABLE products (
    sku            varchar(255) PRIMARY KEY,
    version_number integer      NOT NULL DEFAULT 0 CHECK (version_number >= 0)
);

-- Batches: id is the insertion sequence (ties between equal ETAs go to the lower id).
-- allocated_quantity is maintained in the same transaction as the allocations below,
-- and can never exceed what was purchased.
CREATE TABLE batches (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference          varchar(255) NOT NULL UNIQUE,
    sku                varchar(255) NOT NULL REFERENCES products (sku),
    purchased_quantity integer      NOT NULL CHECK (purchased_quantity >= 0),
    allocated_quantity integer      NOT NULL DEFAULT 0 CHECK (allocated_quantity BETWEEN 0 AND purchased_quantity),
    eta                date         NULL
);
CREATE INDEX batches_by_sku ON batches (sku, id);

-- Allocations: one order line per (orderid, sku); id is the allocation sequence ("newest first").
CREATE TABLE allocations (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    orderid  varchar(255) NOT NULL,
    sku      varchar(255) NOT NULL,
    quantity integer      NOT NULL CHECK (quantity > 0),
    batch_id bigint       NOT NULL REFERENCES batches (id),
    CONSTRAINT allocations_one_line_per_order_and_sku UNIQUE (orderid, sku)
);
CREATE INDEX allocations_by_batch ON allocations (batch_id, id);
