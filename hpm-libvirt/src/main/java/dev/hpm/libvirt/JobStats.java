package dev.hpm.libvirt;

import java.util.List;
import java.util.OptionalLong;

/**
 * A domain's job as {@code virDomainGetJobStats} reports it: the job type and its typed
 * parameters ({@code VIR_DOMAIN_JOB_*} fields). For a migration, {@code data_*} count the bytes of
 * guest memory and device state: {@code data_total} to copy in all, {@code data_remaining} still
 * dirty, {@code data_processed} sent (zero pages are sent as markers, so it may stay far below
 * total); the destination's completed job has the pause at the end in {@code downtime}.
 *
 * @param type {@code virDomainJobType}: {@link #NONE}, {@link #BOUNDED}, {@link #UNBOUNDED}, …
 */
public record JobStats(int type, List<TypedParam> parameters) {
    /** {@code VIR_DOMAIN_JOB_NONE}: no job. */
    public static final int NONE = 0;
    /** {@code VIR_DOMAIN_JOB_BOUNDED}: a job with a known end. */
    public static final int BOUNDED = 1;
    /** {@code VIR_DOMAIN_JOB_UNBOUNDED}: a job without a known end, e.g. a live migration. */
    public static final int UNBOUNDED = 2;
    /** {@code VIR_DOMAIN_JOB_COMPLETED}: the last job, finished. */
    public static final int COMPLETED = 3;
    /** {@code VIR_DOMAIN_JOB_STATS_COMPLETED}: ask for the last completed job. */
    static final int STATS_COMPLETED = 1;

    public JobStats {
        parameters = List.copyOf(parameters);
    }

    /** True while a job runs. */
    public boolean active() {
        return type == BOUNDED || type == UNBOUNDED;
    }

    /** The numeric parameter {@code field}, if reported. */
    public OptionalLong value(String field) {
        return parameters.stream().filter(p -> p.field().equals(field)).findFirst()
                .map(TypedParam::numeric).orElse(OptionalLong.empty());
    }

    /**
     * How far a migration got, 0…1: the share of its data no longer remaining
     * ({@code 1 - data_remaining / data_total}); empty before libvirt reports the totals.
     */
    public java.util.OptionalDouble progress() {
        OptionalLong total = value("data_total");
        OptionalLong remaining = value("data_remaining");
        if (total.isEmpty() || remaining.isEmpty() || total.getAsLong() <= 0) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(Math.clamp(1 - (double) remaining.getAsLong() / total.getAsLong(), 0, 1));
    }
}
