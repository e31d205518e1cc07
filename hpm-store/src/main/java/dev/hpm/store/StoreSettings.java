package dev.hpm.store;

import dev.hpm.core.model.Problems;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the store lives and how long it keeps history.
 *
 * @param jdbcUrl      {@code jdbc:h2:file:…} (embedded) or {@code jdbc:postgresql://host:port/db}
 * @param user         database user (may be empty for H2)
 * @param password     database password (never logged)
 * @param maxPoolSize  connections at most
 * @param retention    raw metric history (a row per interval) and adjustments older than this are
 *                     deleted (default 36 h; {@code history.retention})
 * @param retention5m  5-minute roll-ups of the history older than this are deleted (default 7 days, or
 *                     the raw retention if that is longer; {@code history.retention-5m}); at least {@code retention}
 * @param retention1h  hourly roll-ups older than this are deleted (default 90 days, or the 5-minute
 *                     retention if that is longer; {@code history.retention-1h}); at least {@code retention5m}
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize, Duration retention,
                            Duration retention5m, Duration retention1h) {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(36);
    public static final Duration DEFAULT_RETENTION_5M = Duration.ofDays(7);
    public static final Duration DEFAULT_RETENTION_1H = Duration.ofDays(90);

    /** With the roll-ups' default retentions (each at least the finer one's). */
    public StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize, Duration retention) {
        this(jdbcUrl, user, password, maxPoolSize, retention, defaultRollup(DEFAULT_RETENTION_5M, retention), null);
    }

    /** {@code fallback}, or {@code finer} if that is longer (null if finer is). */
    public static Duration defaultRollup(Duration fallback, Duration finer) {
        return finer == null ? null : finer.compareTo(fallback) > 0 ? finer : fallback;
    }

    public StoreSettings {
        if (retention1h == null && retention5m != null) {
            retention1h = defaultRollup(DEFAULT_RETENTION_1H, retention5m);
        }
        Problems p = new Problems();
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.startsWith("jdbc:postgresql:"))) {
            p.add("database.url", jdbcUrl, "use jdbc:postgresql://HOST:PORT/DB, or leave it out for the embedded database");
        }
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            p.add("database.pool-size", maxPoolSize, "use 1 to 200");
        }
        if (retention == null || retention.toMinutes() < 10) {
            p.add("history.retention", retention, "keep history for at least 10m, e.g. 36h");
        }
        if (retention5m == null || (retention != null && retention5m.compareTo(retention) < 0)) {
            p.add("history.retention-5m", text(retention5m), "keep the 5-minute roll-ups at least as long as "
                    + "history.retention (" + text(retention) + "), e.g. 7d");
        }
        if (retention1h == null || (retention5m != null && retention1h.compareTo(retention5m) < 0)) {
            p.add("history.retention-1h", text(retention1h), "keep the hourly roll-ups at least as long as "
                    + "history.retention-5m (" + text(retention5m) + "), e.g. 90d");
        }
        p.throwIfAny();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    private static String text(Duration d) {
        return d == null ? null : dev.hpm.codec.Units.format(d);
    }

    /** The embedded database in {@code dataDirectory} (file {@code hpm.mv.db}). */
    public static StoreSettings embedded(Path dataDirectory) {
        return new StoreSettings("jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("hpm"), "", "", 10,
                DEFAULT_RETENTION);
    }

    public StoreSettings withRetention(Duration newRetention) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize, newRetention,
                defaultRollup(retention5m, newRetention), null);
    }

    /** The same store with these retentions of the roll-ups (raw history's unchanged). */
    public StoreSettings withRollupRetention(Duration fiveMinutes, Duration hourly) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize, retention, fiveMinutes, hourly);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + jdbcUrl + ", user " + user + ", pool " + maxPoolSize + ", retention " + retention + ", 5m "
                + retention5m + ", 1h " + retention1h + "]";
    }
}
