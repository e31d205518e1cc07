-- HPM store, schema version 3: server pools and DWM (docs/pool-api.md, docs/dwm.md).
-- A pool's DWM policy is a JSON document (the server's DwmPolicyCodec). A hypervisor is in at most
-- one pool: it is the key of pool_members. Host power settings hold the BMC password only as the
-- server's sealed secret (never the password itself). Plans keep their actions in their own rows so
-- that each action's state survives a kill of the server; migrations are the history of moves.

CREATE TABLE server_pools (
    id          VARCHAR(36) PRIMARY KEY,
    name        VARCHAR(256) NOT NULL,
    name_key    VARCHAR(256) NOT NULL UNIQUE,
    description VARCHAR NOT NULL,
    policy      VARCHAR NOT NULL,
    created     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE pool_members (
    hypervisor VARCHAR(1024) PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
    pool_id    VARCHAR(36) NOT NULL REFERENCES server_pools (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL
);
CREATE INDEX pool_members_pool ON pool_members (pool_id);

-- driver: none | ipmi | wol | simulated. password_secret: sealed by the server, NULL when none.
CREATE TABLE host_power_settings (
    hypervisor       VARCHAR(1024) PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
    driver           VARCHAR(16) NOT NULL,
    address          VARCHAR(256),
    port             INTEGER NOT NULL,
    username         VARCHAR(256),
    password_secret  VARCHAR(1024),
    mac              VARCHAR(32),
    power_on_timeout BIGINT NOT NULL,
    idle_watts       DOUBLE PRECISION NOT NULL,
    max_watts        DOUBLE PRECISION NOT NULL,
    updated          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- maintenance: none | entering | in | leaving; power: on | off | powering-on | powering-off | power-on-failed.
CREATE TABLE host_states (
    hypervisor        VARCHAR(1024) PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
    maintenance       VARCHAR(16) NOT NULL,
    maintenance_since TIMESTAMP WITH TIME ZONE NOT NULL,
    power             VARCHAR(16) NOT NULL,
    power_since       TIMESTAMP WITH TIME ZONE NOT NULL,
    power_detail      VARCHAR NOT NULL
);

-- before/projected/achieved: JSON efficacy documents (achieved NULL until measured).
CREATE TABLE pool_plans (
    id        VARCHAR(36) PRIMARY KEY,
    pool_id   VARCHAR(36) NOT NULL REFERENCES server_pools (id) ON DELETE CASCADE,
    created   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated   TIMESTAMP WITH TIME ZONE NOT NULL,
    status    VARCHAR(16) NOT NULL,
    goal      VARCHAR(32) NOT NULL,
    summary   VARCHAR NOT NULL,
    before_ef VARCHAR NOT NULL,
    projected VARCHAR NOT NULL,
    achieved  VARCHAR
);
CREATE INDEX pool_plans_pool ON pool_plans (pool_id, created);
CREATE INDEX pool_plans_status ON pool_plans (status);

CREATE TABLE pool_plan_actions (
    plan_id     VARCHAR(36) NOT NULL REFERENCES pool_plans (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    server_id   VARCHAR(64),
    server_name VARCHAR(512),
    from_host   VARCHAR(1024),
    to_host     VARCHAR(1024),
    host        VARCHAR(1024),
    reason      VARCHAR NOT NULL,
    state       VARCHAR(16) NOT NULL,
    progress    DOUBLE PRECISION NOT NULL,
    detail      VARCHAR NOT NULL,
    started     TIMESTAMP WITH TIME ZONE,
    ended       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (plan_id, position)
);

-- No foreign keys: the history outlives pools, plans and hosts.
CREATE TABLE migrations (
    id          VARCHAR(36) PRIMARY KEY,
    pool_id     VARCHAR(36),
    plan_id     VARCHAR(36),
    server_id   VARCHAR(64) NOT NULL,
    server_name VARCHAR(512) NOT NULL,
    from_host   VARCHAR(1024) NOT NULL,
    to_host     VARCHAR(1024) NOT NULL,
    started     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended       TIMESTAMP WITH TIME ZONE,
    state       VARCHAR(16) NOT NULL,
    progress    DOUBLE PRECISION NOT NULL,
    memory_mb   BIGINT NOT NULL,
    downtime_ms BIGINT,
    detail      VARCHAR NOT NULL
);
CREATE INDEX migrations_started ON migrations (started);
CREATE INDEX migrations_server ON migrations (server_id);
