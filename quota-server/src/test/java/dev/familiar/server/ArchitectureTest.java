package dev.familiar.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.familiar.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noJavaFx = noClasses().should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("the server is headless; the console is another module");

    @ArchTest
    static final ArchRule noConsoleCode = noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.familiar.admin..")
            .because("arrows point one way: admin-app depends on quota-server, never the reverse");

    @ArchTest
    static final ArchRule httpDoesNotReachIntoFeatures = noClasses().that().resideInAPackage("dev.familiar.server.http..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.familiar.server.db..", "dev.familiar.server.redis..",
                    "dev.familiar.server.admin..")
            .because("the HTTP plumbing stays small and knows no storage");

    @ArchTest
    static final ArchRule stripeStaysInItsAdapter = noClasses().that().resideOutsideOfPackage("dev.familiar.server.billing.stripe..")
            .should().dependOnClassesThat().resideInAnyPackage("com.stripe..")
            .because("Stripe is reached through the BillingGateway port; only its adapter knows stripe-java");

    @ArchTest
    static final ArchRule graphStaysInItsAdapter = noClasses().that().resideOutsideOfPackage("dev.familiar.server.directory.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("com.microsoft.graph..", "com.microsoft.kiota..")
            .because("Microsoft Entra is reached through the Directory port; only its Graph adapter knows the Graph SDK");

    @ArchTest
    static final ArchRule billingRulesDoNotKnowTheAdapters = noClasses().that().resideInAPackage("dev.familiar.server.billing")
            .should().dependOnClassesThat().resideInAnyPackage("dev.familiar.server.billing.stripe..",
                    "dev.familiar.server.billing.dryrun..")
            .because("billing works the same against either adapter; ServerRuntime chooses one");
}
