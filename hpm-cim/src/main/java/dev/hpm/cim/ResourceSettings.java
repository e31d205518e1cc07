package dev.hpm.cim;

import dev.hpm.cim.xml.EmbeddedInstances;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads {@code ModifyResourceSettings}' {@code ResourceSettings}: one embedded
 * {@code KVM_ProcResourceAllocationSettingData} (MOF {@code instance of …} text or a CIM-XML
 * {@code INSTANCE}) naming its virtual system by {@code InstanceID} ({@code DOMAIN/proc}) and setting
 * {@code Weight}, {@code Limit} or both; every other property is left as it is.
 */
final class ResourceSettings {
    static final String PROC_CLASS = "KVM_ProcResourceAllocationSettingData";

    private ResourceSettings() {
    }

    /** The change: the system's CIM name and the new weight and limit (absent: unchanged). */
    record Change(String system, OptionalLong weight, OptionalLong limit) {
    }

    static Change read(Object parameter) {
        List<?> items = parameter instanceof List<?> l ? l : parameter instanceof String s ? List.of(s) : List.of();
        if (items.size() != 1) {
            throw CimException.invalidParameter("ResourceSettings must hold exactly one embedded "
                    + PROC_CLASS + " (it held " + items.size() + ")");
        }
        EmbeddedInstances.Parsed instance = EmbeddedInstances.parse(items.getFirst().toString());
        if (!instance.className().equalsIgnoreCase(PROC_CLASS)) {
            throw CimException.notSupported("ModifyResourceSettings changes only " + PROC_CLASS + ", not "
                    + instance.className());
        }
        Map<String, String> values = instance.values();
        String id = get(values, "InstanceID");
        if (id == null || !id.endsWith("/proc")) {
            throw CimException.invalidParameter("the embedded " + PROC_CLASS + " needs its InstanceID (\"DOMAIN/proc\")");
        }
        OptionalLong weight = number(values, "Weight", 2, 262_144, "cpu_shares: 2 to 262144");
        OptionalLong limit = number(values, "Limit", 0, 100_000, "percent of one CPU, 0 for no cap");
        if (weight.isEmpty() && limit.isEmpty()) {
            throw CimException.invalidParameter("the embedded " + PROC_CLASS + " sets neither Weight nor Limit");
        }
        return new Change(id.substring(0, id.length() - "/proc".length()), weight, limit);
    }

    private static String get(Map<String, String> values, String name) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static OptionalLong number(Map<String, String> values, String name, long min, long max, String range) {
        String text = get(values, name);
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) {
                throw CimException.invalidParameter(name + " is " + v + ": use " + range);
            }
            return OptionalLong.of(v);
        } catch (NumberFormatException e) {
            throw CimException.invalidParameter(name + " must be a whole number, not \"" + text + "\"");
        }
    }
}
