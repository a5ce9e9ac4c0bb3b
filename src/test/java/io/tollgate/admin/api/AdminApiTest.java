package io.tollgate.admin.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tollgate.account.User;
import io.tollgate.caller.AuthKeys;
import io.tollgate.testing.TestAccounts;
import io.tollgate.testing.TestTokens;
import io.vertx.core.json.JsonObject;

/**
 * The admin REST API's door: only administrators pass — an enabled administrator's AuthKey not
 * limited to routes, or a bearer token holding the admin role — on every operation the OpenAPI
 * document lists and on paths it does not; every refusal is JSON, and bad input is a 400 that
 * names each field.
 */
@QuarkusTest
class AdminApiTest {

    static final String API = "/.tollgate/api/admin/v1";

    @TestHTTPResource(value = "/openapi", management = true)
    URL openApi;

    @Inject
    TestAccounts accounts;

    @Inject
    AuthKeys keys;

    @AfterEach
    void forgetFailures() {
        accounts.unlock();
    }

    String keyOf(User user, List<String> routes) {
        return TestAccounts.await(() -> keys.create(user.id, "admin script", routes, null)).text();
    }

    String adminKey() {
        return keyOf(accounts.create("api-admin-" + UUID.randomUUID().toString().substring(0, 8), true), List.of());
    }

    static RequestSpecification as(String key) {
        return given().redirects().follow(false).header("Host", "alpha.test").header("Authorization", "AuthKey " + key);
    }

