-- HPM store, schema version 7: several hpm serve instances on one database (docs/cluster.md).
-- cluster_instances: one row per running instance, its heartbeat renewed with its leases.
-- host_leases: one row per host; owner NULL when free; epoch is the fencing token, raised by one at
-- every change of owner by a compare-and-set on (epoch, expiry). Times are epoch milliseconds.
CREATE TABLE cluster_instances (
    instance_id  VARCHAR(200) PRIMARY KEY,
    address      VARCHAR(1024) NOT NULL,
    started_ms   BIGINT NOT NULL,
    heartbeat_ms BIGINT NOT NULL
);

CREATE TABLE host_leases (
    host        VARCHAR(1024) PRIMARY KEY,
    owner       VARCHAR(200),
    epoch       BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    acquired_ms BIGINT,
    renewed_ms  BIGINT
);
