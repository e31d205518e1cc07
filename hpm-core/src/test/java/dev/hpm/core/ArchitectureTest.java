package dev.hpm.core;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's rules of the developers' guide, checked on its compiled classes with ArchUnit
 * (docs/architecture-tests.md): the core does no I/O and reads no static clock. The rules are checked
 * as they are, nothing frozen: a violation fails the build with the class, the member and the line.
 */
class ArchitectureTest {
    /** The one class allowed to read the machine's clocks: {@code Timebase.system()}'s implementation. */
    static final String SYSTEM_TIMEBASE = "dev.hpm.core.time.SystemTimebase";
    /** java.io types that are no I/O: markers and the exceptions a signature may name. */
    static final Set<String> HARMLESS_JAVA_IO = Set.of("java.io.Serializable", "java.io.Closeable",
            "java.io.IOException", "java.io.UncheckedIOException");

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hpm.core");
        assertThat(core.size()).as("classes of hpm-core imported").isGreaterThan(50);
    }

    /** Files, streams, readers, writers, the console (System.out is a PrintStream), sockets, JDBC. */
    static ArchRule noIo() {
        return noClasses().that().resideInAPackage("dev.hpm.core..")
                .should().dependOnClassesThat(ioType())
                .because("hpm-core does no I/O: the drivers and the server read and write, the core decides");
    }

    /** Processes and the process environment: another program or setting read behind the caller's back. */
    static ArchRule noProcessesOrEnvironment() {
        return noClasses().that().resideInAPackage("dev.hpm.core..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Runtime.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessHandle.class.getName())
                .orShould().accessTargetWhere(member(System.class, "getenv", "getProperty", "getProperties",
                        "exit", "setProperty"))
                .because("hpm-core is configured by its callers, never by the environment");
    }

    /**
     * No static clock and no waiting on real time: every {@code now()} of java.time, {@code Clock.system*},
     * {@code System.currentTimeMillis/nanoTime}, {@code Thread.sleep}, {@code new Date()}, timers and
     * scheduled executors; all outside {@link #SYSTEM_TIMEBASE}. Method references count ({@code Instant::now}).
     */
    static ArchRule noStaticClock() {
        return noClasses().that().resideInAPackage("dev.hpm.core..")
                .and().doNotHaveFullyQualifiedName(SYSTEM_TIMEBASE)
                .should().accessTargetWhere(clockRead())
                .orShould().callConstructor(java.util.Date.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Timer.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(
                        java.util.concurrent.ScheduledExecutorService.class.getName())
                .because("time and scheduling are injected (Timebase, Scheduler) so that the simulator runs the "
                        + "production code on simulated time");
    }

    @Test
    void core_doesNoIo() {
        noIo().check(core);
    }

    @Test
    void core_startsNoProcessAndReadsNoEnvironment() {
        noProcessesOrEnvironment().check(core);
    }

    @Test
    void core_readsNoStaticClockOutsideSystemTimebase() {
        noStaticClock().check(core);
    }

    @Test
    void systemTimebase_isTheOnePlaceThatReadsTheClock() {
        // The clock rule without its exception finds the system timebase's method references: proof that the
        // rule sees what it forbids, and that the allowed place is where the guide says.
        EvaluationResult result = noClasses().that().resideInAPackage("dev.hpm.core..")
                .should().accessTargetWhere(clockRead()).evaluate(core);
        assertThat(result.getFailureReport().getDetails())
                .isNotEmpty()
                .allMatch(line -> line.contains("<" + SYSTEM_TIMEBASE + "."), "in " + SYSTEM_TIMEBASE)
                .anyMatch(line -> line.contains("java.lang.System.nanoTime()"))
                .anyMatch(line -> line.contains("java.time.Instant.now()"));
    }

    @Test
    void ioRule_findsAFileRead() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReadsAFile.class);
        assertThat(noIo().evaluate(offender).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("java.nio.file.Files"));
    }

    /** A class that breaks the I/O rule, to show that the rule fails on it. */
    static final class ReadsAFile {
        static String read(String name) throws java.io.IOException {
            return java.nio.file.Files.readString(java.nio.file.Path.of(name));
        }
    }

    private static DescribedPredicate<JavaClass> ioType() {
        return DescribedPredicate.describe("do I/O (java.io except " + HARMLESS_JAVA_IO
                        + ", java.nio.file, java.nio.channels, java.net, java.sql, javax.sql, java.net.http)",
                c -> (c.getPackageName().equals("java.io") && !HARMLESS_JAVA_IO.contains(c.getName()))
                        || c.getPackageName().startsWith("java.nio.file")
                        || c.getPackageName().startsWith("java.nio.channels")
                        || c.getPackageName().startsWith("java.net")
                        || c.getPackageName().startsWith("java.sql")
                        || c.getPackageName().startsWith("javax.sql")
                        || c.getPackageName().startsWith("java.rmi"));
    }

    private static DescribedPredicate<JavaAccess<?>> clockRead() {
        return DescribedPredicate.describe("read a static clock or sleep",
                a -> {
                    String owner = a.getTargetOwner().getName();
                    String name = a.getTarget().getName();
                    return (owner.equals("java.lang.System") && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
                            || (owner.startsWith("java.time.") && name.equals("now"))
                            || (owner.equals("java.time.Clock") && name.startsWith("system"))
                            || (owner.equals("java.lang.Thread") && name.equals("sleep"))
                            || (owner.equals("java.util.concurrent.TimeUnit") && name.equals("sleep"))
                            || (owner.equals("java.util.concurrent.Executors") && name.contains("Scheduled"));
                });
    }

    private static DescribedPredicate<JavaAccess<?>> member(Class<?> owner, String... names) {
        Set<String> wanted = Set.of(names);
        return DescribedPredicate.describe(owner.getSimpleName() + "." + wanted,
                a -> a.getTargetOwner().getName().equals(owner.getName()) && wanted.contains(a.getTarget().getName()));
    }
}
