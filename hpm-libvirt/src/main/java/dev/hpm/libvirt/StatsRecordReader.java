package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Decodes the {@code virDomainStatsRecordPtr[]} of {@code virConnectGetAllDomainStats} into
 * {@link DomainSample}s: every numeric typed parameter of each record goes to the shared
 * {@link DomainStatsDecoder} under its libvirt field name, strings are skipped.
 *
 * <p>This is the per-interval hot path. Values are read straight from native memory, field names
 * come from a {@link StringCache} (no allocation once a name has been seen), and the only objects
 * made per record are the sample and its vCPU arrays. Not thread-safe; one per connection.
 */
@SuppressWarnings("restricted")
final class StatsRecordReader {
    private final NativeConnection connection;
    private final StringCache fieldNames = new StringCache(4096);

    StatsRecordReader(NativeConnection connection) {
        this.connection = connection;
    }

    /**
     * Decodes the {@code count} records of {@code list}. Does not free the list: the caller owns it
     * and releases it with {@code virDomainStatsRecordListFree}.
     */
    List<DomainSample> read(MemorySegment list, int count, DomainStatsDecoder decoder, long timestampNanos) {
        MemorySegment records = list.reinterpret(count * ADDRESS.byteSize());
        List<DomainSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            MemorySegment record = records.getAtIndex(ADDRESS, i).reinterpret(Layouts.STATS_RECORD.byteSize());
            MemorySegment domain = record.get(ADDRESS, Layouts.SR_DOM);
            decoder.begin(connection.uuidOf(domain), connection.nameOf(domain), timestampNanos);
            int nparams = record.get(JAVA_INT, Layouts.SR_NPARAMS);
            MemorySegment params = record.get(ADDRESS, Layouts.SR_PARAMS).reinterpret(nparams * Layouts.TP_SIZE);
            feed(params, nparams, decoder);
            samples.add(decoder.build());
        }
        return samples;
    }

    /** Feeds every numeric parameter of one record to {@code decoder}. */
    void feed(MemorySegment params, int nparams, DomainStatsDecoder decoder) {
        for (int j = 0; j < nparams; j++) {
            long base = j * Layouts.TP_SIZE;
            int type = params.get(JAVA_INT, base + Layouts.TP_TYPE);
            if (TypedParams.isNumeric(type)) {
                decoder.field(fieldNames.get(params, base, Layouts.FIELD_LENGTH), TypedParams.numeric(params, base, type));
            }
        }
    }
}
