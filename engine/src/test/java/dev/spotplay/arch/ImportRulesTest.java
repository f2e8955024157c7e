package dev.spotplay.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The import rules the package-info files state, checked on the compiled main classes: each
 * library in its one package, each provider's package its own, imports one way
 * (cli -> exec -> planner -> plan/state/playbook -> diag).
 */
class ImportRulesTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spotplay");

    /**
     * Known exception, outside the provider packages (reported to the lead, not fixed here): the
     * hidden warm-up command starts an in-process local NodeServer as the SSH host of its static
     * training cluster.
     */
    private static final DescribedPredicate<JavaClass> WARM_UP = DescribedPredicate.describe("cli.WarmUpCommand (a known exception)",
            c -> c.getName().equals("dev.spotplay.cli.WarmUpCommand"));

    private static void check(ArchRule rule) {
        rule.check(MAIN);
    }

    @Test
    void eachProviderPackageIsItsOwn() {
        for (String p : new String[] {"local", "aws", "static_"}) {
            check(noClasses().that().resideOutsideOfPackage("dev.spotplay.provider." + p + "..").and(DescribedPredicate.not(WARM_UP))
                    .should().dependOnClassesThat().resideInAPackage("dev.spotplay.provider." + p + "..")
                    .because("a provider is found with ServiceLoader and speaks through its ProviderFactory only"));
        }
    }

    @Test
    void theAwsSdkOnlyInTheAwsProvider() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.provider.aws..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk.."));
    }

    @Test
    void minaOnlyInTheLocalProvider() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.provider.local..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.sshd.."));
    }

    @Test
    void eachDatabaseDriverInItsBackendAndJdbcOnlyInTheStateBackends() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.state.h2..")
                .should().dependOnClassesThat().resideInAPackage("org.h2.."));
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.state.pg..")
                .should().dependOnClassesThat().resideInAPackage("org.postgresql.."));
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.state.h2..", "dev.spotplay.state.pg..", "dev.spotplay.state.sql..")
                .should().dependOnClassesThat().resideInAPackage("java.sql.."));
        for (String backend : new String[] {"h2", "pg"}) {
            check(noClasses().that().resideOutsideOfPackage("dev.spotplay.state." + backend + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.spotplay.state." + backend + "..")
                    .because("a backend is found with ServiceLoader and reached through StateLocation only"));
        }
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.state.h2..", "dev.spotplay.state.pg..", "dev.spotplay.state.sql..")
                .should().dependOnClassesThat().resideInAPackage("dev.spotplay.state.sql..")
                .because("the shared SQL store is the backends' own"));
    }

    @Test
    void sshjOnlyInTransportSsh() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.transport.ssh..")
                .should().dependOnClassesThat().resideInAnyPackage("net.schmizz..", "com.hierynomus.."));
    }

    @Test
    void jgraphtOnlyInThePlannerAndTheWalker() {
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.planner..", "dev.spotplay.exec..")
                .should().dependOnClassesThat().resideInAPackage("org.jgrapht.."));
    }

    /** One bounded pool lives in the walk; the local provider's node server is a process of its own, not the CLI's. */
    @Test
    void threadPoolsOnlyInTheWalk() {
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.exec..", "dev.spotplay.provider.local..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadPoolExecutor")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ScheduledThreadPoolExecutor")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ForkJoinPool"));
    }

    @Test
    void picocliOnlyInCli() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli.."));
    }

    @Test
    void importsPointOneWay() {
        check(noClasses().that().resideOutsideOfPackage("dev.spotplay.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.spotplay.cli.."));
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.cli..", "dev.spotplay.exec..")
                .should().dependOnClassesThat().resideInAPackage("dev.spotplay.exec.."));
        check(noClasses().that().resideOutsideOfPackages("dev.spotplay.cli..", "dev.spotplay.exec..", "dev.spotplay.planner..")
                .should().dependOnClassesThat().resideInAPackage("dev.spotplay.planner.."));
        check(noClasses().that().resideInAnyPackage("dev.spotplay.plan..", "dev.spotplay.state..", "dev.spotplay.playbook..",
                        "dev.spotplay.diag..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.spotplay.provider.."));
        check(noClasses().that().resideInAPackage("dev.spotplay.diag..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.spotplay..")
                        .and(JavaClass.Predicates.resideOutsideOfPackage("dev.spotplay.diag.."))));
    }
}
