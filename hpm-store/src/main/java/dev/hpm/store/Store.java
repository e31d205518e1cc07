package dev.hpm.store;

import java.util.function.Supplier;

/**
 * HPM's persistent state: the operator's definitions, the inventory of hosts and virtual servers
 * with what operators set on them, users and API tokens, the audit log, the metric history and
 * the dynamic resource adjustments. One embedded H2 file by default, PostgreSQL by JDBC URL;
 * the schema is migrated when the store opens. Every write is committed before the method returns
 * (it survives {@code kill -9} of the process). Thread-safe.
 */
public interface Store extends AutoCloseable {

    DefinitionRepository definitions();

    InventoryRepository inventory();

    UserRepository users();

    AuditLog audit();

    HistoryRepository history();

    AdjustmentRepository adjustments();

    /** Server pools, their DWM policies, host power settings and states. */
    PoolRepository pools();

    /** DWM plans with their actions, and the migration history. */
    PlanRepository plans();

    /** The load-balancing groups defined through the API. */
    BalancingRepository balancing();

    /** The instances of a cluster of managers on this database and their host leases (docs/cluster.md). */
    ClusterRepository cluster();

    /** The settings from before HPM of the servers HPM changed, kept for the next owner of a host (docs/cluster.md). */
    OriginalsRepository originals();

    /**
     * Runs {@code change}, a call of one writing method of a repository, and writes {@code entry}
     * to the audit log in the same transaction: both are committed, or neither. A change that
     * writes nothing (it threw before writing) writes no entry.
     *
     * @throws IllegalStateException if {@code change} makes more than one write transaction
     */
    <T> T audited(AuditLog.Record entry, Supplier<T> change);

    /** {@link #audited(AuditLog.Record, Supplier)} for a change without a result. */
    default void audited(AuditLog.Record entry, Runnable change) {
        audited(entry, () -> {
            change.run();
            return null;
        });
    }

    /**
     * Runs {@code work}, which calls writing methods of the repositories, as one transaction: every
     * write it makes on this thread joins it, and all are committed together (durably, once) when it
     * returns, or none if it throws. The server writes one interval this way (inventory, history,
     * adjustments), so that a reader never sees half an interval and the database commits once per
     * interval instead of once per host and adjustment.
     *
     * @param what for messages: what is being written
     */
    <T> T inOneTransaction(String what, Supplier<T> work);

    /**
     * Runs {@code work}, whose writes (transactions of their own, such as one per host of an
     * interval) are each committed as usual but made durable together once, when it returns or
     * throws, instead of once per commit (on H2 one checkpoint; on PostgreSQL the commits inside are
     * asynchronous and one synchronous commit at the end flushes them). Readers see each commit at
     * once; a kill of the process (on PostgreSQL: of the database server) during {@code work} may
     * lose what it committed. The server writes an interval this way.
     *
     * @param what for messages: what is being written
     */
    <T> T durableOnce(String what, Supplier<T> work);

    /**
     * How many servers, of whole hosts, an interval's write should put in one transaction (at least
     * one host each): on PostgreSQL 2,500, since a transaction per host cost about seven round trips
     * per host; on H2 1, one host each, since MVStore's larger transactions were slower
     * ({@code ./hpm bench fleet} at 100,000 servers, docs/history.md).
     */
    default int serversPerIntervalTransaction() {
        return 1;
    }

    /** For messages: "H2 file /var/lib/hpm/hpm.mv.db" or "PostgreSQL 15.18 at db.example:5432/hpm". */
    String describe();

    /** The schema version after migration. */
    int schemaVersion();

    @Override
    void close();
}
