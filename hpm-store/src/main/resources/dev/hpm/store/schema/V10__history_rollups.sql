-- HPM store, schema version 10: history roll-ups at 5 minutes and 1 hour (docs/history.md). Each
-- row is one bucket (bucket_ms: its start, a multiple of the resolution since the epoch) of one
-- entity and holds what the queries need to combine buckets exactly: sums and counts of the
-- intervals, maxima, and the last interval's attributes of a server. They are written by
-- HistoryRollups once a bucket is complete (from the raw rows for 5 minutes, from the 5-minute rows
-- for 1 hour) and purged by their own retention. history_rollup_state holds, per resolution, the
-- end of the rolled-up time (buckets before rolled_to_ms are written; NULL: nothing rolled up yet,
-- the raw rows are rolled up from the oldest on); its row lock serialises the instances of a cluster.
CREATE TABLE history_rollup_state (
    resolution   VARCHAR(8) PRIMARY KEY,
    rolled_to_ms BIGINT
);
INSERT INTO history_rollup_state (resolution, rolled_to_ms) VALUES ('5m', NULL);
INSERT INTO history_rollup_state (resolution, rolled_to_ms) VALUES ('1h', NULL);

-- A host over a bucket: utilisation_* and collect_* make the averages; using/delay/intervals count
-- the intervals it answered in.
CREATE TABLE host_history_5m (
    bucket_ms         BIGINT NOT NULL,
    host              VARCHAR(1024) NOT NULL,
    connected         INTEGER NOT NULL,
    cpus              INTEGER NOT NULL,
    utilisation_sum   DOUBLE PRECISION NOT NULL,
    utilisation_count BIGINT NOT NULL,
    using_sum         DOUBLE PRECISION NOT NULL,
    delay_sum         DOUBLE PRECISION NOT NULL,
    intervals         BIGINT NOT NULL,
    servers           INTEGER NOT NULL,
    collect_sum       DOUBLE PRECISION NOT NULL,
    row_count         BIGINT NOT NULL,
    PRIMARY KEY (host, bucket_ms)
);
CREATE INDEX host_history_5m_at ON host_history_5m (bucket_ms);
CREATE TABLE host_history_1h (
    bucket_ms         BIGINT NOT NULL,
    host              VARCHAR(1024) NOT NULL,
    connected         INTEGER NOT NULL,
    cpus              INTEGER NOT NULL,
    utilisation_sum   DOUBLE PRECISION NOT NULL,
    utilisation_count BIGINT NOT NULL,
    using_sum         DOUBLE PRECISION NOT NULL,
    delay_sum         DOUBLE PRECISION NOT NULL,
    intervals         BIGINT NOT NULL,
    servers           INTEGER NOT NULL,
    collect_sum       DOUBLE PRECISION NOT NULL,
    row_count         BIGINT NOT NULL,
    PRIMARY KEY (host, bucket_ms)
);
CREATE INDEX host_history_1h_at ON host_history_1h (bucket_ms);

-- A virtual server over a bucket: the attributes of its last interval (last_ms), the sums of its
-- rows (using_v/delay_v over the rows with a velocity) and of the PIs of its response-time rows.
CREATE TABLE server_history_5m (
    bucket_ms     BIGINT NOT NULL,
    uuid          VARCHAR(64) NOT NULL,
    last_ms       BIGINT NOT NULL,
    name          VARCHAR(512) NOT NULL,
    host          VARCHAR(1024) NOT NULL,
    group_name    VARCHAR(256) NOT NULL,
    class_name    VARCHAR(256) NOT NULL,
    goal_velocity INTEGER NOT NULL,
    rt_goal       VARCHAR(64),
    shares        BIGINT NOT NULL,
    cap_cpus      DOUBLE PRECISION,
    using_sum     DOUBLE PRECISION NOT NULL,
    delay_sum     DOUBLE PRECISION NOT NULL,
    cpu_sum       DOUBLE PRECISION NOT NULL,
    using_v_sum   DOUBLE PRECISION NOT NULL,
    delay_v_sum   DOUBLE PRECISION NOT NULL,
    velocity_rows BIGINT NOT NULL,
    row_count     BIGINT NOT NULL,
    rt_pi_sum     DOUBLE PRECISION NOT NULL,
    rt_pi_rows    BIGINT NOT NULL,
    PRIMARY KEY (uuid, bucket_ms)
);
CREATE INDEX server_history_5m_at ON server_history_5m (bucket_ms);
CREATE TABLE server_history_1h (
    bucket_ms     BIGINT NOT NULL,
    uuid          VARCHAR(64) NOT NULL,
    last_ms       BIGINT NOT NULL,
    name          VARCHAR(512) NOT NULL,
    host          VARCHAR(1024) NOT NULL,
    group_name    VARCHAR(256) NOT NULL,
    class_name    VARCHAR(256) NOT NULL,
    goal_velocity INTEGER NOT NULL,
    rt_goal       VARCHAR(64),
    shares        BIGINT NOT NULL,
    cap_cpus      DOUBLE PRECISION,
    using_sum     DOUBLE PRECISION NOT NULL,
    delay_sum     DOUBLE PRECISION NOT NULL,
    cpu_sum       DOUBLE PRECISION NOT NULL,
    using_v_sum   DOUBLE PRECISION NOT NULL,
    delay_v_sum   DOUBLE PRECISION NOT NULL,
    velocity_rows BIGINT NOT NULL,
    row_count     BIGINT NOT NULL,
    rt_pi_sum     DOUBLE PRECISION NOT NULL,
    rt_pi_rows    BIGINT NOT NULL,
    PRIMARY KEY (uuid, bucket_ms)
);
CREATE INDEX server_history_1h_at ON server_history_1h (bucket_ms);

-- A workload resource group over a bucket, over all hosts: its classes summed per interval, then
-- over the intervals; worst_pi is the worst PI of a class with a goal in any interval (each PI of
-- the class's per-interval sums, as HistoryQueries computes it; NULL: none), max_servers the most
-- servers in one interval.
CREATE TABLE group_history_5m (
    bucket_ms   BIGINT NOT NULL,
    group_name  VARCHAR(256) NOT NULL,
    using_sum   DOUBLE PRECISION NOT NULL,
    delay_sum   DOUBLE PRECISION NOT NULL,
    worst_pi    DOUBLE PRECISION,
    max_servers INTEGER NOT NULL,
    intervals   BIGINT NOT NULL,
    PRIMARY KEY (group_name, bucket_ms)
);
CREATE INDEX group_history_5m_at ON group_history_5m (bucket_ms);
CREATE TABLE group_history_1h (
    bucket_ms   BIGINT NOT NULL,
    group_name  VARCHAR(256) NOT NULL,
    using_sum   DOUBLE PRECISION NOT NULL,
    delay_sum   DOUBLE PRECISION NOT NULL,
    worst_pi    DOUBLE PRECISION,
    max_servers INTEGER NOT NULL,
    intervals   BIGINT NOT NULL,
    PRIMARY KEY (group_name, bucket_ms)
);
CREATE INDEX group_history_1h_at ON group_history_1h (bucket_ms);
