package io.tollgate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import jakarta.ws.rs.Path;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The package rules of docs/architecture.md, checked over the compiled classes: dependencies
 * run one way, from the request path at the top to the stores and maths at the bottom.
 * <pre>
 * proxy, devstack
 *   → gate (the one decision on each request, for both modes)
 * admin.api (the admin REST API) → admin (the administration's operations, on plain values)
 *   → portal
 *     → signin (the sign-in steps, on plain values)
 *       → caller, policy, session, credential, device, guard, account
 *         → totp, crypto, audit
 * http (leaf: host patterns, path prefixes, languages, log-safe text) — usable by all
 * store (leaf: store outages, database sessions, bounded Redis calls, digests) — usable by all
 * </pre>
 */
class ArchitectureTest {

    private static final JavaClasses TOLLGATE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tollgate");

    private static final String[] MIDDLE = { "io.tollgate.caller..", "io.tollgate.policy..", "io.tollgate.session..",
            "io.tollgate.credential..", "io.tollgate.device..", "io.tollgate.guard..", "io.tollgate.account.." };
    private static final String[] BOTTOM = { "io.tollgate.totp..", "io.tollgate.crypto..", "io.tollgate.audit.." };

    @Test
    void featurePackagesFormNoCycle() {
        slices().matching("io.tollgate.(*)..").should().beFreeOfCycles().check(TOLLGATE);
    }

    @Test
    void thePortalNeverReachesUpIntoTheGateway() {
        noClasses().that().resideInAPackage("io.tollgate.portal..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.proxy..", "io.tollgate.gate..", "io.tollgate.devstack..")
                .check(TOLLGATE);
    }

    @Test
    void theDecisionTakesNoConnectionAndNeverReachesTheProxy() {
        noClasses().that().resideInAPackage("io.tollgate.gate..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.proxy..", "io.tollgate.devstack..", "io.vertx.ext.web..",
                        "jakarta.ws.rs..")
                .orShould().dependOnClassesThat().belongToAnyOf(HttpServerRequest.class, HttpServerResponse.class)
                .check(TOLLGATE);
    }

    @Test
    void theSignInStepsNeverReachTheWebLayersNorTakeWebTypes() {
        noClasses().that().resideInAPackage("io.tollgate.signin..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.proxy..", "io.tollgate.gate..", "io.tollgate.portal..",
                        "io.tollgate.devstack..", "jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..", "org.jboss.resteasy..")
                .check(TOLLGATE);
    }

    @Test
    void domainPackagesNeverReachTheWebLayersNorTheSignInSteps() {
        noClasses().that().resideInAnyPackage(MIDDLE)
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.proxy..", "io.tollgate.gate..", "io.tollgate.portal..",
                        "io.tollgate.signin..", "io.tollgate.devstack..")
                .check(TOLLGATE);
    }

    @Test
    void storesAndMathsDependOnNoFeature() {
        noClasses().that().resideInAnyPackage(BOTTOM)
                .should().dependOnClassesThat().resideInAnyPackage(concat(MIDDLE, "io.tollgate.proxy..", "io.tollgate.gate..",
                        "io.tollgate.portal..", "io.tollgate.signin..", "io.tollgate.devstack.."))
                .check(TOLLGATE);
    }

    @Test
    void theLeavesDependOnNoOtherTollgatePackage() {
        for (String leaf : new String[] { "http", "store" }) {
            noClasses().that().resideInAPackage("io.tollgate." + leaf + "..")
                    .should().dependOnClassesThat(resideInAPackage("io.tollgate..")
                            .and(resideOutsideOfPackage("io.tollgate." + leaf + "..")))
                    .check(TOLLGATE);
        }
    }

    @Test
    void nothingOutsideTheAdministrationUsesIt() {
        noClasses().that().resideOutsideOfPackage("io.tollgate.admin..")
                .should().dependOnClassesThat().resideInAPackage("io.tollgate.admin..")
                .check(TOLLGATE);
    }

    @Test
    void theAdministrationNeverReachesTheGatewayAndItsOperationsTakeNoWebTypes() {
        noClasses().that().resideInAPackage("io.tollgate.admin..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.proxy..", "io.tollgate.gate..", "io.tollgate.devstack..")
                .check(TOLLGATE);
        noClasses().that().resideInAPackage("io.tollgate.admin")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.tollgate.admin.api..", "jakarta.ws.rs..", "io.vertx.core.http..",
                        "io.vertx.ext.web..", "org.jboss.resteasy..")
                .check(TOLLGATE);
    }

    @Test
    void noPackageOutsideThePortalUsesItsResources() {
        noClasses().that().resideOutsideOfPackage("io.tollgate.portal..")
                .should().dependOnClassesThat().areAnnotatedWith(Path.class)
                .check(TOLLGATE);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
