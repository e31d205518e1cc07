package dev.hpm.core.power;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential such as a BMC password. Its {@link #toString()} never shows the value (it reads
 * {@value #HIDDEN}), so a secret that ends up in a log line, an exception message, a validation
 * problem or a record's {@code toString} gives nothing away; only {@link #reveal()} returns it, for
 * the one place that hands it to the tool that needs it (e.g. {@code IPMI_PASSWORD} in the
 * environment of {@code ipmitool}). Equality compares the values in constant time.
 */
public final class Secret {
    /** What {@link #toString()} shows instead of the value. */
    public static final String HIDDEN = "(hidden)";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value, for the call that needs it; never log or return it. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Length in UTF-8 bytes (IPMI limits passwords to 20 bytes). */
    public int utf8Length() {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // no hint about the value
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
