package dev.hpm.server;

import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/** The API contract on a real PostgreSQL server (a throwaway cluster on loopback, a schema of its own). */
@Tag("postgres")
class ApiOnPostgresTest extends ApiContractTest {
    @Override
    StoreSettings store(Path data) {
        PostgresCluster postgres = PostgresCluster.shared();
        return postgres.settings(postgres.newSchema());
    }
}
