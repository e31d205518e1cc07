package dev.hpm.server.runtime;

import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.loop.HostController;

/**
 * One host the server manages: its id (the libvirt URI, or {@code sim://NAME} for the demo pool),
 * the name shown, its driver (closed when the server stops) and its control loop.
 */
public record ManagedHost(String id, String name, String uri, HypervisorDriver driver, HostController controller) {
}
