package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.Main;
import dev.hpm.cli.remote.CliEnvironment;
import dev.hpm.codec.Documents;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One run of {@code hpm} in-process: exit code, standard output and standard error. */
record CliRun(int code, String out, String err) {
    /** Runs {@code hpm args} in {@code env}. */
    static CliRun of(CliEnvironment env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** An environment with these variables, this home, nothing on standard input and no terminal. */
    static CliEnvironment environment(Map<String, String> variables, Path home) {
        return environment(variables, home, "", prompt -> null);
    }

    static CliEnvironment environment(Map<String, String> variables, Path home, String stdin,
                                      CliEnvironment.PasswordPrompt prompt) {
        return new CliEnvironment(variables, home, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), prompt);
    }

    /** Standard output as JSON. */
    JsonNode json() {
        return Documents.parseJson(out, "hpm output");
    }

    List<String> lines() {
        return out.lines().toList();
    }

    /** The table row whose first column is {@code first}. */
    Optional<List<String>> row(String first) {
        return out.lines().map(l -> Arrays.asList(l.trim().split("\\s{2,}")))
                .filter(cells -> cells.getFirst().equals(first)).findFirst();
    }

    /** The value of a {@code Label:  value} line. */
    String field(String label) {
        return out.lines().filter(l -> l.startsWith(label + ":")).map(l -> l.substring(label.length() + 1).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no " + label + " in\n" + out));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
}
