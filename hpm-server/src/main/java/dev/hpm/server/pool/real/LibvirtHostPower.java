package dev.hpm.server.pool.real;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.ConnectOptions;
import dev.hpm.libvirt.LibvirtDriver;
import dev.hpm.server.pool.HostPower;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The power of one libvirt host of a real pool: the rules of core's
 * {@link dev.hpm.core.power.HostPower} (power-on deadline, power-off only of an empty host, a host
 * answering while off marked on; docs/power.md) over the driver of its settings (IPMI, Wake-on-LAN,
 * from {@code PowerControls.create}). Its probe: the host "answers" when a libvirt connection to its
 * URI opens and reads the node's information; its running servers are those of the host's last
 * report (the management service's interval, which is what DWM planned with). Each
 * {@link #state()} (the pool's inventory, once per interval) first tells the core object what the
 * last report taken after its last change saw, so a host powered on by hand is marked on.
 */
final class LibvirtHostPower implements HostPower {
    private final dev.hpm.core.power.HostPower power;
    private final String id;
    private final Supplier<IntervalReport> report;

    /**
     * @param initial the state to start from (on if its last report reached it, else the stored state)
     */
    LibvirtHostPower(String id, String uri, PowerSettings settings, PowerControl control, PowerState initial,
                     Supplier<IntervalReport> report, Timebase time, Executor executor) {
        this.id = id;
        this.report = report;
        this.power = new dev.hpm.core.power.HostPower(id, settings, control, new dev.hpm.core.power.HostPower.Probe() {
            @Override
            public boolean answers() {
                try (LibvirtDriver d = LibvirtDriver.open(ConnectOptions.of(uri), time::nanos)) {
                    return d.nodeInfo().cpus() > 0;
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public List<String> runningServers() {
                return servers(report.get());
            }
        }, initial, time, executor);
    }

    /** The names of the servers of {@code r}; a host that did not report is taken as running unknown servers. */
    static List<String> servers(IntervalReport r) {
        if (r == null || r.measurement() == null) {
            return List.of("(unknown: the host's last report has no measurement)");
        }
        return r.measurement().servers().stream().map(VsMeasurement::name).toList();
    }

    @Override
    public String driver() {
        return power.settings().driver();
    }

    @Override
    public PoolActuator.Handle powerOn() {
        return power.powerOn();
    }

    @Override
    public PoolActuator.Handle powerOff() {
        return power.powerOff();
    }

    @Override
    public PowerState state() {
        IntervalReport r = report.get();
        // only a report taken after the last change counts: the one before a power-off still shows the host up
        if (r != null && r.measurement() != null && r.status().connected() && r.time().isAfter(power.status().since())) {
            power.observe(true, servers(r));
        }
        return power.state();
    }

    /** The host's id (its libvirt URI). */
    String id() {
        return id;
    }
}
