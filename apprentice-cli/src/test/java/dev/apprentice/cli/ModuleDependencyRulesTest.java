package dev.apprentice.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency direction of DESIGN.md, kept by tests named after the rule. */
class ModuleDependencyRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.apprentice");
  }

  @Test
  void theApiDependsOnNoOtherApprenticeModule() {
    noClasses().that().resideInAPackage("dev.apprentice.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.apprentice.gateway..", "dev.apprentice.providers..",
            "dev.apprentice.server..", "dev.apprentice.cli..", "dev.apprentice.testing..")
        .check(classes);
  }

  @Test
  void theApiUsesOnlyJacksonAnnotationsNotDatabind() {
    noClasses().that().resideInAPackage("dev.apprentice.api..")
        .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..")
        .check(classes);
  }

  @Test
  void providersDependOnlyOnTheApiNotOnTheGatewayOrServer() {
    noClasses().that().resideInAPackage("dev.apprentice.providers..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.apprentice.gateway..", "dev.apprentice.server..",
            "dev.apprentice.cli..", "io.helidon.webserver..")
        .check(classes);
  }

  @Test
  void onlyTheHelidonTransportKnowsTheHttpClientLibrary() {
    noClasses().that().resideInAPackage("dev.apprentice.providers..")
        .and().resideOutsideOfPackage("dev.apprentice.providers.http..")
        .should().dependOnClassesThat().resideInAnyPackage("io.helidon..")
        .check(classes);
  }

  @Test
  void eachProviderPackageStaysOutOfTheOthers() {
    for (String provider : new String[] {"openai", "anthropic", "simulator"}) {
      String[] others = java.util.Arrays.stream(new String[] {"openai", "anthropic", "simulator"})
          .filter(p -> !p.equals(provider)).map(p -> "dev.apprentice.providers." + p + "..").toArray(String[]::new);
      noClasses().that().resideInAPackage("dev.apprentice.providers." + provider + "..")
          .should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
    }
  }

  @Test
  void theGatewayKnowsNoProviderImplementationAndNoHttpServer() {
    noClasses().that().resideInAPackage("dev.apprentice.gateway..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.apprentice.providers..", "dev.apprentice.server..",
            "dev.apprentice.cli..", "io.helidon..")
        .check(classes);
  }

  @Test
  void theEvaluationEngineDependsOnlyOnTheApi() {
    noClasses().that().resideInAPackage("dev.apprentice.eval..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.apprentice.gateway..", "dev.apprentice.providers..",
            "dev.apprentice.store..", "dev.apprentice.local..", "dev.apprentice.server..", "dev.apprentice.cli..")
        .check(classes);
  }

  @Test
  void theServerDoesNotDependOnTheCli() {
    noClasses().that().resideInAPackage("dev.apprentice.server..")
        .should().dependOnClassesThat().resideInAPackage("dev.apprentice.cli..").check(classes);
  }

  @Test
  void mainCodeNeverDependsOnTestFakes() {
    noClasses().that().resideOutsideOfPackage("dev.apprentice.testing..")
        .should().dependOnClassesThat().resideInAPackage("dev.apprentice.testing..").check(classes);
  }
}
