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
 * @param retention    metric history and adjustments older than this are deleted (default 36 h)
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize, Duration retention) {
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(36);

    public StoreSettings {
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
        p.throwIfAny();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    /** The embedded database in {@code dataDirectory} (file {@code hpm.mv.db}). */
    public static StoreSettings embedded(Path dataDirectory) {
        return new StoreSettings("jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("hpm"), "", "", 10,
                DEFAULT_RETENTION);
    }

    public StoreSettings withRetention(Duration newRetention) {
        return new StoreSettings(jdbcUrl, user, password, maxPoolSize, newRetention);
    }

    @Override
    public String toString() {
        return "StoreSettings[" + jdbcUrl + ", user " + user + ", pool " + maxPoolSize + ", retention " + retention + "]";
    }
}
