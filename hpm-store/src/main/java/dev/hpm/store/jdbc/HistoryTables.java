package dev.hpm.store.jdbc;

import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of the history tables in the order {@link HistoryRows} fills them, so that the batch
 * writer and PostgreSQL's COPY writer share one description. A row is an {@code Object[]} of
 * {@link Long}, {@link Integer}, {@link Double}, {@link String}, {@link Boolean} or null.
 */
final class HistoryTables {
    /** The SQL type of a column, for binding nulls and formatting COPY text. */
    enum Type {
        BIGINT(Types.BIGINT), INTEGER(Types.INTEGER), DOUBLE(Types.DOUBLE), VARCHAR(Types.VARCHAR),
        BOOLEAN(Types.BOOLEAN);

        final int jdbc;

        Type(int jdbc) {
            this.jdbc = jdbc;
        }
    }

    record Column(String name, Type type) {
    }

    /** A table and its columns; {@link #insert()} is the statement the batch writer prepares. */
    record Table(String name, List<Column> columns) {
        String columnList() {
            return columns.stream().map(Column::name).collect(Collectors.joining(", "));
        }

        String insert() {
            return "INSERT INTO " + name + " (" + columnList() + ") VALUES (" + "?, ".repeat(columns.size() - 1) + "?)";
        }

        Type type(int index) {
            return columns.get(index).type();
        }
    }

    static final Table HOSTS = table("host_history",
            "at_ms BIGINT", "host VARCHAR", "connected BOOLEAN", "cpus INTEGER", "cpu_utilisation DOUBLE",
            "velocity DOUBLE", "using_cpus DOUBLE", "delay_cpus DOUBLE", "servers INTEGER", "collect_millis DOUBLE",
            "kernel_nanos BIGINT", "user_nanos BIGINT", "idle_nanos BIGINT", "iowait_nanos BIGINT");

    static final Table CLASSES = table("class_history",
            "at_ms BIGINT", "host VARCHAR", "group_name VARCHAR", "class_name VARCHAR", "importance VARCHAR",
            "goal_velocity INTEGER", "servers INTEGER", "measured_servers INTEGER", "using_cpus DOUBLE",
            "delay_cpus DOUBLE", "velocity DOUBLE", "pi DOUBLE", "worst_server_pi DOUBLE", "rt_goal VARCHAR",
            "completions BIGINT", "rt_millis DOUBLE");

    static final Table SERVERS = table("server_history",
            "at_ms BIGINT", "uuid VARCHAR", "name VARCHAR", "host VARCHAR", "group_name VARCHAR", "class_name VARCHAR",
            "goal_velocity INTEGER", "using_cpus DOUBLE", "delay_cpus DOUBLE", "cpu_cpus DOUBLE", "velocity DOUBLE",
            "pi DOUBLE", "shares BIGINT", "cap_cpus DOUBLE", "cpu_time_nanos BIGINT", "vcpu_time_nanos BIGINT",
            "vcpu_delay_nanos BIGINT", "balloon_current_kib BIGINT", "balloon_rss_kib BIGINT", "net_rx_bytes BIGINT",
            "net_tx_bytes BIGINT", "block_read_bytes BIGINT", "block_write_bytes BIGINT", "rt_goal VARCHAR");

    /** Every history table, in the order the writers flush them. */
    static final List<Table> ALL = List.of(HOSTS, CLASSES, SERVERS);

    private HistoryTables() {
    }

    private static Table table(String name, String... columns) {
        return new Table(name, Arrays.stream(columns).map(c -> {
            String[] parts = c.split(" ");
            return new Column(parts[0], Type.valueOf(parts[1]));
        }).toList());
    }
}
