package io.tollgate.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import io.smallrye.config.PropertyNamesMatcher;

/**
 * The settings the gateway knows: its own (every {@code @ConfigMapping} under io.tollgate, as
 * SmallRye Config matches names, map keys and list indexes included) and Quarkus' (the config
 * models its extensions ship in META-INF/quarkus-config-doc). A name from a manifest that is
 * neither is a typo the gateway would ignore.
 */
final class KnownSettings {

    private static final List<ConfigClass> MAPPINGS = mappings();
    private static final PropertyNamesMatcher TOLLGATE = ConfigMappings.propertyNamesMatcher(MAPPINGS);
    private static final List<Pattern> TOLLGATE_VARIABLES = tollgateVariables();
    private static final List<Pattern> QUARKUS_PROPERTIES = new ArrayList<>();
    private static final List<Pattern> QUARKUS_VARIABLES = new ArrayList<>();

    static {
        try {
            Enumeration<URL> models = KnownSettings.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            ObjectMapper json = new ObjectMapper();
            while (models.hasMoreElements()) {
                try (InputStream in = models.nextElement().openStream()) {
                    collect(json.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (QUARKUS_PROPERTIES.isEmpty()) {
            throw new IllegalStateException("no Quarkus config model on the test class path");
        }
    }

    private KnownSettings() {
    }

    static boolean knowsProperty(String key) {
        String name = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
        if (name.startsWith("tollgate.")) {
            return TOLLGATE.matches(name);
        }
        return QUARKUS_PROPERTIES.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** An environment variable that sets a known property, as SmallRye Config maps names. */
    static boolean knowsVariable(String name) {
        if (name.startsWith("TOLLGATE_")) {
            return TOLLGATE_VARIABLES.stream().anyMatch(p -> p.matcher(name).matches());
        }
        if (name.startsWith("QUARKUS_")) {
            return QUARKUS_VARIABLES.stream().anyMatch(p -> p.matcher(name).matches());
        }
        // Read by the JVM image's start script, not by the application.
        return name.equals("JAVA_MAX_MEM_RATIO");
    }

    private static List<ConfigClass> mappings() {
        List<ConfigClass> found = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tollgate")) {
            if (type.isAnnotatedWith(ConfigMapping.class)) {
                Class<?> mapping = type.reflect();
                found.add(ConfigClass.configClass(mapping, mapping.getAnnotation(ConfigMapping.class).prefix()));
            }
        }
        if (found.size() < 10) {
            throw new IllegalStateException("the gateway's config mappings were not found: " + found.size());
        }
        return found;
    }

    private static List<Pattern> tollgateVariables() {
        List<Pattern> patterns = new ArrayList<>();
        for (ConfigClass mapping : MAPPINGS) {
            for (String property : ConfigMappings.getProperties(mapping).keySet()) {
                patterns.add(variablePattern(property));
            }
        }
        return patterns;
    }

    /** tollgate.crypto.keys.* → TOLLGATE_CRYPTO_KEYS_[A-Z0-9_]+ (a wildcard or index stands for any name). */
    static Pattern variablePattern(String property) {
        StringBuilder regex = new StringBuilder();
        String[] parts = property.split("\\*|\\[\\*\\]", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(Pattern.quote(parts[i].replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
            if (i < parts.length - 1) {
                regex.append("[A-Z0-9_]+");
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Every "property" and "environmentVariable" of the model, wherever it sits in the tree. */
    private static void collect(JsonNode node) {
        if (node.isObject()) {
            JsonNode property = node.get("property");
            if (property != null && property.isTextual()) {
                QUARKUS_PROPERTIES.add(propertyPattern(property.asText()));
            }
            JsonNode variable = node.get("environmentVariable");
            if (variable != null && variable.isTextual()) {
                QUARKUS_VARIABLES.add(Pattern.compile(Pattern.quote(variable.asText())));
            }
            node.elements().forEachRemaining(KnownSettings::collect);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(KnownSettings::collect);
        }
    }

    /** quarkus.tls."tls-configuration-name".trust-store.pem.certs: a quoted segment stands for any name. */
    private static Pattern propertyPattern(String property) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < property.length()) {
            if (property.charAt(i) == '"') {
                int end = property.indexOf('"', i + 1);
                regex.append("(?:[^.\"]+|\"[^\"]+\")");
                i = end + 1;
            } else {
                int next = property.indexOf('"', i);
                String plain = property.substring(i, next < 0 ? property.length() : next);
                regex.append(Pattern.quote(plain));
                i += plain.length();
            }
        }
        return Pattern.compile(regex.toString());
    }
}
