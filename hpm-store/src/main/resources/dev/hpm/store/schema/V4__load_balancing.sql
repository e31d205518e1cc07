-- HPM store, schema version 4: load-balancing groups defined through the API (docs/workload-balancing.md)
-- and their members.
CREATE TABLE lb_groups (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    description VARCHAR(1000) NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    updated TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE lb_members (
    group_id VARCHAR(64) NOT NULL REFERENCES lb_groups (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name VARCHAR(64) NOT NULL,
    virtual_server VARCHAR(200) NOT NULL,
    address VARCHAR(64) NOT NULL,
    port INTEGER NOT NULL,
    protocol VARCHAR(8) NOT NULL,
    PRIMARY KEY (group_id, name)
);
