package dev.hpm.store;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.jdbc.JdbcStore;

/**
 * Opens stores. {@code Stores.open(StoreSettings.embedded(dataDir), time)} gives the embedded H2
 * file {@code dataDir/hpm.mv.db}; a {@code jdbc:postgresql://host:port/db} URL gives PostgreSQL
 * (15 or newer). The schema is created or migrated on open.
 */
public final class Stores {
    private Stores() {
    }

    /**
     * Opens the store {@code settings} describe; {@code time} stamps audit entries and the creation
     * and change times of what operators define.
     *
     * @throws StoreException if the database cannot be reached or its schema is newer than this HPM;
     *                        the message names the URL (never the password) and the fix
     */
    public static Store open(StoreSettings settings, Timebase time) {
        return JdbcStore.open(settings, time);
    }
}
