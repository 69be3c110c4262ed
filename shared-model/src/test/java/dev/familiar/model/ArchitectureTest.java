package dev.familiar.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.familiar.model", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule contractOnly = noClasses().should().dependOnClassesThat().resideInAnyPackage(
                    "javafx..", "com.stripe..", "com.microsoft..", "java.sql..", "javax.sql..", "io.javalin..",
                    "org.eclipse.jetty..", "mockwebserver3..", "dev.familiar.server..", "dev.familiar.admin..")
            .because("shared-model is the API contract: no UI, no providers, no storage, no server code");
}
