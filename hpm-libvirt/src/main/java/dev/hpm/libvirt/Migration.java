package dev.hpm.libvirt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code virDomainMigrateToURI3} request.
 *
 * @param destinationUri the destination's libvirt URI ({@code dconnuri}), required with
 *                       {@link MigrationFlag#PEER2PEER}; {@code null} otherwise, and then
 *                       {@link #PARAM_URI} must be among the parameters
 * @param flags          {@code VIR_MIGRATE_*}
 * @param parameters     {@code VIR_MIGRATE_PARAM_*} typed parameters
 */
public record Migration(String destinationUri, Set<MigrationFlag> flags, List<TypedParam> parameters) {
    /** {@code VIR_MIGRATE_PARAM_URI}: the hypervisor's migration URI. */
    public static final String PARAM_URI = "migrate_uri";
    /** {@code VIR_MIGRATE_PARAM_DEST_NAME}: a new name on the destination. */
    public static final String PARAM_DEST_NAME = "destination_name";
    /** {@code VIR_MIGRATE_PARAM_BANDWIDTH}: MiB/s. */
    public static final String PARAM_BANDWIDTH = "bandwidth";

    public Migration {
        flags = Set.copyOf(flags);
        parameters = List.copyOf(parameters);
    }

    /**
     * The move HPM's pool management makes: live, peer-to-peer (the source daemon talks to the
     * destination daemon at {@code destinationUri}), persistent on the destination and undefined on
     * the source.
     */
    public static Migration live(String destinationUri) {
        return new Migration(destinationUri, EnumSet.of(MigrationFlag.LIVE, MigrationFlag.PEER2PEER,
                MigrationFlag.PERSIST_DEST, MigrationFlag.UNDEFINE_SOURCE), List.of());
    }

    /** The same migration with one more typed parameter. */
    public Migration with(TypedParam parameter) {
        List<TypedParam> more = new ArrayList<>(parameters);
        more.add(parameter);
        return new Migration(destinationUri, flags, more);
    }

    /** The same migration with one more flag. */
    public Migration with(MigrationFlag flag) {
        Set<MigrationFlag> more = EnumSet.noneOf(MigrationFlag.class);
        more.addAll(flags);
        more.add(flag);
        return new Migration(destinationUri, more, parameters);
    }

    /** The same migration limited to {@code mibPerSecond}. */
    public Migration withBandwidth(long mibPerSecond) {
        return with(new TypedParam.ULLongValue(PARAM_BANDWIDTH, mibPerSecond));
    }

    /** The {@code flags} argument. */
    public int flagBits() {
        return MigrationFlag.bits(flags);
    }
}
