package dev.hpm.cim;

/**
 * A CIM operation failed with one of DSP0200's status codes; it travels to the client as an
 * {@code ERROR} element in an HTTP 200 answer ({@code CIM_ERR_*}).
 */
public final class CimException extends RuntimeException {
    public static final int FAILED = 1;
    public static final int ACCESS_DENIED = 2;
    public static final int INVALID_NAMESPACE = 3;
    public static final int INVALID_PARAMETER = 4;
    public static final int INVALID_CLASS = 5;
    public static final int NOT_FOUND = 6;
    public static final int NOT_SUPPORTED = 7;
    public static final int NO_SUCH_PROPERTY = 12;
    public static final int METHOD_NOT_FOUND = 17;

    private final int code;

    public CimException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** The {@code CIM_ERR_*} code. */
    public int code() {
        return code;
    }

    public static CimException invalidParameter(String message) {
        return new CimException(INVALID_PARAMETER, message);
    }

    public static CimException notSupported(String message) {
        return new CimException(NOT_SUPPORTED, message);
    }
}
