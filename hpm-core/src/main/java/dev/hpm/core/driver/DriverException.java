package dev.hpm.core.driver;

/**
 * A hypervisor call failed. {@link #code()} is the hypervisor's error number (libvirt's
 * {@code virErrorNumber}, or -1), the message is the hypervisor's own.
 */
public class DriverException extends RuntimeException {
    private final int code;

    public DriverException(int code, String message) {
        super(message);
        this.code = code;
    }

    public DriverException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
