package dev.hpm.libvirt;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The C structures HPM reads and writes, as declared in libvirt 9.x's public headers on x86_64 Linux
 * (LP64: {@code long} and pointers are 8 bytes), with the byte offsets the hot paths use. Offsets are
 * derived from the layouts, not written by hand, and {@code LayoutsTest} pins the sizes the headers
 * imply.
 */
final class Layouts {
    /** {@code VIR_TYPED_PARAM_FIELD_LENGTH}, also {@code VIR_NODE_CPU_STATS_FIELD_LENGTH}. */
    static final int FIELD_LENGTH = 80;
    /** {@code VIR_UUID_STRING_BUFLEN}: 36 characters and the NUL. */
    static final int UUID_STRING_BUFLEN = 37;

    /** {@code virTypedParameter}: {@code char field[80]; int type; union value} (8-byte union). */
    static final StructLayout TYPED_PARAMETER = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("field"),
            JAVA_INT.withName("type"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("value")).withName("virTypedParameter");
    static final long TP_SIZE = TYPED_PARAMETER.byteSize();
    static final long TP_TYPE = offset(TYPED_PARAMETER, "type");
    static final long TP_VALUE = offset(TYPED_PARAMETER, "value");

    /** {@code virDomainStatsRecord}: {@code virDomainPtr dom; virTypedParameterPtr params; int nparams}. */
    static final StructLayout STATS_RECORD = MemoryLayout.structLayout(
            ADDRESS.withName("dom"),
            ADDRESS.withName("params"),
            JAVA_INT.withName("nparams"),
            MemoryLayout.paddingLayout(4)).withName("virDomainStatsRecord");
    static final long SR_DOM = offset(STATS_RECORD, "dom");
    static final long SR_PARAMS = offset(STATS_RECORD, "params");
    static final long SR_NPARAMS = offset(STATS_RECORD, "nparams");

    /** {@code virNodeInfo}: {@code char model[32]; unsigned long memory; unsigned int cpus, mhz, nodes, sockets, cores, threads}. */
    static final StructLayout NODE_INFO = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("model"),
            JAVA_LONG.withName("memory"),
            JAVA_INT.withName("cpus"),
            JAVA_INT.withName("mhz"),
            JAVA_INT.withName("nodes"),
            JAVA_INT.withName("sockets"),
            JAVA_INT.withName("cores"),
            JAVA_INT.withName("threads")).withName("virNodeInfo");

    /** {@code virNodeCPUStats}: {@code char field[80]; unsigned long long value}. */
    static final StructLayout NODE_CPU_STATS = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(FIELD_LENGTH, JAVA_BYTE).withName("field"),
            JAVA_LONG.withName("value")).withName("virNodeCPUStats");
    static final long NCS_VALUE = offset(NODE_CPU_STATS, "value");

    /** {@code virDomainInfo}: {@code unsigned char state; unsigned long maxMem, memory; unsigned short nrVirtCpu; unsigned long long cpuTime}. */
    static final StructLayout DOMAIN_INFO = MemoryLayout.structLayout(
            JAVA_BYTE.withName("state"),
            MemoryLayout.paddingLayout(7),
            JAVA_LONG.withName("maxMem"),
            JAVA_LONG.withName("memory"),
            JAVA_SHORT.withName("nrVirtCpu"),
            MemoryLayout.paddingLayout(6),
            JAVA_LONG.withName("cpuTime")).withName("virDomainInfo");

    /** The head of {@code virError} that HPM reads: {@code int code; int domain; char *message; int level; ...}. */
    static final StructLayout ERROR_HEAD = MemoryLayout.structLayout(
            JAVA_INT.withName("code"),
            JAVA_INT.withName("domain"),
            ADDRESS.withName("message"),
            JAVA_INT.withName("level"),
            MemoryLayout.paddingLayout(4)).withName("virError");
    static final long ERR_CODE = offset(ERROR_HEAD, "code");
    static final long ERR_MESSAGE = offset(ERROR_HEAD, "message");

    private Layouts() {
    }

    /** Byte offset of the member {@code name} of {@code struct}. */
    static long offset(StructLayout struct, String name) {
        return struct.byteOffset(PathElement.groupElement(name));
    }
}
