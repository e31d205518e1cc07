package dev.hpm.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Conversions between Java values and the columns of the schema, the same on H2 and PostgreSQL.
 * Instants of configuration rows are {@code TIMESTAMP WITH TIME ZONE} with microsecond precision
 * (what PostgreSQL keeps); the time series store epoch milliseconds. In the time series a NULL
 * double means NaN ("none this interval") and, for caps, +∞ ("no cap").
 */
final class Sql {
    /** SQLState of a unique or primary-key violation, on both databases. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The instant as stored: truncated to microseconds, so what is read back equals what was written. */
    static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** NaN is stored as NULL. */
    static void setDouble(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** A nullable double column: NULL reads as NaN. */
    static double doubleOrNaN(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : d;
    }

    /** A cap in CPUs: +∞ (no cap) and NaN are stored as NULL. */
    static void setCap(PreparedStatement ps, int index, double cap) throws SQLException {
        setDouble(ps, index, Double.isInfinite(cap) ? Double.NaN : cap);
    }

    /** A cap column: NULL reads as +∞ (no cap). */
    static double cap(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? Double.POSITIVE_INFINITY : d;
    }

    /** A nullable Double (CPU limits of a group). */
    static void setNullableDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    /** "" for null, so that NOT NULL text columns accept optional values. */
    static String text(String value) {
        return value == null ? "" : value;
    }
}
