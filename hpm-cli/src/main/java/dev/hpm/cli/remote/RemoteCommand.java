package dev.hpm.cli.remote;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The base of every command that talks to an HPM server: the connection flags, {@code --format},
 * resolving the settings, the client, and the output. A command implements {@link #execute()},
 * using {@link #client()} and {@link #output()}; failures are thrown ({@link CliFailure},
 * {@link ApiError}) and turned into a message and an exit code by the root command.
 */
public abstract class RemoteCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @ArgGroup(exclusive = false, validate = false, order = 100,
            heading = "%nConnection (flags, then HPM_* variables, then ~/.config/hpm/cli.yaml):%n")
    ConnectionOptions connection;

    @Option(names = "--format", paramLabel = "FORMAT", order = 90, completionCandidates = Output.Formats.class,
            description = "table (default) or json (the server's JSON, pretty-printed)")
    String format = "table";

    private HpmClient client;
    private Output output;
    private CliEnvironment environment;

    @Override
    public final Integer call() {
        Output.Format f = Output.Format.parse(format);
        environment = spec.root().userObject() instanceof CliEnvironment.Provider p ? p.environment() : CliEnvironment.system();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        output = new Output(out, err, f);
        validate();
        ConnectionSettings settings = SettingsResolver.resolve(connection == null ? new ConnectionOptions() : connection,
                environment);
        if (settings.verbose()) {
            settings.describe().forEach(l -> err.println("hpm: " + l));
            err.flush();
        }
        try (HpmClient c = new HpmClient(settings, settings.verbose() ? err : null)) {
            client = c;
            return execute();
        } finally {
            out.flush();
        }
    }

    /** Checks the command's own arguments before anything is resolved or sent; throws {@link CliFailure#usage}. */
    protected void validate() {
    }

    /** Does the work; returns the exit code (normally {@link ExitCodes#OK}). */
    protected abstract int execute();

    protected HpmClient client() {
        return client;
    }

    protected Output output() {
        return output;
    }

    protected CliEnvironment environment() {
        return environment;
    }
}
