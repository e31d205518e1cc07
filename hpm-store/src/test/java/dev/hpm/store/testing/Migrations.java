package dev.hpm.store.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** The migration scripts of this build, as the tests expect them applied (so a new script needs no test edits). */
public final class Migrations {
    /** The scripts' versions in order ("1", "2", …). */
    public static final List<String> VERSIONS = scriptVersions();
    /** The newest version: a new database's schema version. */
    public static final int LATEST = Integer.parseInt(VERSIONS.getLast());

    private Migrations() {
    }

    private static List<String> scriptVersions() {
        try (var files = Files.list(Path.of(Migrations.class.getClassLoader().getResource("dev/hpm/store/schema").toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__"))).sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the migration scripts: " + e, e);
        }
    }
}
