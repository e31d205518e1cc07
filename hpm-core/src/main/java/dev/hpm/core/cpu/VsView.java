package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;

/**
 * What the CPU manager knows of one server on the host it manages.
 *
 * @param level        effective management level (the lower of the server's and its host's)
 * @param shares       its current {@code cpu_shares}
 * @param capCpus      its current cap in CPUs (+∞ if none)
 * @param demandCpus   using + delay over the last interval in CPUs (the time it was runnable); for a
 *                     server without data, its vCPUs
 * @param hasVelocity  whether the last interval gave it a velocity
 * @param responsePi   for a class with a response-time goal, the server's PI from its completions
 *                     this interval (NaN if too few or none); NaN for other classes
 */
public record VsView(String uuid, String name, ClassInfo serviceClass, ManagementLevel level, int vcpus,
                     long shares, double capCpus, double demandCpus, double usingCpus, boolean hasVelocity,
                     double responsePi) {

    /** A server without a response-time PI. */
    public VsView(String uuid, String name, ClassInfo serviceClass, ManagementLevel level, int vcpus,
                  long shares, double capCpus, double demandCpus, double usingCpus, boolean hasVelocity) {
        this(uuid, name, serviceClass, level, vcpus, shares, capCpus, demandCpus, usingCpus, hasVelocity, Double.NaN);
    }

    public boolean managed() {
        return level == ManagementLevel.MANAGE;
    }
}
