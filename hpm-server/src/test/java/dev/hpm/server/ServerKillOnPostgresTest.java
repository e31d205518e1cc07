package dev.hpm.server;

import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@code kill -9} of the server mid-stream of writes, with PostgreSQL as the store. */
@Tag("postgres")
class ServerKillOnPostgresTest {
    @Test
    void killDashNine_midStreamOfWrites_everyAcknowledgedWriteSurvives(@TempDir Path data) throws Exception {
        PostgresCluster postgres = PostgresCluster.shared();
        StoreSettings settings = postgres.settings(postgres.newSchema());
        ServerKillTest.verify(data, settings.jdbcUrl(), settings.user(), settings.password());
    }
}
