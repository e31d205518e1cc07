package dev.hpm.server;

import dev.hpm.store.StoreSettings;

import java.nio.file.Path;

/** The API contract on the embedded H2 database. */
class ApiOnEmbeddedDatabaseTest extends ApiContractTest {
    @Override
    StoreSettings store(Path data) {
        return StoreSettings.embedded(data);
    }
}
