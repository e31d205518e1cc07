package dev.hpm.server.api;

/** A class of the API package that breaks the JDBC rule, to show that ArchitectureTest's rule fails on it. */
public final class ArchitectureOffender {
    private ArchitectureOffender() {
    }

    static boolean open(java.sql.Connection connection) throws java.sql.SQLException {
        return !connection.isClosed();
    }
}
