package dev.hpm.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's layering, checked with ArchUnit (docs/architecture-tests.md): the API layer (the
 * controllers of {@code dev.hpm.server.api} and the HTTP plumbing of {@code dev.hpm.server.http})
 * reaches the database only through the store's repositories, never JDBC or the store's JDBC classes.
 */
class ArchitectureTest {
    private static JavaClasses server;

    @BeforeAll
    static void importServer() {
        server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hpm.server");
        assertThat(server.that(com.tngtech.archunit.base.DescribedPredicate.describe("in api",
                c -> c.getPackageName().equals("dev.hpm.server.api")))).as("API classes imported").hasSizeGreaterThan(10);
    }

    static ArchRule apiLayerUsesNoJdbc() {
        return noClasses().that().resideInAnyPackage("dev.hpm.server.api..", "dev.hpm.server.http..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "dev.hpm.store.jdbc..")
                .because("the API layer speaks to the store's repositories (dev.hpm.store), so that the "
                        + "database can change without the API knowing");
    }

    @Test
    void apiLayer_usesNoJdbcClasses() {
        apiLayerUsesNoJdbc().check(server);
    }

    @Test
    void jdbcRule_findsAControllerThatUsesJdbc() {
        JavaClasses offender = new ClassFileImporter().importClasses(dev.hpm.server.api.ArchitectureOffender.class);
        assertThat(apiLayerUsesNoJdbc().evaluate(offender).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("java.sql.Connection"));
    }
}
