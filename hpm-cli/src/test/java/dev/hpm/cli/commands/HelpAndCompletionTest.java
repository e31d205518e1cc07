package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** hpm help, each command's help, and the completion script. */
class HelpAndCompletionTest {
    static CliRun hpm(String... args) {
        return CliRun.of(CliRun.environment(Map.of(), Path.of("/nonexistent-home")), args);
    }

    static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** Every runnable command as the words that name it: {@code [wrg-list]}, {@code [pool, list]}, …. */
    static List<List<String>> leaves() {
        List<List<String>> all = new ArrayList<>();
        for (Class<?> c : RemoteCommands.ALL) {
            Class<?>[] subs = c.getAnnotation(Command.class).subcommands();
            if (subs.length == 0) {
                all.add(List.of(name(c)));
            }
            for (Class<?> s : subs) {
                all.add(List.of(name(c), name(s)));
            }
        }
        return all;
    }

    @Test
    void help_listsEveryCommand_andDocumentsTheExitCodes() {
        CliRun r = hpm("help");
        assertThat(r.code()).isZero();
        RemoteCommands.ALL.forEach(c -> assertThat(r.out()).contains("  " + name(c) + " "));
        assertThat(r.out()).contains("simulate", "serve", "Exit codes:", "  3   not authenticated, not allowed or throttled (401, 403, 429)",
                "  6   server unreachable");
    }

    @Test
    void everyCommand_hasHelpWithExamplesConnectionAndExitCodes() {
        for (List<String> words : leaves()) {
            String name = String.join(" ", words);
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            CliRun r = hpm(args.toArray(String[]::new));
            assertThat(r.code()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage: hpm " + name).contains("Exit codes:");
            assertThat(r.out()).as(name).containsAnyOf("Examples:", "Install:");
            if (!name.equals("completion")) {
                assertThat(r.out()).as(name).contains("--format=FORMAT", "--server=URL", "--password-file=FILE",
                        "--token=TOKEN", "--ca-file=FILE");
            }
        }
        assertThat(leaves()).contains(List.of("pool", "policy"), List.of("plan", "approve"), List.of("maintenance", "enter"),
                List.of("power", "status"), List.of("place"), List.of("migrations"));
    }

    @Test
    void completion_printsABashScriptForEveryCommand() {
        CliRun r = hpm("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_hpm");
        RemoteCommands.ALL.forEach(c -> assertThat(r.out()).contains(name(c)));
        assertThat(r.out()).contains("_picocli_hpm_pool_policy", "_picocli_hpm_maintenance_enter", "--even-threshold", "--wait",
                "(\"automatic\" \"recommend\" \"off\") # --mode values");
        assertThat(r.out()).contains("--password-file", "(\"table\" \"json\") # --format values");
        assertThat(hpm("help", "completion").out()).contains("~/.local/share/bash-completion/completions/hpm",
                "source <(hpm completion)");
    }

    @Test
    void groupWithoutSubcommand_exits2_andNamesIt() {
        CliRun r = hpm("plan");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required subcommand", "hpm help plan");
    }

    @Test
    void unknownCommand_exits2_withASuggestion() {
        CliRun r = hpm("wrg-lst");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'wrg-lst'", "wrg-list");
    }
}
