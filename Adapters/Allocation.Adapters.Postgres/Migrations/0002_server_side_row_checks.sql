-- Fails the statement, and with it the transaction, when a write changed a number of rows other
-- than it expected (a lost race or a stale version). The adapter wraps each checked write in it,
-- so COMMIT can travel in the same round trip as the writes: a failed check turns it into a
-- rollback. SQLSTATE AL001 is Allocation's own.
CREATE FUNCTION allocation_expect_rows(changed bigint, expected integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF changed <> expected THEN
        RAISE EXCEPTION 'expected % row(s) to change, % did', expected, changed USING ERRCODE = 'AL001';
    END IF;
    RETURN expected;
END
$$;
