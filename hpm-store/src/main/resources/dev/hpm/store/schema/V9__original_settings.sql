-- HPM store, schema version 9: the scheduler settings each server had before HPM first changed it
-- (docs/cluster.md, "Settings from before HPM"), written before that change by the instance that
-- made it, read by the next owner of the host (a failover, a restart after a crash) so that it
-- restores these and not the settings it found; removed when the server is restored or leaves the
-- host. cap_cpus NULL: no cap.
CREATE TABLE original_settings (
    host       VARCHAR(1024) NOT NULL,
    vs_uuid    VARCHAR(64) NOT NULL,
    cpu_shares BIGINT NOT NULL,
    cap_cpus   DOUBLE PRECISION,
    PRIMARY KEY (host, vs_uuid)
);
