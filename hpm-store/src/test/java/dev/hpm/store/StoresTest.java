package dev.hpm.store;

import dev.hpm.store.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening stores that cannot be opened: the message names the URL, never the password, and the fix. */
class StoresTest {
    private final TestClock clock = new TestClock();

    @Test
    void open_postgresNotListening_namesTheUrlAndTheFixButNoPassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/hpm?password=in-the-url";
        StoreSettings settings = new StoreSettings(url, "hpm", "the-password", 2, Duration.ofHours(36));

        assertThatThrownBy(() -> Stores.open(settings, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the database jdbc:postgresql://127.0.0.1:" + port
                        + "/hpm?password=*** as user hpm")
                .hasMessageContaining("check that PostgreSQL runs at that host and port")
                .hasMessageNotContaining("in-the-url")
                .hasMessageNotContaining("the-password");
    }

    @Test
    void open_h2InADirectoryThatCannotBeCreated_saysSo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> Stores.open(StoreSettings.embedded(file), clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the database jdbc:h2:file:" + file)
                .hasMessageContaining("check that the data directory exists and that this user may write to it");
    }

    @Test
    void open_embedded_createsTheFileInTheDataDirectory(@TempDir Path dir) {
        try (Store store = Stores.open(StoreSettings.embedded(dir), clock)) {
            assertThat(store.describe()).isEqualTo("H2 file " + dir.resolve("hpm.mv.db"));
            assertThat(dir.resolve("hpm.mv.db")).exists();
        }
    }
}
