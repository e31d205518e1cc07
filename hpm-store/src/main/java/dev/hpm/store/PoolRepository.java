package dev.hpm.store;

import dev.hpm.core.model.Names;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Server pools (docs/pool-api.md): each pool's hypervisors (a hypervisor is in at most one pool)
 * and DWM policy, each host's power settings and its maintenance and power state. Every write is
 * checked first and refused with every problem named ({@code InvalidDefinitionException}); a name
 * or hypervisor already taken is a {@link ConflictException}. The BMC password reaches the store
 * only sealed by the server (an opaque string), is never part of a {@code toString} and never
 * leaves the store except to the power driver that unseals it.
 */
public interface PoolRepository {

    /**
     * One pool. {@code policy} is the DWM policy document (JSON, written and read by the server's
     * codec); {@code hypervisors} the host ids in the operator's order.
     */
    record PoolRecord(String id, String name, String description, List<String> hypervisors, String policy,
                      Instant created, Instant updated) {
        public PoolRecord {
            hypervisors = List.copyOf(hypervisors);
        }
    }

    /** A change of a pool; absent fields stay as they are. */
    record PoolChange(Optional<String> name, Optional<String> description, Optional<List<String>> hypervisors) {
    }

    /** How a host's power is switched. */
    enum Driver {
        NONE, IPMI, WOL, SIMULATED;

        public String label() {
            return Names.label(this);
        }
    }

    /**
     * A host's power settings. {@code passwordSecret} is the BMC password as the server sealed it
     * (null: none set); on write, null keeps the stored one.
     */
    record PowerSettings(String hypervisor, Driver driver, String address, int port, String username,
                         String passwordSecret, String mac, Duration powerOnTimeout, double idleWatts,
                         double maxWatts) {
        /** No power control: what a host without settings has. */
        public static PowerSettings none(String hypervisor) {
            return new PowerSettings(hypervisor, Driver.NONE, null, 623, null, null, null, Duration.ofMinutes(5), 100,
                    200);
        }

        public boolean passwordSet() {
            return passwordSecret != null;
        }

        public PowerSettings withPasswordSecret(String value) {
            return new PowerSettings(hypervisor, driver, address, port, username, value, mac, powerOnTimeout, idleWatts,
                    maxWatts);
        }

        @Override
        public String toString() {
            return "PowerSettings[" + hypervisor + ", " + driver.label() + ", " + address + ":" + port + ", user "
                    + username + ", password " + (passwordSet() ? "set" : "not set") + "]"; // never the secret
        }
    }

    /** A host's maintenance mode. */
    enum Maintenance {
        NONE, ENTERING, IN, LEAVING;

        public String label() {
            return Names.label(this);
        }
    }

    /** A host's power state as the API shows it. */
    enum Power {
        ON, OFF, POWERING_ON, POWERING_OFF, POWER_ON_FAILED;

        public String label() {
            return Names.label(this);
        }
    }

    /** A host's maintenance and power state, each with when it began. */
    record HostState(String hypervisor, Maintenance maintenance, Instant maintenanceSince, Power power,
                     Instant powerSince, String powerDetail) {
    }

    List<PoolRecord> pools();

    /** A pool by id, or by name (without regard to case) if no id matches. */
    Optional<PoolRecord> pool(String idOrName);

    /** The pool {@code hypervisor} belongs to. */
    Optional<PoolRecord> poolOf(String hypervisor);

    /**
     * @throws dev.hpm.core.model.InvalidDefinitionException naming every problem (blank or long name,
     *         unknown hypervisor, a hypervisor listed twice, an empty policy)
     * @throws ConflictException if the name is taken or a hypervisor is in another pool
     */
    PoolRecord create(String name, String description, List<String> hypervisors, String policy);

    /** @throws NotFoundException, InvalidDefinitionException, ConflictException as {@link #create} */
    PoolRecord update(String id, PoolChange change);

    /** Replaces the pool's DWM policy document. @throws NotFoundException if there is no such pool */
    PoolRecord setPolicy(String id, String policy);

    /** Deletes the pool, its membership and its plans (the migration history stays). */
    void delete(String id);

    /** The host's power settings, {@link PowerSettings#none} if it has none. */
    PowerSettings powerSettings(String hypervisor);

    /**
     * Replaces the host's power settings ({@code passwordSecret} null keeps the stored one).
     *
     * @throws NotFoundException if the host is unknown
     * @throws dev.hpm.core.model.InvalidDefinitionException naming every problem
     */
    PowerSettings setPowerSettings(PowerSettings settings);

    /** The host's state: maintenance {@code none} and power {@code on} since {@code at} if none is stored. */
    HostState hostState(String hypervisor, Instant at);

    List<HostState> hostStates();

    /** @throws NotFoundException if the host is unknown */
    HostState setMaintenance(String hypervisor, Maintenance state, Instant at);

    /** @throws NotFoundException if the host is unknown */
    HostState setPower(String hypervisor, Power state, String detail, Instant at);
}
