package dev.hpm.cim.xml;

/**
 * A request that is not a CIM operation HPM can read: answered with HTTP 400 and DSP0200's
 * {@code CIMError} header ({@link #header()}, e.g. {@code request-not-well-formed}).
 */
public final class MalformedRequest extends RuntimeException {
    /** Not XML, or not well-formed. */
    public static final String NOT_WELL_FORMED = "request-not-well-formed";
    /** XML, but not a CIM request HPM accepts (DTD, limits, structure). */
    public static final String NOT_VALID = "request-not-valid";
    /** The HTTP headers contradict the body. */
    public static final String HEADER_MISMATCH = "header-mismatch";
    /** A batch of requests ({@code MULTIREQ}). */
    public static final String MULTIPLE = "multiple-requests-unsupported";
    /** An export request, or a method HPM does not serve over HTTP. */
    public static final String UNSUPPORTED_OPERATION = "unsupported-operation";

    private final String header;

    public MalformedRequest(String header, String message) {
        super(message);
        this.header = header;
    }

    public String header() {
        return header;
    }
}
