package dev.hpm.core.driver;

import java.util.List;

/**
 * A domain's disks and network interfaces as its definition lists them
 * ({@link HypervisorDriver#devices}).
 */
public record DomainDevices(List<Disk> disks, List<Nic> nics) {
    /** No devices known. */
    public static final DomainDevices NONE = new DomainDevices(List.of(), List.of());

    public DomainDevices {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
    }

    /**
     * A disk: its target ({@code vda}, {@code fda}), what it is ({@code disk}, {@code cdrom},
     * {@code floppy}) and its source (a file, a block device or a volume; "" if none).
     */
    public record Disk(String target, String device, String source) {
    }

    /** A network interface: its MAC address, type ({@code network}, {@code bridge}, …), source and model. */
    public record Nic(String mac, String type, String source, String model) {
    }
}
