package dev.hpm.sasp;

/** The return codes of RFC 4678 replies. */
public final class ReturnCode {
    public static final int OK = 0x00;
    public static final int NOT_UNDERSTOOD = 0x10;
    public static final int NOT_ACCEPTED = 0x11;
    public static final int ALREADY_REGISTERED = 0x40;
    public static final int NOT_REGISTERED = 0x41;
    public static final int UNKNOWN_GROUP = 0x42;
    public static final int UNKNOWN_LB = 0x43;
    public static final int DUPLICATE_MEMBER = 0x44;
    public static final int INVALID_GROUP = 0x45;
    public static final int DUPLICATE_GROUP = 0x46;
    public static final int EMPTY_GROUP_NAME = 0x50;
    public static final int BAD_LB_UID_SIZE = 0x51;
    public static final int LB_NOT_CONTACTED = 0x61;

    private ReturnCode() {
    }
}
