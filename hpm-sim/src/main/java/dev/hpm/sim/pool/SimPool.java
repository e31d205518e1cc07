package dev.hpm.sim.pool;

import dev.hpm.core.cpu.CfsProjection;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.model.ClassInfo;

import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.LongToDoubleFunction;

/**
 * A simulated server pool: hosts with power states and a power model, servers with CPU demand,
 * live migrations in flight. It moves only when told: {@link #update} at an instant (demand is
 * read, each host divides its CPU, energy is integrated since the last update, metrics get their
 * entries), as CloudSim's datacenter updates at its scheduling instants and at every migration's
 * completion; there is no ticking in between. Arrays throughout, so an 800-host day takes seconds.
 */
public final class SimPool {
    /** A host: capacity in CPU units over {@code cpus} physical CPUs. */
    public record HostSpec(String id, double capacity, int cpus, long memoryMb, PowerModel powerModel, boolean on) {
    }

    /**
     * A server.
     *
     * @param demand CPU units requested at an instant (ns)
     * @param shares its {@code cpu_shares} (CFS pools)
     */
    public record ServerSpec(String id, double maxCpu, int vcpus, long memoryMb, LongToDoubleFunction demand,
                             ClassInfo serviceClass, long shares) {
        public ServerSpec {
            if (serviceClass == null) {
                serviceClass = UNCLASSIFIED;
            }
        }
    }

    /** The class of a server no scenario classified: discretionary, so it has no goal to attain. */
    public static final ClassInfo UNCLASSIFIED = new ClassInfo(new dev.hpm.core.model.ClassKey("default", "unclassified"),
            dev.hpm.core.model.Goal.discretionary(), 0, dev.hpm.core.model.Importance.LOWEST,
            dev.hpm.core.model.Importance.LOWEST);

    final PoolRules rules;
    final PoolMetrics metrics;
    final HostSpec[] hosts;
    final ServerSpec[] servers;
    final double[] perCpu;
    final PowerState[] power;
    final long[] powerUntil;
    final boolean[] maintenance;
    final boolean[] failNextPowerOn;
    final IntList[] vms;
    final IntList[] incoming;
    final double[] used;
    final int[] host;
    final boolean[] alive;
    final double[] req;
    final double[] alloc;
    final int[] moving;
    private final PowerState[] powerAtUpdate;
    private final PriorityQueue<Flight> flights = new PriorityQueue<>();
    private final CfsProjection cfs = new CfsProjection();
    private long lastUpdate = -1;
    private long flightSeq;
    private double[] scratchReq = new double[16];
    private double[] scratchAlloc = new double[16];
    private double[] scratchWeight = new double[16];
    private int[] scratchVcpus = new int[16];
    private byte[] scratchKind = new byte[16];

    /** A migration in flight; ordered by completion, then by start order. */
    static final class Flight implements Comparable<Flight> {
        final String action;
        final int server;
        final int from;
        final int to;
        final long started;
        final long ends;
        final long seq;

        Flight(String action, int server, int from, int to, long started, long ends, long seq) {
            this.action = action;
            this.server = server;
            this.from = from;
            this.to = to;
            this.started = started;
            this.ends = ends;
            this.seq = seq;
        }

        @Override
        public int compareTo(Flight o) {
            return ends != o.ends ? Long.compare(ends, o.ends) : Long.compare(seq, o.seq);
        }
    }

    public SimPool(List<HostSpec> hostSpecs, List<ServerSpec> serverSpecs, PoolRules rules) {
        this.rules = rules;
        this.hosts = hostSpecs.toArray(HostSpec[]::new);
        this.servers = serverSpecs.toArray(ServerSpec[]::new);
        int nh = hosts.length;
        int ns = servers.length;
        this.metrics = new PoolMetrics(nh, ns);
        perCpu = new double[nh];
        power = new PowerState[nh];
        powerAtUpdate = new PowerState[nh];
        powerUntil = new long[nh];
        maintenance = new boolean[nh];
        failNextPowerOn = new boolean[nh];
        vms = new IntList[nh];
        incoming = new IntList[nh];
        used = new double[nh];
        for (int h = 0; h < nh; h++) {
            perCpu[h] = hosts[h].capacity() / hosts[h].cpus();
            power[h] = hosts[h].on() ? PowerState.ON : PowerState.OFF;
            powerAtUpdate[h] = power[h];
            vms[h] = new IntList();
            incoming[h] = new IntList();
        }
        host = new int[ns];
        Arrays.fill(host, -1);
        alive = new boolean[ns];
        req = new double[ns];
        alloc = new double[ns];
        moving = new int[ns];
    }

