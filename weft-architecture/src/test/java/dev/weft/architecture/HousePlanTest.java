package dev.weft.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house plan (docs/ARCHITECTURE.md), checked on the main classes of every module but the benchmarks:
 * the modules are layered coroutine ← net ← server and coroutine ← control ← server, with the demo on
 * top; no package cycle anywhere; and a module's {@code internal} packages are its own.
 */
class HousePlanTest {
    private static final JavaClasses WEFT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.weft");

    /** Each module's root package, lowest layer first. */
    static List<String> modules() {
        return List.of("coroutine", "net", "control", "server", "demo");
    }

    @Test
    void theCoroutineModuleUsesNothingButTheJdk() {
        noClasses()
                .that()
                .resideInAPackage("dev.weft.coroutine..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.weft.coroutine..", "java..", "javax..", "jdk..", "sun..")
                .check(WEFT);
    }

    @Test
    void netAndControlSeeOnlyTheCoroutines() {
        noClasses()
                .that()
                .resideInAPackage("dev.weft.net..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.weft.control..", "dev.weft.server..", "dev.weft.demo..")
                .check(WEFT);
        noClasses()
                .that()
                .resideInAPackage("dev.weft.control..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.weft.net..", "dev.weft.server..", "dev.weft.demo..")
                .check(WEFT);
    }

    @Test
    void theServerDoesNotKnowTheDemo() {
        noClasses()
                .that()
                .resideInAPackage("dev.weft.server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.weft.demo..")
                .check(WEFT);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.weft.(**)").should().beFreeOfCycles().check(WEFT);
    }

    @Test
    void theHttpTypesOpenTheirInternalsToWeftNetOnly() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.weft.net..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.weft.net.http.InternalAccess")
                .check(WEFT);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void aModulesInternalPackagesAreUsedOnlyByThatModule(String module) {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.weft." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.weft." + module + ".internal..")
                .because("internal packages are not part of a module's API")
                .check(WEFT);
    }
}
