package dev.hpm.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sealed BMC passwords: they open with the data directory's key only, and the key file is private. */
class SecretBoxTest {
    @Test
    void seal_opensWithTheSameKey_notWithAnother(@TempDir Path one, @TempDir Path two) throws Exception {
        SecretBox box = SecretBox.in(one);
        String sealed = box.seal("bmc-password");

        assertThat(sealed).startsWith("aes-gcm$").doesNotContain("bmc-password");
        assertThat(box.seal("bmc-password")).as("a new IV each time").isNotEqualTo(sealed);
        assertThat(SecretBox.in(one).open(sealed)).as("the key file is kept").isEqualTo("bmc-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(one.resolve("secrets.key"))))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> SecretBox.in(two).open(sealed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set the password again");
        assertThatThrownBy(() -> box.open("plain")).isInstanceOf(IllegalArgumentException.class);
    }
}
