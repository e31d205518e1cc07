package dev.hpm.server;

import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/** {@link RobustnessTest} on a real PostgreSQL server: the races and the audit through its locks. */
@Tag("postgres")
class RobustnessOnPostgresTest extends RobustnessTest {
    @Override
    StoreSettings store(Path data) {
        PostgresCluster postgres = PostgresCluster.shared();
        return postgres.settings(postgres.newSchema());
    }
}
