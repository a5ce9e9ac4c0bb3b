package io.tollgate.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.restassured.response.Response;
import io.tollgate.testing.PortalClient;
import io.tollgate.testing.RedisCluster;
import io.tollgate.totp.Base32;
import io.tollgate.totp.HashAlgorithm;
import io.tollgate.totp.Totp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@link TwoReplicas} on a Redis Cluster of three masters (Debian's redis-server), and what only
 * a cluster can get wrong: a user's sessions live on different nodes yet are listed, each under
 * its own handle, and ended one by one; the sign-in guard's keys, which its scripts take
 * together, live on one node; the "locked" filter finds locked users wherever the scan would
 * have had to look.
 */
class TwoReplicasOnRedisClusterIT extends TwoReplicas {

    private static final Pattern ROW = Pattern.compile(
            "<tr>\\s*<td[^>]*>([^<]+?)\\s*(<span class=\"current\">|</td>).*?</tr>", Pattern.DOTALL);
    private static final Pattern HANDLE = Pattern.compile("name=\"handle\" value=\"([0-9a-f]{64})\"");

    private RedisCluster cluster;

    @Override
    List<String> startRedis() throws Exception {
        cluster = RedisCluster.start(Files.createTempDirectory("tollgate-redis-cluster"));
        return List.of("-Dquarkus.redis.client-type=cluster", "-Dquarkus.redis.hosts=" + cluster.hosts());
    }

    @Override
    void cutSubscriptions() throws Exception {
        for (int port : cluster.ports()) {
            TwoReplicasIT.killPubSubClients("127.0.0.1", port);
        }
    }

    @Override
    void stopRedis() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aUsersSessionsOnDifferentNodesAreListedEachUnderItsOwnHandleAndEndedOneByOne() throws Exception {
        // Six browsers, each its own kind, signed in on either replica.
        Map<String, String> browsers = new LinkedHashMap<>();
        browsers.put("Firefox on Linux", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
        browsers.put("Chrome on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        browsers.put("Safari on macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15");
        browsers.put("Edge on Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0");
        browsers.put("Opera on Linux", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 OPR/114.0");
        browsers.put("Firefox on Android", "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0");
        String suffix = Long.toHexString(System.nanoTime());
        String username = "many-" + suffix;
        String password = "a password long enough " + suffix;
        String operatorKey = keyMadeOnA("operator", PASSWORD);
        idIn(api(portA, operatorKey, "POST", "/users", "{\"username\": \"" + username + "\", \"password\": \""
                + password + "\"}"));
        Map<String, PortalClient> signedIn = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, String> browser : browsers.entrySet()) {
            PortalClient client = new PortalClient("gateway.test").via(i++ % 2 == 0 ? portA : portB)
                    .header("User-Agent", browser.getValue());
            assertEquals(303, client.signIn(username, password).statusCode());
            assertEquals(200, client.get("/work").statusCode());
            signedIn.put(browser.getKey(), client);
        }
        List<Integer> nodesWithSessions = new ArrayList<>();
        for (int port : cluster.ports()) {
            if (!cluster.keysOn(port, "tollgate:session:*").isEmpty()) {
                nodesWithSessions.add(port);
            }
        }
        assertTrue(nodesWithSessions.size() >= 2, "sessions are spread over the nodes: " + nodesWithSessions);

        // Firefox on Linux looks at its account page: six rows, itself the current one.
        PortalClient firefox = signedIn.get("Firefox on Linux");
        Map<String, String> handles = new LinkedHashMap<>();
        String current = rows(firefox.get("/.tollgate/account").asString(), handles);
        assertEquals("Firefox on Linux", current, "the row marked as this session is this browser's");
        assertEquals(5, handles.size(), "every other session, each under its own handle: " + handles);
        assertEquals(new java.util.HashSet<>(browsers.keySet()),
                new java.util.HashSet<>(concat(handles.keySet(), current)));

        // Each other browser is ended by the handle its row shows, and only that browser.
        List<String> ended = new ArrayList<>();
        for (Map.Entry<String, String> row : handles.entrySet()) {
            firefox.get("/.tollgate/account");
            assertEquals(303, firefox.submit("/.tollgate/account/sessions/end", "handle", row.getValue()).statusCode());
            ended.add(row.getKey());
            for (Map.Entry<String, PortalClient> browser : signedIn.entrySet()) {
                int expected = ended.contains(browser.getKey()) ? 302 : 200;
                assertEquals(expected, browser.getValue().get("/work").statusCode(),
                        browser.getKey() + " after ending " + ended);
            }
        }
    }

    @Test
    void theReplicasHearNewsOnShardedChannelsOnTheNodeThatOwnsThem() throws Exception {
        // A plain channel's news would reach a replica subscribed on another node over the cluster
        // bus, after the publisher's answer: a session ended on A could still open a page on B.
        for (String channel : List.of("tollgate:sessions:changed", "tollgate:authkeys:revoked")) {
            int sharded = 0;
            int plain = 0;
            List<Integer> holding = new ArrayList<>();
            for (int port : cluster.ports()) {
                int here = count(cluster.cli(port, "--raw", "PUBSUB", "SHARDNUMSUB", channel));
                sharded += here;
                if (here > 0) {
                    holding.add(port);
                }
                plain += count(cluster.cli(port, "--raw", "PUBSUB", "NUMSUB", channel));
            }
            assertEquals(2, sharded, channel + ": both replicas subscribed to the sharded channel");
            assertEquals(1, holding.size(), channel + ": on one node only, " + holding);
            assertEquals(0, plain, channel + ": no plain subscription");
        }
    }

    /** The count in a (SHARD)NUMSUB answer of one channel: its name, then the number. */
    private static int count(String answer) {
        List<String> lines = answer.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(2, lines.size(), answer);
        return Integer.parseInt(lines.get(1).trim());
    }

    @Test
    void theGuardsKeysLiveOnOneNodeAndTheLockedFilterFindsEveryLockedUser() throws Exception {
        String operatorKey = keyMadeOnA("operator", PASSWORD);
        String suffix = Long.toHexString(System.nanoTime());
        String password = "a password long enough " + suffix;
        List<String> users = new ArrayList<>();
        for (String name : List.of("gus", "hal", "ivy", "jon")) {
            users.add(name + "-" + suffix);
            idIn(api(portA, operatorKey, "POST", "/users", "{\"username\": \"" + name + "-" + suffix
                    + "\", \"password\": \"" + password + "\"}"));
            HttpResponse<String> imported = api(portA, operatorKey, "POST", "/imports?format=otpauth",
                    "otpauth://totp/Old:" + name + "-" + suffix + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n");
            assertTrue(imported.body().contains("\"imported\":1"), imported.body());
        }
        Totp app = new Totp(HashAlgorithm.SHA1, Base32.decode("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), 6, 30);
        String wrong = app.codeAt(Instant.now().getEpochSecond()).equals("000000") ? "111111" : "000000";

        // Gus and Ivy send five wrong codes each, on alternate replicas; Hal and Jon one.
        for (String user : users) {
            int tries = user.startsWith("gus") || user.startsWith("ivy") ? 5 : 1;
            for (int t = 0; t < tries; t++) {
                PortalClient client = new PortalClient("gateway.test").via(t % 2 == 0 ? portA : portB);
                assertTrue(client.signIn(user, password).header("Location").contains("/totp"));
                client.code(wrong);
            }
        }
        List<Integer> nodesWithGuardKeys = new ArrayList<>();
        for (int port : cluster.ports()) {
            if (!cluster.keysOn(port, "tollgate:{guard}:*").isEmpty()) {
                nodesWithGuardKeys.add(port);
            }
        }
        assertEquals(1, nodesWithGuardKeys.size(), "one node holds every key the guard's scripts take together");

        for (int port : new int[] { portA, portB }) {
            JsonArray locked = page(api(port, operatorKey, "GET", "/users?locked=true&search=-" + suffix, null));
            assertEquals(List.of("gus-" + suffix, "ivy-" + suffix), usernames(locked), "the locked filter on " + port);
            JsonArray all = page(api(port, operatorKey, "GET", "/users?search=-" + suffix, null));
            for (Object entry : all) {
                JsonObject user = (JsonObject) entry;
                boolean shouldBe = user.getString("username").startsWith("gus") || user.getString("username").startsWith("ivy");
                assertEquals(shouldBe, user.getBoolean("locked"), user.encode());
            }
        }
        Response refused = new PortalClient("gateway.test").via(portB).signIn("gus-" + suffix, password);
        assertEquals(429, refused.statusCode());

        // Unlocked on A: Gus signs in on B with his code; the filter no longer lists him.
        long gus = new JsonObject(api(portA, operatorKey, "GET", "/users?search=gus-" + suffix, null).body())
                .getJsonArray("items").getJsonObject(0).getLong("id");
        assertEquals(200, api(portA, operatorKey, "POST", "/users/" + gus + "/unlock", null).statusCode());
        PortalClient onB = new PortalClient("gateway.test").via(portB);
        assertTrue(onB.signIn("gus-" + suffix, password).header("Location").contains("/totp"));
        onB.code(app.codeAt(Instant.now().getEpochSecond()));
        assertEquals(200, onB.get("/work").statusCode());
        assertEquals(List.of("ivy-" + suffix),
                usernames(page(api(portB, operatorKey, "GET", "/users?locked=true&search=-" + suffix, null))));
    }

    /** The account page's session rows: other sessions' devices to handles; answers the current one's device. */
    private static String rows(String page, Map<String, String> handles) {
        String table = page.substring(page.indexOf("id=\"sessions\""));
        table = table.substring(0, table.indexOf("</table>"));
        String current = null;
        Matcher row = ROW.matcher(table.substring(table.indexOf("<tbody>")));
        while (row.find()) {
            String device = row.group(1).trim();
            if (row.group(2).startsWith("<span")) {
                current = device;
                continue;
            }
            Matcher handle = HANDLE.matcher(row.group());
            assertTrue(handle.find(), row.group());
            handles.put(device, handle.group(1));
        }
        return current;
    }

    private static List<String> concat(java.util.Collection<String> some, String one) {
        List<String> all = new ArrayList<>(some);
        all.add(one);
        return all;
    }

    private static JsonArray page(HttpResponse<String> listed) {
        assertEquals(200, listed.statusCode(), listed.body());
        return new JsonObject(listed.body()).getJsonArray("items");
    }

    private static List<String> usernames(JsonArray items) {
        List<String> names = new ArrayList<>();
        items.forEach(item -> names.add(((JsonObject) item).getString("username")));
        return names.stream().sorted().toList();
    }
}