    /** Every operation of the OpenAPI document, as method and path with its path parameters filled in. */
    List<String[]> operations() {
        JsonObject document = new JsonObject(RestAssured.get(openApi.toString() + "?format=json").asString());
        List<String[]> operations = new ArrayList<>();
        document.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).fieldNames().forEach(method -> {
            if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                operations.add(new String[] { method.toUpperCase(), path.getKey().replaceAll("\\{[^}]+}", "1") });
            }
        }));
        return operations;
    }

    @Test
    void everyOperationTheOpenApiDocumentListsRefusesCallersWhoAreNotAdministrators() {
        List<String[]> operations = operations();
        Set<String> paths = new HashSet<>();
        operations.forEach(o -> paths.add(o[0] + " " + o[1]));
        paths.forEach(path -> assertTrue(path.substring(path.indexOf(' ') + 1).startsWith(API),
                "the document describes the admin API only: " + path));
        // The walk covers the operations that matter most; a document that lost them fails here.
        for (String expected : List.of("GET " + API + "/users", "POST " + API + "/users/1/reset",
                "POST " + API + "/users/1/disable", "PATCH " + API + "/policy", "POST " + API + "/imports",
                "GET " + API + "/audit/csv", "GET " + API + "/reports/enrollment/csv", "POST " + API + "/reencryption",
                "PUT " + API + "/groups/1/members/1")) {
            assertTrue(paths.contains(expected), expected + " in " + paths);
        }
        User staff = accounts.create("api-staff-" + UUID.randomUUID().toString().substring(0, 8), false, "staff");
        String staffKey = keyOf(staff, List.of());
        String routeLimitedAdminKey = keyOf(accounts.create("api-limited-" + UUID.randomUUID().toString().substring(0, 8),
                true), List.of("alpha"));
        String tokenWithoutRole = TestTokens.mint("someone", "ops");
        for (String[] operation : operations) {
            for (Map.Entry<String, RequestSpecification> caller : Map.of(
                    "non-administrator's key", as(staffKey),
                    "administrator's key limited to routes", as(routeLimitedAdminKey),
                    "token without the role", given().header("Host", "alpha.test")
                            .header("Authorization", "Bearer " + tokenWithoutRole)).entrySet()) {
                Response r = caller.getValue().contentType("application/json").body("{}")
                        .request(operation[0], operation[1]);
                assertEquals(403, r.statusCode(), caller.getKey() + ": " + operation[0] + " " + operation[1]);
                assertEquals("forbidden", r.jsonPath().getString("error"));
            }
            Response anonymous = given().header("Host", "alpha.test").contentType("application/json").body("{}")
                    .request(operation[0], operation[1]);
            assertEquals(401, anonymous.statusCode(), operation[0] + " " + operation[1]);
            assertEquals("AuthKey, Bearer", anonymous.header("WWW-Authenticate"));
        }
    }

    @Test
    void aPathTheApiDoesNotHaveIsRefusedLikeOneItHasUntilTheCallerIsAnAdministrator() {
        for (String path : List.of(API + "/nothing-here", "/.tollgate/api/admin/v2/users",
                "/.tollgate/API/Admin/v1/users")) {
            assertEquals(401, given().header("Host", "alpha.test").get(path).statusCode(), path);
        }
        assertEquals(404, as(adminKey()).get(API + "/nothing-here").statusCode());
    }

    @Test
    void anAdministratorsKeyAndATokenWithTheAdminRoleAreAdmitted() {
        assertEquals(200, as(adminKey()).get(API + "/users").statusCode());
        Response token = given().header("Host", "alpha.test")
                .header("Authorization", "Bearer " + TestTokens.mint("idp-admin", "tollgate-admin")).get(API + "/policy");
        assertEquals(200, token.statusCode(), token.asString());
        assertNotNull(token.jsonPath().get("graceDays"));
        Response xAuthKey = given().header("Host", "alpha.test").header("X-Auth-Key", adminKey()).get(API + "/groups");
        assertEquals(200, xAuthKey.statusCode());
    }

    @Test
    void credentialsThatDoNotVerifyAre401AndADisabledAdministratorsKeyStopsAtOnce() {
        String forged = "tgk_" + "A".repeat(50);
        assertEquals(401, as(forged).get(API + "/users").statusCode());
        assertEquals(401, given().header("Host", "alpha.test").header("Authorization", "Basic YTpi").get(API + "/users")
                .statusCode());
        assertEquals(401, given().header("Host", "alpha.test").header("Authorization", "Bearer not-a-jwt")
                .get(API + "/users").statusCode());

        User admin = accounts.create("api-leaving-" + UUID.randomUUID().toString().substring(0, 8), true);
        String key = keyOf(admin, List.of());
        assertEquals(200, as(key).get(API + "/users").statusCode());
        String other = adminKey();
        assertEquals(200, as(other).post(API + "/users/" + admin.id + "/disable").statusCode());
        assertEquals(401, as(key).get(API + "/users").statusCode(), "the key's cache did not outlive the disable");
    }

    @Test
    void anAdministratorCannotDisableThemselves() {
        User admin = accounts.create("api-self-" + UUID.randomUUID().toString().substring(0, 8), true);
        Response r = as(keyOf(admin, List.of())).post(API + "/users/" + admin.id + "/disable");
        assertEquals(409, r.statusCode());
        assertEquals("conflict", r.jsonPath().getString("error"));
        assertFalse(accounts.reload(admin.username).disabled);
    }

    @Test
    void badQueryParametersAreA400NamingEachField() {
        Response r = as(adminKey()).get(API + "/users?state=sleepy&locked=yes&limit=100000&sort=shoe&order=up&cursor=zzz");
        assertEquals(400, r.statusCode(), r.asString());
        JsonPath problem = r.jsonPath();
        assertEquals("invalid_input", problem.getString("error"));
        for (String field : List.of("state", "locked", "limit", "sort", "order")) {
            assertNotNull(problem.getString("fields." + field), field + " in " + r.asString());
        }
        Response cursor = as(adminKey()).get(API + "/users?cursor=not-a-cursor");
        assertEquals(400, cursor.statusCode());
        assertNotNull(cursor.jsonPath().getString("fields.cursor"));
        assertEquals(404, as(adminKey()).get(API + "/users/abc").statusCode());
        assertEquals(404, as(adminKey()).get(API + "/users/999999999").statusCode());
        assertEquals("not_found", as(adminKey()).get(API + "/users/999999999").jsonPath().getString("error"));
    }

    @Test
    void aBodyWithAnUnknownPropertyOrTheWrongTypeIsRefusedNotIgnored() {
        String key = adminKey();
        Response unknown = as(key).contentType("application/json").body("{\"graceDays\": 3, \"graceDayz\": 4}")
                .patch(API + "/policy");
        assertEquals(400, unknown.statusCode(), unknown.asString());
        assertEquals("unknown property", unknown.jsonPath().getString("fields.graceDayz"));
        Response wrongType = as(key).contentType("application/json").body("{\"graceDays\": \"soon\"}").patch(API + "/policy");
        assertEquals(400, wrongType.statusCode(), wrongType.asString());
        assertNotNull(wrongType.jsonPath().getString("fields.graceDays"));
        Response broken = as(key).contentType("application/json").body("{\"graceDays\": ").patch(API + "/policy");
        assertEquals(400, broken.statusCode(), broken.asString());
        assertNull(broken.jsonPath().getString("fields.graceDays"));
    }
}
