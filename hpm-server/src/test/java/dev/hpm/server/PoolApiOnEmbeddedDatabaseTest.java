package dev.hpm.server;

import dev.hpm.store.StoreSettings;

import java.nio.file.Path;

/** The server-pool API on the embedded H2 database. */
class PoolApiOnEmbeddedDatabaseTest extends PoolApiContractTest {
    @Override
    StoreSettings store(Path data) {
        return StoreSettings.embedded(data);
    }
}
