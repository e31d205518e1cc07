package dev.hpm.libvirt.pool;

import dev.hpm.core.driver.DriverException;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.ConnectOptions;
import dev.hpm.libvirt.DomainInfo;
import dev.hpm.libvirt.JobStats;
import dev.hpm.libvirt.LibvirtDriver;
import dev.hpm.libvirt.LibvirtErrors;
import dev.hpm.libvirt.Migration;
import dev.hpm.libvirt.MigrationFlag;
import dev.hpm.libvirt.TypedParam;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One live migration of a server between two libvirt hosts, as a {@link PoolActuator.Handle}: the
 * pool runner polls it, it never blocks. {@link #run()} does the work on a thread of its own (see
 * {@link LibvirtPoolActuator}): it opens a connection to the source, finds the server by name and
 * calls {@code virDomainMigrateToURI3} peer-to-peer, which blocks until the migration ends. A
 * second thread with its own connection (a libvirt connection is used by one thread at a time in
 * HPM) watches the job meanwhile: it sets the maximum downtime once the job runs, reads the
 * progress every {@link LiveMigrationSettings#pollInterval()} and aborts the job
 * ({@code virDomainAbortJob}) once it has run for {@link LiveMigrationSettings#timeout()}.
 *
 * <p>A migration that fails or is aborted leaves the server running on its source (libvirt
 * resumes it there); the handle's detail says why it failed and whether the server still runs on
 * the source, as read back from the source after the failure.
 */
public final class LiveMigration implements PoolActuator.Handle {
    private final String server;
    private final LibvirtPoolActuator.MigrationHost from;
    private final LibvirtPoolActuator.MigrationHost to;
    private final LiveMigrationSettings settings;
    private final Timebase time;
    private volatile PoolActuator.State state = PoolActuator.State.RUNNING;
    private volatile double progress;
    private volatile String detail = "starting";
    private volatile boolean aborted;
    private volatile boolean finished;
    private volatile long elapsedNanos = -1;
    private volatile long downtimeMillis = -1;
    private volatile String uuid;
    private volatile String downtimeProblem;
    private final java.time.Instant started;
    private volatile java.time.Instant ended;

    LiveMigration(String server, LibvirtPoolActuator.MigrationHost from, LibvirtPoolActuator.MigrationHost to,
                  LiveMigrationSettings settings, Timebase time) {
        this.server = server;
        this.from = from;
        this.to = to;
        this.settings = settings;
        this.time = time;
        this.started = time.now();
    }

    /** When {@link LibvirtPoolActuator#migrate} started it (the injected clock). */
    public java.time.Instant started() {
        return started;
    }

    /** When it finished, succeeded or failed; empty while it runs. */
    public java.util.Optional<java.time.Instant> ended() {
        return java.util.Optional.ofNullable(ended);
    }

    @Override
    public PoolActuator.State state() {
        return state;
    }

    /**
     * 0…1: the highest share of the guest's data no longer to send seen so far (pages the guest
     * dirties again are sent again, so the share itself can fall back), below 1 until done.
     */
    @Override
    public double progress() {
        return progress;
    }

    @Override
    public String detail() {
        return detail;
    }

    public String server() {
        return server;
    }

    public String from() {
        return from.id();
    }

    public String to() {
        return to.id();
    }

    /** The server's UUID once found on the source; null before. */
    public String uuid() {
        return uuid;
    }

    /** How long {@code virDomainMigrateToURI3} took, once it returned. */
    public java.util.Optional<Duration> elapsed() {
        long e = elapsedNanos;
        return e < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(e));
    }

    /** The pause at the end as the destination reports it ({@code downtime} of its completed job). */
    public OptionalLong downtimeMillis() {
        long d = downtimeMillis;
        return d < 0 ? OptionalLong.empty() : OptionalLong.of(d);
    }

    /** The migration: blocks until it succeeded, failed or was aborted. Runs once, on its own thread. */
    void run() {
        long started = time.nanos();
        try (LibvirtDriver source = LibvirtDriver.open(ConnectOptions.of(from.uri()), time::nanos)) {
            DomainInfo domain = source.domains().findByName(server).orElse(null);
            if (domain == null || !domain.active()) {
                fail("server " + server + " is not running on " + from.id()
                        + (domain == null ? "" : " (it is " + domain.state() + ")"));
                return;
            }
            uuid = domain.uuid();
            Thread monitor = Thread.ofPlatform().daemon().name("hpm-migration-monitor-" + server)
                    .start(() -> watch(started));
            DriverException failure = null;
            try {
                source.domains().migrate(uuid, migration());
            } catch (DriverException e) {
                failure = e;
            } finally {
                elapsedNanos = time.nanos() - started;
                finished = true;
                monitor.interrupt();
                join(monitor);
            }
            if (failure == null) {
                succeeded();
            } else {
                failed(source, failure);
            }
        } catch (DriverException e) {
            fail("could not migrate " + server + " from " + from.id() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            fail("could not migrate " + server + " from " + from.id() + ": " + e);
        } catch (Error e) {
            fail("could not migrate " + server + " from " + from.id() + ": " + e);
            throw e;
        }
    }

    /** Live, peer-to-peer, persistent on the destination, undefined on the source, capped, auto-converging. */
    Migration migration() {
        Migration m = Migration.live(to.uri()).withBandwidth(settings.bandwidthMibPerSecond());
        if (to.migrationUri() != null) {
            m = m.with(new TypedParam.StringValue(Migration.PARAM_URI, to.migrationUri()));
        }
        return settings.autoConverge() ? m.with(MigrationFlag.AUTO_CONVERGE) : m;
    }

    private void succeeded() {
        try (LibvirtDriver destination = LibvirtDriver.open(ConnectOptions.of(to.uri()), time::nanos)) {
            destination.domains().jobStats(uuid, true).value("downtime").ifPresent(d -> downtimeMillis = d);
        } catch (DriverException e) {
            // the figure is optional; the migration itself succeeded
        }
        progress = 1;
        ended = time.now();
        detail = String.format(Locale.ROOT, "moved %s from %s to %s in %.1f s%s", server, from.id(), to.id(),
                elapsedNanos / 1e9, downtimeMillis < 0 ? "" : ", paused " + downtimeMillis + " ms")
                + (downtimeProblem == null ? "" : " (the maximum downtime could not be set: " + downtimeProblem + ")");
        state = PoolActuator.State.DONE;
    }

    private void failed(LibvirtDriver source, DriverException failure) {
        String why = aborted ? "aborted after the timeout of " + settings.timeout() + " (" + failure.getMessage() + ")"
                : failure.getMessage();
        String where;
        try {
            DomainInfo after = source.domains().info(uuid);
            where = after.active() ? "it keeps running on " + from.id() : "it is " + after.state() + " on " + from.id();
        } catch (DriverException e) {
            where = e.code() == LibvirtErrors.NO_DOMAIN ? "it is no longer on " + from.id()
                    : "its state on " + from.id() + " is unknown: " + e.getMessage();
        }
        fail(server + " could not move from " + from.id() + " to " + to.id() + ": " + why + "; " + where);
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String why) {
        ended = time.now();
        detail = why;
        state = PoolActuator.State.FAILED;
    }

    /**
     * The monitor: max downtime once the job runs, progress, abort at the timeout. Its connection
     * is opened again at the next poll if it fails, so that the timeout holds even then.
     */
    private void watch(long started) {
        boolean downtimeSet = false;
        LibvirtDriver source = null;
        try {
            while (!finished) {
                try {
                    Thread.sleep(settings.pollInterval());
                } catch (InterruptedException e) {
                    return;
                }
                if (finished) {
                    return;
                }
                try {
                    if (source == null) {
                        source = LibvirtDriver.open(ConnectOptions.of(from.uri()), time::nanos);
                    }
                    JobStats job = source.domains().jobStats(uuid, false);
                    if (job.active() && !downtimeSet) {
                        downtimeSet = true;
                        try {
                            source.domains().setMaxDowntime(uuid, settings.maxDowntime());
                        } catch (DriverException e) {
                            downtimeProblem = e.getMessage();
                        }
                    }
                    if (job.active()) {
                        job.progress().ifPresent(p -> progress = Math.max(progress, Math.min(p, 0.999)));
                        detail = String.format(Locale.ROOT, "migrating %s to %s: %.0f %%", server, to.id(),
                                progress * 100);
                    }
                    if (!aborted && time.nanos() - started >= settings.timeout().toNanos()) {
                        source.domains().abortJob(uuid);
                        aborted = true;
                    }
                } catch (DriverException e) {
                    if (e.code() == LibvirtErrors.NO_DOMAIN) {
                        return;
                    }
                    if (source != null && !source.isAlive()) {
                        source.close();
                        source = null;
                    }
                    // otherwise the job may have just ended; the migration call reports the outcome
                }
            }
        } finally {
            if (source != null) {
                source.close();
            }
        }
    }
}
