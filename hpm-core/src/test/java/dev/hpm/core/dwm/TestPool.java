package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Builds pool views for planner tests: hosts of a few CPU units, servers with a demand. */
final class TestPool {
    static final Instant T0 = Instant.parse("2026-03-03T10:00:00Z");
    static final ClassInfo GOLD = new ClassInfo(new ClassKey("g", "gold"), Goal.velocity(VelocityLevel.FAST), 70,
            Importance.HIGHEST, Importance.MEDIUM);
    static final ClassInfo SILVER = new ClassInfo(new ClassKey("g", "silver"), Goal.velocity(VelocityLevel.MODERATE), 50,
            Importance.MEDIUM, Importance.MEDIUM);
    static final ClassInfo BATCH = new ClassInfo(new ClassKey("g", "batch"), Goal.discretionary(), 0,
            Importance.LOWEST, Importance.MEDIUM);

    final List<PoolHost> hosts = new ArrayList<>();
    final List<PoolServer> servers = new ArrayList<>();
    final List<PoolView.InFlight> inFlight = new ArrayList<>();

    /** A powered host of {@code capacity} CPU units (one unit per CPU), 16 GB, the G5 power table. */
    TestPool host(String id, double capacity) {
        return host(id, capacity, PowerState.ON);
    }

    TestPool host(String id, double capacity, PowerState power) {
        hosts.add(new PoolHost(id, capacity, (int) Math.ceil(capacity), 16_384, power, false, true,
                PowerModel.HP_PROLIANT_ML110_G5));
        return this;
    }

    TestPool host(PoolHost host) {
        hosts.add(host);
        return this;
    }

    /** A server of 2 vCPUs, 1 GB, class silver. */
    TestPool server(String id, String host, double demand) {
        return server(id, host, demand, SILVER, 1024);
    }

    TestPool server(String id, String host, double demand, ClassInfo c, long shares) {
        servers.add(new PoolServer(id, host, 2, 2, 1024, demand, shares, c, Double.NaN, false));
        return this;
    }

    TestPool server(PoolServer s) {
        servers.add(s);
        return this;
    }

    /** Changes one host. */
    TestPool change(String host, UnaryOperator<PoolHost> f) {
        hosts.replaceAll(h -> h.id().equals(host) ? f.apply(h) : h);
        return this;
    }

    /** Moves a server, as the pool runner reports it once a migration finished. */
    TestPool moved(String server, String to) {
        servers.replaceAll(s -> s.id().equals(server) ? new PoolServer(s.id(), to, s.vcpus(), s.maxCpu(), s.memoryMb(),
                s.demand(), s.shares(), s.serviceClass(), s.pi(), false) : s);
        return this;
    }

    TestPool demand(String server, double demand) {
        servers.replaceAll(s -> s.id().equals(server) ? new PoolServer(s.id(), s.host(), s.vcpus(), s.maxCpu(),
                s.memoryMb(), demand, s.shares(), s.serviceClass(), s.pi(), s.migrating()) : s);
        return this;
    }

    TestPool remove(String server) {
        servers.removeIf(s -> s.id().equals(server));
        return this;
    }

    /** Applies a plan as an executing pool runner would: migrations done, power states changed. */
    TestPool apply(Plan plan) {
        for (PoolAction a : plan.actions()) {
            switch (a) {
                case PoolAction.Migrate m -> moved(m.server(), m.to());
                case PoolAction.PowerOn on -> change(on.host(), h -> h.withPower(PowerState.ON));
                case PoolAction.PowerOff off -> change(off.host(), h -> h.withPower(PowerState.OFF));
                case PoolAction.Shutdown s -> remove(s.server());
            }
        }
        return this;
    }

    PoolView at(long minutes) {
        return new PoolView(T0.plus(Duration.ofMinutes(minutes)), hosts, servers, inFlight);
    }

    static List<PoolAction.Migrate> migrations(Plan plan) {
        return plan.actions().stream().filter(a -> a instanceof PoolAction.Migrate).map(a -> (PoolAction.Migrate) a)
                .toList();
    }

    static <T extends PoolAction> List<T> actions(Plan plan, Class<T> type) {
        return plan.actions().stream().filter(type::isInstance).map(type::cast).toList();
    }
}
