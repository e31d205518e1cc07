package dev.hpm.core.dwm;

/**
 * A plan's efficacy indicators, as OpenStack Watcher gives every action plan: projected when the
 * plan is made, achieved once it is executed, so the two can be compared.
 *
 * @param watts         pool power draw (W) at the projected (or achieved) state
 * @param wattsSaved    power saved against the state before the plan (W)
 * @param migrations    migrations in the plan (or done)
 * @param hostsReleased hosts emptied and powered off
 * @param loadedBefore  hosts loaded before
 * @param loadedAfter   hosts loaded after
 * @param cpuStdDevBefore standard deviation of powered hosts' CPU utilisation before (0…1)
 * @param cpuStdDevAfter  the same after
 */
public record Efficacy(double watts, double wattsSaved, int migrations, int hostsReleased, int loadedBefore,
                       int loadedAfter, double cpuStdDevBefore, double cpuStdDevAfter) {
}
