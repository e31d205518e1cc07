package dev.hpm.cli;

import dev.hpm.cli.commands.RemoteCommands;
import dev.hpm.cli.remote.CliEnvironment;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code hpm} command: one composition root for every subcommand — the local ones (simulate,
 * scenarios, manage, serve) and those for an HPM server's REST API (wrg-*, vs-*, …). Errors a user
 * can fix end with a one-line message and exit code 2; failures of a server call with the exit
 * code of their class (see {@link ExitCodes}); unexpected failures with exit code 1 (the stack
 * trace only with {@code HPM_DEBUG=1}).
 */
@Command(name = "hpm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"HPM, the Hypervisor Performance Manager for KVM: goal-oriented CPU management.", "",
                "The commands after serve talk to an HPM server. They connect with --server, --user and "
                + "--password-file or --token; else HPM_SERVER, HPM_USER, HPM_PASSWORD, HPM_TOKEN; else "
                + "~/.config/hpm/cli.yaml (server, user, password-file, token-file, ca-file). Each takes "
                + "--format table|json. 'hpm help COMMAND' shows a command's options and examples."},
        subcommands = {SimulateCommand.class, ScenariosCommand.class, ManageCommand.class, ServeCommand.class})
public final class Main implements CliEnvironment.Provider {
    /** Exit code for input the user can correct (bad file, bad option). */
    public static final int USAGE = ExitCodes.USAGE;
    private final CliEnvironment environment;

    public Main() {
        this(CliEnvironment.system());
    }

    Main(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public CliEnvironment environment() {
        return environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code hpm args} with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CliEnvironment.system());
    }

    /** Runs {@code hpm args} in {@code environment} (variables, home, standard input, terminal). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, CliEnvironment environment) {
        CommandLine cli = new CommandLine(new Main(environment));
        RemoteCommands.register(cli);
        cli.addSubcommand(new CommandLine.HelpCommand());
        ExitCodes.document(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("hpm: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
            w.println("hpm: see 'hpm help" + (e.getCommandLine() == cli ? "" : " " + e.getCommandLine().getCommandName()) + "'");
            w.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code;
            if (e instanceof CliFailure f) {
                f.lines().forEach(line -> err.println("hpm: " + line));
                code = f.exitCode();
            } else if (e instanceof IllegalArgumentException) {
                err.println("hpm: " + e.getMessage());
                code = USAGE;
            } else {
                err.println("hpm: unexpected error: " + e);
                if (!environment.debug()) {
                    err.println("hpm: run with HPM_DEBUG=1 for details");
                }
                code = ExitCodes.UNEXPECTED;
            }
            if (environment.debug()) {
                e.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cli.execute(args);
    }

    /** A problem with the user's input, reported as one line with exit code 2. */
    public static final class UserException extends CliFailure {
        public UserException(String message) {
            super(ExitCodes.USAGE, message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"hpm " + (v == null ? "development build" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
