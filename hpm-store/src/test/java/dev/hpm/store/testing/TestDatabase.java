package dev.hpm.store.testing;

import dev.hpm.store.StoreSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A kind of database tests run on: each {@link #create()} gives the settings of a new, empty
 * database, and {@link #dropAll()} removes every one this instance created (call it after closing
 * the stores). {@link #h2()}: a temporary directory per database; {@link #postgres()}: a schema per
 * database in the {@link PostgresCluster} of this JVM.
 */
public sealed interface TestDatabase permits TestDatabase.H2, TestDatabase.Postgres {

    StoreSettings create();

    void dropAll();

    /** "H2" or "PostgreSQL", for messages. */
    String name();

    static TestDatabase h2() {
        return new H2(new ArrayList<>());
    }

    static TestDatabase postgres() {
        return new Postgres(PostgresCluster.shared(), new ArrayList<>());
    }

    /** Embedded H2 files in temporary directories. */
    record H2(List<Path> directories) implements TestDatabase {
        @Override
        public StoreSettings create() {
            try {
                Path dir = Files.createTempDirectory("hpm-store-h2-");
                directories.add(dir);
                return StoreSettings.embedded(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void dropAll() {
            for (Path dir : directories) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete test database " + dir, e);
                }
            }
            directories.clear();
        }

        @Override
        public String name() {
            return "H2";
        }
    }

    /** Schemas of the test PostgreSQL. */
    record Postgres(PostgresCluster cluster, List<String> schemas) implements TestDatabase {
        @Override
        public StoreSettings create() {
            String schema = cluster.newSchema();
            schemas.add(schema);
            return cluster.settings(schema);
        }

        @Override
        public void dropAll() {
            schemas.forEach(cluster::dropSchema);
            schemas.clear();
        }

        @Override
        public String name() {
            return "PostgreSQL";
        }
    }
}
