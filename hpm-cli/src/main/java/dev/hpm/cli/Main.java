package dev.hpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code hpm} command: one composition root for every subcommand. Errors a user can fix end
 * with a one-line message and exit code 2; unexpected failures with exit code 1 (the stack trace
 * only with {@code HPM_DEBUG=1}).
 */
@Command(name = "hpm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "HPM, the Hypervisor Performance Manager for KVM: goal-oriented CPU management.",
        subcommands = {SimulateCommand.class, ScenariosCommand.class, ManageCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code for input the user can correct (bad file, bad option). */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code hpm args} with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UserException || e instanceof IllegalArgumentException) {
                err.println("hpm: " + e.getMessage());
                return USAGE;
            }
            err.println("hpm: unexpected error: " + e);
            if ("1".equals(System.getenv("HPM_DEBUG"))) {
                e.printStackTrace(err);
            } else {
                err.println("hpm: run with HPM_DEBUG=1 for details");
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** A problem with the user's input, reported as one line. */
    public static final class UserException extends RuntimeException {
        public UserException(String message) {
            super(message);
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
