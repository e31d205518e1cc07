package dev.hpm.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The CLI configuration file ({@code ~/.config/hpm/cli.yaml}, or {@code --cli-config},
 * {@code HPM_CLI_CONFIG}): YAML with the keys {@code server}, {@code user}, {@code password-file},
 * {@code token-file} and {@code ca-file}. Secrets stay in files of their own; relative paths are
 * relative to the configuration file, {@code ~/} to the home directory. The file must not be
 * readable by others.
 *
 * @param file     the file read, or null when there is none
 * @param values   the settings it holds, by key
 */
public record CliConfig(Path file, Map<String, String> values) {
    /** The keys a configuration file may hold. */
    public static final List<String> KEYS = List.of("server", "user", "password-file", "token-file", "ca-file");
    /** The configuration's path under the home directory. */
    public static final String DEFAULT_PATH = ".config/hpm/cli.yaml";

    public CliConfig {
        values = Map.copyOf(values);
    }

    /** No file: every setting comes from elsewhere. */
    public static CliConfig none() {
        return new CliConfig(null, Map.of());
    }

    /**
     * Reads the file.
     *
     * @param file     the file
     * @param setting  what named it ({@code --cli-config}, {@code HPM_CLI_CONFIG}, or null for the default path)
     * @param home     the home directory, for {@code ~/} in paths
     */
    public static CliConfig load(Path file, String setting, Path home) {
        String named = setting == null ? "the CLI configuration" : setting;
        if (!Files.exists(file)) {
            if (setting == null) {
                return none();
            }
            throw CliFailure.usage(setting + " is " + file + ": no such file");
        }
        PrivateFiles.requireFile(file, named);
        PrivateFiles.requirePrivate(file, named);
        JsonNode tree;
        try {
            tree = Documents.readYaml(file);
        } catch (Documents.DocumentException e) {
            throw CliFailure.usage(named + ": " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw CliFailure.usage(file + ": write a YAML mapping with the keys " + String.join(", ", KEYS));
        }
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals("password") || key.equals("token")) {
                throw CliFailure.usage(file + ": " + key + " does not belong in the configuration; put it in a file of its"
                        + " own (chmod 600) and name that file with " + key + "-file");
            }
            if (!KEYS.contains(key)) {
                throw CliFailure.usage(file + ": unknown key \"" + key + "\"; use " + String.join(", ", KEYS));
            }
            JsonNode v = e.getValue();
            if (!v.isTextual() || v.asText().isBlank()) {
                throw CliFailure.usage(file + ": " + key + " is " + v + ": write it as text, e.g. "
                        + (key.equals("server") ? "server: https://hpm.example.com:8460" : key.endsWith("-file")
                        ? key + ": ~/.config/hpm/" + key.replace("-file", "") : key + ": admin"));
            }
            String text = v.asText().strip();
            values.put(key, key.endsWith("-file") ? resolve(text, file, home).toString() : text);
        }
        return new CliConfig(file, values);
    }

    private static Path resolve(String path, Path config, Path home) {
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2));
        }
        Path p = Path.of(path);
        Path dir = config.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** The value of {@code key}, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** How a message names the key: "server in /home/u/.config/hpm/cli.yaml". */
    public String source(String key) {
        return key + " in " + file;
    }
}