    public PoolMetrics metrics() {
        return metrics;
    }

    public int hostCount() {
        return hosts.length;
    }

    public int serverCount() {
        return servers.length;
    }

    /** Puts server {@code s} on host {@code h} before the run starts. */
    public void place(int s, int h) {
        vms[h].add(s);
        host[s] = h;
        alive[s] = true;
    }

    /** The instant of the last update (ns), −1 before the first. */
    public long lastUpdate() {
        return lastUpdate;
    }

    /**
     * Brings the pool to {@code now}: every alive server's request is read, every host divides its
     * CPU, energy since the last update is added, and (CloudSim's rule) servers requesting nothing
     * leave. Calling it twice at one instant re-divides without adding energy.
     */
    public void update(long now) {
        for (int s = 0; s < servers.length; s++) {
            if (alive[s]) {
                req[s] = Math.max(0, servers[s].demand().applyAsDouble(now));
            }
        }
        double dt = lastUpdate < 0 ? 0 : (now - lastUpdate) / 1e9;
        double joules = 0;
        for (int h = 0; h < hosts.length; h++) {
            double before = used[h];
            double after = recompute(h, now);
            if (dt > 0) {
                joules += energy(h, before, after, dt);
            }
            used[h] = after;
            powerAtUpdate[h] = power[h];
        }
        metrics.addEnergy(joules);
        if (rules.zeroDemandLeaves()) {
            for (int s = 0; s < servers.length; s++) {
                if (alive[s] && moving[s] == 0 && req[s] == 0) {
                    vms[host[s]].remove(s);
                    alive[s] = false;
                }
            }
        }
        lastUpdate = now;
    }

    private double energy(int h, double usedBefore, double usedAfter, double dt) {
        PowerModel model = hosts[h].powerModel();
        double cap = hosts[h].capacity();
        double u0 = utilisation(usedBefore, cap);
        double u1 = utilisation(usedAfter, cap);
        return switch (powerAtUpdate[h]) {
            case ON -> rules.emptyHostDrawsNothing() && u0 == 0 ? 0 : (model.watts(u0) + model.watts(u1)) / 2 * dt;
            case BOOTING, SHUTTING_DOWN -> rules.idleWattsWhileBooting() ? model.idleWatts() * dt : 0;
            case OFF, FAILED -> 0;
        };
    }

    /** CloudSim's {@code getUtilizationOfCpu}: values just above 1 (below 1.01) count as 1. */
    static double utilisation(double usedCpu, double capacity) {
        double u = usedCpu / capacity;
        return u > 1 && u < 1.01 ? 1 : u;
    }

    /** Divides host {@code h}'s CPU at {@code now}; writes the metric entries; returns the CPU units used. */
    double recompute(int h, long now) {
        IntList list = vms[h];
        int n = list.size();
        ensureScratch(n);
        for (int i = 0; i < n; i++) {
            int s = list.get(i);
            scratchReq[i] = req[s];
            scratchVcpus[i] = servers[s].vcpus();
            scratchKind[i] = incoming[h].contains(s) ? ProportionalShare.IN
                    : moving[s] > 0 ? ProportionalShare.OUT : ProportionalShare.NORMAL;
            scratchWeight[i] = servers[s].shares();
        }
        double cap = power[h].isOn() ? hosts[h].capacity() : 0;
        if (rules.allocation() == PoolRules.Allocation.PROPORTIONAL) {
            ProportionalShare.allocate(cap, perCpu[h], n, scratchReq, scratchVcpus, scratchKind, rules.floorPerUnit(),
                    scratchAlloc);
        } else {
            allocateCfs(cap, h, n);
        }
        double usedCpu = 0;
        double requested = 0;
        for (int i = 0; i < n; i++) {
            int s = list.get(i);
            byte kind = scratchKind[i];
            if (kind != ProportionalShare.IN) {
                alloc[s] = scratchAlloc[i];
                metrics.server(s, now, scratchAlloc[i], scratchReq[i], kind == ProportionalShare.OUT);
            }
            usedCpu += ProportionalShare.used(scratchAlloc[i], kind);
            requested += scratchReq[i];
        }
        metrics.host(h, now, usedCpu, requested);
        return usedCpu;
    }

