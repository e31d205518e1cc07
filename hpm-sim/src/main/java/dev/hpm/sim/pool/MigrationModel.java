package dev.hpm.sim.pool;

/**
 * How long a live migration takes and what it costs, by pre-copy (C. Clark et al., "Live migration
 * of virtual machines", NSDI 2005): the whole memory is sent once, then in each further round the
 * pages dirtied while the previous round was sent, until what is left is small enough for a short
 * stop-and-copy (or the rounds stop converging, or the round limit is reached).
 *
 * <p>CloudSim's rule (A. Beloglazov and R. Buyya, CCPE 24(13), 2012) is the special case of no
 * dirtying over half the link: memory ÷ (bandwidth ÷ 2), see {@link #cloudSim(double)}.
 *
 * @param bandwidthMbPerS what one migration can send, MB/s
 * @param dirtyMbPerS     how fast the guest dirties memory while it runs, MB/s
 * @param maxRounds       pre-copy rounds at most, the first (full copy) included
 * @param stopCopyMb      memory left at which the guest is paused for the final copy
 * @param degradation     fraction of its CPU the migrating server loses while it moves (CloudSim: 0.1)
 * @param targetShare     fraction of the server's request the destination spends on it while it
 *                        moves in (CloudSim: 0.1)
 */
public record MigrationModel(double bandwidthMbPerS, double dirtyMbPerS, int maxRounds, double stopCopyMb,
                             double degradation, double targetShare) {
    public MigrationModel {
        if (!(bandwidthMbPerS > 0)) {
            throw new IllegalArgumentException("migration bandwidth must be above 0 MB/s, was " + bandwidthMbPerS);
        }
        if (!(dirtyMbPerS >= 0)) {
            throw new IllegalArgumentException("dirty rate must be at least 0 MB/s, was " + dirtyMbPerS);
        }
        if (maxRounds < 1) {
            throw new IllegalArgumentException("pre-copy needs at least 1 round, was " + maxRounds);
        }
    }

    /** CloudSim's migration over a host link of {@code linkMbitPerS}: RAM ÷ (link ÷ 2), 10 % degradation. */
    public static MigrationModel cloudSim(double linkMbitPerS) {
        return new MigrationModel(linkMbitPerS / 16.0, 0, 1, 0, 0.1, 0.1);
    }

    /** The rounds of one migration: memory sent per round (MB) and the total and downtime seconds. */
    public record Rounds(double[] sentMb, double seconds, double downtimeSeconds) {
    }

    /** Seconds a migration of {@code memoryMb} lasts, stop-and-copy included. */
    public double seconds(double memoryMb) {
        return rounds(memoryMb).seconds();
    }

    /** The pre-copy rounds for {@code memoryMb}. */
    public Rounds rounds(double memoryMb) {
        double[] sent = new double[maxRounds + 1];
        double remaining = memoryMb;
        double total = 0;
        int n = 0;
        while (n < maxRounds) {
            double t = remaining / bandwidthMbPerS;
            sent[n++] = remaining;
            total += t;
            double dirtied = Math.min(memoryMb, dirtyMbPerS * t);
            boolean converging = dirtied < remaining;
            remaining = dirtied;
            if (remaining <= stopCopyMb || !converging) {
                break;
            }
        }
        double downtime = remaining / bandwidthMbPerS;
        if (remaining > 0) {
            sent[n++] = remaining;
        }
        return new Rounds(java.util.Arrays.copyOf(sent, n), total + downtime, downtime);
    }
}
