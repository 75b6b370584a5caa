-- Trims the inbox oldest first (Allocation:Events:InboxRetention) without a scan.
CREATE INDEX IF NOT EXISTS inbox_by_received_at ON inbox (received_at);