    /** CFS water-filling by shares; a server moving in costs its destination a share of its request. */
    private void allocateCfs(double cap, int h, int n) {
        double degradation = rules.migration().degradation();
        double[] bounds = new double[n];
        double[] weights = Arrays.copyOf(scratchWeight, n);
        for (int i = 0; i < n; i++) {
            double b = Math.min(scratchReq[i], scratchVcpus[i] * perCpu[h]);
            bounds[i] = switch (scratchKind[i]) {
                case ProportionalShare.IN -> b * rules.migration().targetShare();
                case ProportionalShare.OUT -> b * (1 - degradation);
                default -> b;
            };
        }
        double[] out = cfs.allocate(cap, weights, bounds);
        System.arraycopy(out, 0, scratchAlloc, 0, n);
    }

    private void ensureScratch(int n) {
        if (scratchReq.length < n) {
            int m = Math.max(n, scratchReq.length * 2);
            scratchReq = new double[m];
            scratchAlloc = new double[m];
            scratchWeight = new double[m];
            scratchVcpus = new int[m];
            scratchKind = new byte[m];
        }
    }

    // ---- migrations ----

    /** Why a migration cannot start now, or null if it can. */
    String refusal(int s, int to) {
        if (!alive[s]) {
            return "server " + servers[s].id() + " is no longer in the pool";
        }
        if (!power[to].isOn()) {
            return "host " + hosts[to].id() + " is " + power[to].name().toLowerCase();
        }
        if (moving[s] > 0 && !rules.overlappingMigrations()) {
            return "server " + servers[s].id() + " is already migrating";
        }
        if (host[s] == to) {
            return "server " + servers[s].id() + " already runs on " + hosts[to].id();
        }
        int limit = rules.maxMigrationsPerHost();
        if (limit > 0 && (flightsAt(to) >= limit || flightsAt(host[s]) >= limit)) {
            return "host migration limit " + limit + " reached";
        }
        if (rules.maxMigrationsPerPool() > 0 && flights.size() >= rules.maxMigrationsPerPool()) {
            return "pool migration limit " + rules.maxMigrationsPerPool() + " reached";
        }
        if (rules.memoryConstrains() && memoryFree(to) < servers[s].memoryMb()) {
            return "host " + hosts[to].id() + " has " + memoryFree(to) + " MB free, server needs " + servers[s].memoryMb();
        }
        return null;
    }

    private int flightsAt(int h) {
        int n = incoming[h].size();
        for (int i = 0; i < vms[h].size(); i++) {
            if (moving[vms[h].get(i)] > 0 && !incoming[h].contains(vms[h].get(i))) {
                n++;
            }
        }
        return n;
    }

    long memoryFree(int h) {
        long usedMb = 0;
        for (int i = 0; i < vms[h].size(); i++) {
            usedMb += servers[vms[h].get(i)].memoryMb();
        }
        return hosts[h].memoryMb() - usedMb;
    }

    /**
     * Starts migrating server {@code s} to host {@code to}. Under CloudSim's rules a second
     * migration of a server already moving in the same round also starts (CloudSim's under-load
     * pass can move a server it just placed), and the last to complete decides where it ends.
     */
    void startMigration(String action, int s, int to, long now) {
        moving[s]++;
        vms[to].add(s);
        incoming[to].add(s);
        long ends = now + Math.round(rules.migration().seconds(servers[s].memoryMb()) * 1e9);
        flights.add(new Flight(action, s, host[s], to, now, ends, flightSeq++));
        metrics.migrationStarted();
    }

    /** Re-divides the hosts touched by migrations just started, as CloudSim's addMigratingInVm does. */
    void refresh(int h, long now) {
        used[h] = recompute(h, now);
    }

    /** The end of the next migration to complete, or Long.MAX_VALUE. */
    public long nextCompletion() {
        Flight f = flights.peek();
        return f == null ? Long.MAX_VALUE : f.ends;
    }

    /** Completes the flights ending at {@code now}, in start order; returns them. */
    List<Flight> complete(long now) {
        List<Flight> done = new java.util.ArrayList<>();
        while (!flights.isEmpty() && flights.peek().ends == now) {
            Flight f = flights.poll();
            int s = f.server;
            vms[host[s]].remove(s);
            vms[f.to].remove(s);
            incoming[f.to].remove(s);
            vms[f.to].add(s);
            host[s] = f.to;
            moving[s]--;
            done.add(f);
        }
        return done;
    }

    /** Aborts every flight into or out of host {@code h}: the servers stay where they were. */
    List<Flight> fail(int h) {
        List<Flight> failed = new java.util.ArrayList<>();
        for (Flight f : List.copyOf(flights)) {
            if (f.to == h || f.from == h) {
                flights.remove(f);
                vms[f.to].remove(f.server);
                incoming[f.to].remove(f.server);
                moving[f.server]--;
                failed.add(f);
            }
        }
        return failed;
    }

    List<Flight> inFlight() {
        return List.copyOf(flights);
    }
}
