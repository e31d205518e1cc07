package dev.hpm.sasp;

/** A connection to a load balancer (or member) over which the GWM can push messages. */
public interface Session {
    /** Sends {@code message}; returns false if the connection is gone. Thread-safe. */
    boolean send(SaspMessage message);

    /** For logs and the API: the peer's address and port. */
    String peer();
}
