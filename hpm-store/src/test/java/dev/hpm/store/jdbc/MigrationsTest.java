package dev.hpm.store.jdbc;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {
    @Test
    void scripts_areListedInOrderAndSharedWhenNoDialectVariantExists() {
        List<Migrations.Script> h2 = Migrations.scripts(new Dialect.H2());
        List<Migrations.Script> pg = Migrations.scripts(new Dialect.Postgres());

        assertThat(h2).extracting(Migrations.Script::version).startsWith(1).doesNotHaveDuplicates();
        assertThat(h2.getFirst()).isEqualTo(new Migrations.Script(1, "initial", "/dev/hpm/store/schema/001-initial.sql"));
        assertThat(pg).isEqualTo(h2);
        assertThat(Migrations.latest(new Dialect.H2())).isEqualTo(h2.getLast().version());
    }

    @Test
    void statements_splitAtSemicolonsEndingALineAndDropComments() {
        assertThat(Migrations.statements("""
                -- a comment
                CREATE TABLE a (
                    x INTEGER -- trailing words stay
                );

                CREATE INDEX a_x ON a (x);
                """)).containsExactly("CREATE TABLE a (\n    x INTEGER -- trailing words stay\n)", "CREATE INDEX a_x ON a (x)");
    }

    @Test
    void statements_unterminated_isAnError() {
        assertThatThrownBy(() -> Migrations.statements("CREATE TABLE a (x INTEGER)"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ends without ';'");
    }
}
