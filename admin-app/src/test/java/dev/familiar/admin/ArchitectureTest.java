package dev.familiar.admin;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.familiar.server.FamiliarServer;
import dev.familiar.server.StartupException;

/** The arrows of the console: what it may use of the server side, and what its view models may not touch. */
@AnalyzeClasses(packages = "dev.familiar.admin", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule consoleUsesTheServerOnlyThroughItsEmbeddingEntryPoint = noClasses()
            .that().resideInAPackage("dev.familiar.admin..")
            .should().dependOnClassesThat(resideInAPackage("dev.familiar.server..")
                    .and(not(belongToAnyOf(FamiliarServer.class, StartupException.class)))
                    .and(not(resideInAPackage("dev.familiar.server.config.."))))
            .because("everything else goes through FamiliarClient, as it would to a remote server");

    @ArchTest
    static final ArchRule viewModelsWorkWithoutAScreen = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat(resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml.."))
            .because("view models hold the logic and are unit-tested without a screen; views only bind");

    @ArchTest
    static final ArchRule viewModelsDoNotStartServersThemselves = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat(resideInAnyPackage("dev.familiar.server..", "okhttp3.."))
            .because("they reach servers through the ServerConnector port, which tests replace with a fake");
}
