package dev.hpm.cli.commands;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code hpm completion}: the bash completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints the bash completion script for hpm.",
                "Completes commands, options and their values; works in zsh with bashcompinit."},
        footerHeading = "%nInstall:%n",
        footer = {"  For every new shell:",
                "    hpm completion > ~/.local/share/bash-completion/completions/hpm",
                "  For this shell only:",
                "    source <(hpm completion)",
                "  zsh (in ~/.zshrc):",
                "    autoload -U +X bashcompinit && bashcompinit && source <(hpm completion)"})
public final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
