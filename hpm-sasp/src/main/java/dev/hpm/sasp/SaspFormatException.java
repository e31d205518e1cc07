package dev.hpm.sasp;

/**
 * A message that does not follow RFC 4678: wrong lengths, counts beyond the limits, unknown
 * types, truncation. {@code type} is the message type when the header and the type could be
 * read (the server then answers with that type's reply and code 0x10 "message not understood"),
 * else -1 (the server closes the connection).
 */
public final class SaspFormatException extends RuntimeException {
    private final int type;
    private final int messageId;

    public SaspFormatException(String message, int type, int messageId) {
        super(message);
        this.type = type;
        this.messageId = messageId;
    }

    /** The request's message type, or -1 if unknown. */
    public int type() {
        return type;
    }

    public int messageId() {
        return messageId;
    }
}
