package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.qute.i18n.Message;

/**
 * Every English message has its French text and the French file holds nothing else: a missing
 * key would silently show English on a French page, a stray one is a renamed message left behind.
 */
class FrenchBundlesAreCompleteTest {

    @ParameterizedTest
    @ValueSource(strings = { "io.tollgate.portal.PortalMessages:msg", "io.tollgate.admin.console.ConsoleMessages:adm",
            "io.tollgate.proxy.GatewayMessages:gw" })
    void everyMessageHasItsFrenchTextAndNoOther(String bundle) throws Exception {
        String[] parts = bundle.split(":");
        Set<String> english = Arrays.stream(Class.forName(parts[0]).getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Message.class)).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> french = new TreeSet<>(keys("messages/" + parts[1] + "_fr.properties"));
        assertEquals(english, french, parts[0]);
    }

    private static Set<String> keys(String resource) throws IOException {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.stringPropertyNames();
        }
    }
}
