-- Positions in commit order, below 2^53, that survive a restore (ADR 0015).
--
-- A commit takes its positions as its first statement, after every product lock it needs and
-- before it writes anything: allocation_take_positions gives the transaction its id and its first
-- position together, inside a short critical section, so transaction ids and positions are handed
-- out in the same order. Readers take an event once its transaction id is below the oldest one
-- still running (tx below the snapshot's xmin): every event below it in position order has then
-- committed or rolled back. Writers of one SKU queue on its lock, so the later one takes its
-- positions after the earlier one committed: per-SKU order is commit order.
--
-- A position is the larger of the next number and the database server's clock in microseconds:
-- 1.8e15 today, 2^53 in the year 2255, and above every position handed out before a restore of an
-- older copy as long as the clock is right. Hosts of an earlier version cannot write events after
-- this migration (tx has no default): stop them before it runs.
CREATE SEQUENCE event_log_position AS bigint MINVALUE 0 START 0 NO CYCLE;
SELECT setval('event_log_position', COALESCE((SELECT MAX(position) FROM event_log), 0), true);

ALTER TABLE event_log ADD COLUMN tx xid8 NOT NULL DEFAULT '0';
ALTER TABLE event_log ALTER COLUMN tx DROP DEFAULT;

-- Takes `events` consecutive positions for the calling transaction and returns the first; the
-- transaction must not have written or row-locked anything yet (SQLSTATE AL002 otherwise).
CREATE FUNCTION allocation_take_positions(events integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    first bigint;
BEGIN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'event positions must be taken before the transaction writes or locks a row' USING ERRCODE = 'AL002';
    END IF;
    PERFORM pg_advisory_lock(7414061981208405874);
    BEGIN
        PERFORM pg_current_xact_id(); -- assigned here, in position order
        first := GREATEST(nextval('event_log_position'), (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
        PERFORM setval('event_log_position', first + events - 1, true);
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        PERFORM pg_advisory_unlock(7414061981208405874);
        RAISE;
    END;
    PERFORM pg_advisory_unlock(7414061981208405874);
    PERFORM set_config('allocation.first_position', first::text, true);
    RETURN first;
END
$$;
