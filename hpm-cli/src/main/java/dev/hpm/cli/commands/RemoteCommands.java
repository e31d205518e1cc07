package dev.hpm.cli.commands;

import dev.hpm.cli.remote.ExitCodes;
import picocli.CommandLine;

import java.util.List;

/** The commands for an HPM server's REST API, in the order {@code hpm help} lists them. */
public final class RemoteCommands {
    /** Every command class, in order. */
    public static final List<Class<?>> ALL = List.of(
            WrgListCommand.class, WrgShowCommand.class, WrgCreateCommand.class, WrgUpdateCommand.class,
            WrgDeleteCommand.class, WrgMembershipCommand.Add.class, WrgMembershipCommand.Remove.class,
            VsListCommand.class, VsShowCommand.class, VsUpdateCommand.class,
            HypervisorsCommand.class, PoolCommand.class, PlanCommand.class, MaintenanceCommand.class,
            PowerCommand.class, PlaceCommand.class, MigrationsCommand.class, LbGroupsCommand.class, LbWeightsCommand.class,
            MgmtLevelCommand.class, MetricsCommand.class, AdjustmentsCommand.class,
            PolicyExportCommand.class, PolicyImportCommand.class,
            UserListCommand.class, UserCreateCommand.class, UserUpdateCommand.class, UserDeleteCommand.class,
            TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class,
            WhoamiCommand.class, AuditCommand.class, HealthCommand.class, ClusterCommand.class, CompletionCommand.class);

    private RemoteCommands() {
    }

    /** Adds every command to {@code root}, each (and each of its own subcommands) with the exit codes in its help. */
    public static void register(CommandLine root) {
        for (Class<?> c : ALL) {
            CommandLine sub = new CommandLine(c);
            document(sub);
            root.addSubcommand(sub);
        }
    }

    private static void document(CommandLine cli) {
        ExitCodes.document(cli);
        cli.getSubcommands().values().forEach(RemoteCommands::document);
    }
}
