-- HPM store, schema version 11: the roll-ups of the service classes' history (docs/history.md), at
-- 5 minutes and 1 hour like those of V10, written by the same roll-up (HistoryRollups) and purged by
-- the same retentions. A row is one bucket (bucket_ms) of a class on one host, or, with host '' (no
-- host has an empty name), of the class summed over all hosts: its intervals summed per interval
-- over the hosts, then over the bucket (servers: the most in one interval; importance and goals:
-- the last interval's), as HistoryQueries computes it. using_sum, delay_sum and intervals make the
-- velocity and the averages; completions, rt_millis, pi_weighted (Σ PI · completions over the
-- intervals with a PI) and pi_weights (their completions) make a response-time class's PI
-- (ResponseTimePi.overSpan) exactly.
CREATE TABLE class_history_5m (
    bucket_ms       BIGINT NOT NULL,
    host            VARCHAR(1024) NOT NULL,
    group_name      VARCHAR(256) NOT NULL,
    class_name      VARCHAR(256) NOT NULL,
    importance      VARCHAR(16) NOT NULL,
    goal_velocity   INTEGER NOT NULL,
    using_sum       DOUBLE PRECISION NOT NULL,
    delay_sum       DOUBLE PRECISION NOT NULL,
    intervals       BIGINT NOT NULL,
    worst_server_pi DOUBLE PRECISION,
    servers         INTEGER NOT NULL,
    rt_goal         VARCHAR(64),
    completions     BIGINT NOT NULL,
    rt_millis       DOUBLE PRECISION NOT NULL,
    pi_weighted     DOUBLE PRECISION NOT NULL,
    pi_weights      BIGINT NOT NULL,
    PRIMARY KEY (group_name, class_name, host, bucket_ms)
);
CREATE INDEX class_history_5m_at ON class_history_5m (bucket_ms);
CREATE TABLE class_history_1h (
    bucket_ms       BIGINT NOT NULL,
    host            VARCHAR(1024) NOT NULL,
    group_name      VARCHAR(256) NOT NULL,
    class_name      VARCHAR(256) NOT NULL,
    importance      VARCHAR(16) NOT NULL,
    goal_velocity   INTEGER NOT NULL,
    using_sum       DOUBLE PRECISION NOT NULL,
    delay_sum       DOUBLE PRECISION NOT NULL,
    intervals       BIGINT NOT NULL,
    worst_server_pi DOUBLE PRECISION,
    servers         INTEGER NOT NULL,
    rt_goal         VARCHAR(64),
    completions     BIGINT NOT NULL,
    rt_millis       DOUBLE PRECISION NOT NULL,
    pi_weighted     DOUBLE PRECISION NOT NULL,
    pi_weights      BIGINT NOT NULL,
    PRIMARY KEY (group_name, class_name, host, bucket_ms)
);
CREATE INDEX class_history_1h_at ON class_history_1h (bucket_ms);

-- What V10 rolled up has no class rows: the roll-up goes back to the first whole bucket of the raw
-- rows (the latest of the raw tables' oldest rows, rounded up to 5 minutes, and to an hour for the
-- hourly roll-up: the bucket before may have lost rows to the purge) and rolls up from there again,
-- the classes with the hosts, servers and groups, whose rows come out the same (a roll-up replaces
-- its buckets' rows). The next roll-up does it, a span at a time. Without class rows, or with nothing
-- rolled up yet (NULL: all is rolled up from the oldest raw row), nothing changes.
UPDATE history_rollup_state SET rolled_to_ms = LEAST(rolled_to_ms, (
    SELECT m + MOD(300000 - MOD(m, 300000), 300000) FROM (
        SELECT MAX(oldest) AS m FROM (SELECT MIN(at_ms) AS oldest FROM host_history
            UNION ALL SELECT MIN(at_ms) FROM server_history
            UNION ALL SELECT MIN(at_ms) FROM class_history) o) t))
WHERE resolution = '5m' AND rolled_to_ms IS NOT NULL AND EXISTS (SELECT 1 FROM class_history);
UPDATE history_rollup_state SET rolled_to_ms = LEAST(rolled_to_ms, (
    SELECT m + MOD(3600000 - MOD(m, 3600000), 3600000) FROM (
        SELECT MAX(oldest) AS m FROM (SELECT MIN(at_ms) AS oldest FROM host_history
            UNION ALL SELECT MIN(at_ms) FROM server_history
            UNION ALL SELECT MIN(at_ms) FROM class_history) o) t))
WHERE resolution = '1h' AND rolled_to_ms IS NOT NULL AND EXISTS (SELECT 1 FROM class_history);
