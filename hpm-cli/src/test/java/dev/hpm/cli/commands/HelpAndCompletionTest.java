package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.nio.file.Path;
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
        for (Class<?> c : RemoteCommands.ALL) {
            CliRun r = hpm(name(c), "--help");
            assertThat(r.code()).as(name(c)).isZero();
            assertThat(r.out()).as(name(c)).contains("Usage: hpm " + name(c)).contains("Exit codes:");
            assertThat(r.out()).as(name(c)).containsAnyOf("Examples:", "Install:");
            if (c != CompletionCommand.class) {
                assertThat(r.out()).as(name(c)).contains("--format=FORMAT", "--server=URL", "--password-file=FILE",
                        "--token=TOKEN", "--ca-file=FILE");
            }
        }
    }

    @Test
    void completion_printsABashScriptForEveryCommand() {
        CliRun r = hpm("completion");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_hpm");
        RemoteCommands.ALL.forEach(c -> assertThat(r.out()).contains(name(c)));
        assertThat(r.out()).contains("--password-file", "(\"table\" \"json\") # --format values");
        assertThat(hpm("help", "completion").out()).contains("~/.local/share/bash-completion/completions/hpm",
                "source <(hpm completion)");
    }

    @Test
    void unknownCommand_exits2_withASuggestion() {
        CliRun r = hpm("wrg-lst");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument at index 0: 'wrg-lst'", "wrg-list");
    }
}
