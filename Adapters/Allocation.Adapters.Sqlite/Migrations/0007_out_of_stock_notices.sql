-- The SKUs the out-of-stock mail has told people about, until stock for them is added or freed:
-- one row per open episode. Kept apart from the event log, so retention does not change who is told.
CREATE TABLE IF NOT EXISTS out_of_stock_notices (
    sku TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    notified_at TEXT NOT NULL
);

-- The notifier no longer looks back through the log for a SKU's last stock event.
DROP INDEX IF EXISTS event_log_stock_by_sku;
