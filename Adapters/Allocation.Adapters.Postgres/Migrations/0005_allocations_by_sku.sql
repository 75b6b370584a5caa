-- Lists a product's allocations in the order they were made (GET /products/{sku}/allocations) without a scan.
CREATE INDEX IF NOT EXISTS allocations_by_sku ON allocations (sku, id);
