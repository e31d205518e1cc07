package dev.hpm.store.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DialectTest {
    @Test
    void of_choosesByUrl() {
        assertThat(Dialect.of("jdbc:postgresql://db:5432/hpm")).isInstanceOf(Dialect.Postgres.class);
        assertThat(Dialect.of("jdbc:h2:file:/var/lib/hpm/hpm")).isInstanceOf(Dialect.H2.class);
    }

    @Test
    void redact_hidesPasswordsInUrls() {
        assertThat(Dialect.redact("jdbc:postgresql://db/hpm?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/hpm?user=a&password=***&ssl=true");
        assertThat(Dialect.redact("jdbc:h2:tcp://h/db;PASSWORD=s3cret;X=1")).isEqualTo("jdbc:h2:tcp://h/db;PASSWORD=***;X=1");
    }

    @Test
    void connectUrl_h2_addsLockTimeoutAndCompressionUnlessGiven() {
        assertThat(new Dialect.H2().connectUrl("jdbc:h2:file:/d/hpm"))
                .isEqualTo("jdbc:h2:file:/d/hpm;LOCK_TIMEOUT=10000;COMPRESS=TRUE");
        assertThat(new Dialect.H2().connectUrl("jdbc:h2:file:/d/hpm;lock_timeout=5;COMPRESS=FALSE"))
                .isEqualTo("jdbc:h2:file:/d/hpm;lock_timeout=5;COMPRESS=FALSE");
    }

    @Test
    void describe_h2_namesTheFile() {
        assertThat(new Dialect.H2().describe(null, "jdbc:h2:file:/var/lib/hpm/hpm;LOCK_TIMEOUT=1"))
                .isEqualTo("H2 file /var/lib/hpm/hpm.mv.db");
        assertThat(new Dialect.H2().describe(null, "jdbc:h2:mem:test")).isEqualTo("H2 in-memory database test");
    }
}
