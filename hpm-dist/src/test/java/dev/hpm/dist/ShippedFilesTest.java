package dev.hpm.dist;

import dev.hpm.server.config.ServerConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The systemd unit and the default configuration the archive ships, as an operator reads and installs them. */
class ShippedFilesTest {
    static final Path DIST = Path.of("hpm-dist/src/dist");
    static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @Test
    void defaultConfiguration_showsEverySettingWithItsDefault() throws IOException {
        String yaml = Files.readString(DIST.resolve("etc/hpm.yaml"));
        TreeSet<String> settings = new TreeSet<>(ServerConfigLoader.ENVIRONMENT.values());
        settings.addAll(List.of("database.pool-size", "control.default-level"));
        for (String setting : settings) {
            String leaf = setting.substring(setting.lastIndexOf('.') + 1);
            assertThat(yaml).as("%s in etc/hpm.yaml", setting).containsPattern("(?m)^#?\\s*(- )?" + leaf + ":");
        }
        Map<String, String> defaults = Map.of("host", "127.0.0.1", "port", "8460", "pool-size", "10", "retention", "36h",
                "interval", "10s", "default-level", "manage", "demo", "auto");
        defaults.forEach((key, value) -> assertThat(yaml).containsPattern("(?m)^#\\s*" + key + ": " + value + "\\b"));
        assertThat(yaml).containsPattern("(?m)^data-directory: /var/lib/hpm$");
    }

    @Test
    void systemdUnit_passesSystemdAnalyzeVerifyAndSecurity(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed (Debian's systemd package)");
        Path hpm = Files.createDirectories(dir.resolve("opt/hpm/bin")).resolve("hpm");
        Files.copy(DIST.resolve("bin/hpm"), hpm);
        hpm.toFile().setExecutable(true);
        Path unit = dir.resolve("hpm.service");
        Files.writeString(unit, Files.readString(DIST.resolve("systemd/hpm.service")).replace("/opt/hpm/bin/hpm", hpm.toString()));

        List<String> verify = run(SYSTEMD_ANALYZE.toString(), "verify", unit.toString());
        assertThat(verify).as("systemd-analyze verify").containsExactly("exit 0");
        List<String> security = run(SYSTEMD_ANALYZE.toString(), "security", "--offline=yes", "--threshold=40", unit.toString());
        System.out.println("systemd-analyze security: " + security.get(security.size() - 2));
        assertThat(security.getLast()).as(String.join("\n", security)).isEqualTo("exit 0");
    }

    /** The command's output lines, then "exit N". */
    static List<String> run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank()).toList());
        lines.add("exit " + p.waitFor());
        return lines;
    }
}
