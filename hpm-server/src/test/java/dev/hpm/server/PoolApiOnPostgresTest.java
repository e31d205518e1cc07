package dev.hpm.server;

import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/** The server-pool API on a real PostgreSQL server (a throwaway cluster on loopback, a schema of its own). */
@Tag("postgres")
class PoolApiOnPostgresTest extends PoolApiContractTest {
    @Override
    StoreSettings store(Path data) {
        PostgresCluster postgres = PostgresCluster.shared();
        return postgres.settings(postgres.newSchema());
    }
}
