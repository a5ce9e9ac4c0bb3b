package io.tollgate.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredPrefixTest {

    @ParameterizedTest(name = "{0} needs \"{1}\"")
    @CsvSource(delimiter = ' ', value = {
            "/admin/.* /admin/",
            "/admin /admin",
            "/api/v1/users/[0-9]+ /api/v1/users/",
            "/ab?c /a",
            "/ab*c /a",
            "/ab+c /a",
            "/ab{0,2}c /a",
            "/a\\.b /a",
            "^/admin(/.*)?$ /admin",
            "^^/admin ''",
            "^?/admin ''",
            "^[/]admin ''",
            "(?i)/admin ''",
            "/admin|/api ''",
            "/(admin|api)/.* ''",
            "/caf\u00e9/.* /caf",
            "/a\\Q.*\\E /a",
            ".* ''",
    })
    void theLiteralStartOfAnExpressionIsWhatAMatchingPathStartsWith(String regex, String prefix) {
        assertEquals(prefix, RequiredPrefix.of(Pattern.compile(regex)).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = { "/admin/ /ADMIN/x", "/s /\u017Fx", "/ks /\u212As" })
    void caseFoldedPathsAreAdmittedAsTheExpressionWithoutCaseWouldMatchThem(String regex, String path) {
        Pattern expression = Pattern.compile(regex + ".*");
        assertTrue(Pattern.compile(expression.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(path).matches());
        assertTrue(RequiredPrefix.of(expression).admits(path, true));
        assertFalse(RequiredPrefix.of(expression).admits(path, false));
    }

    @ParameterizedTest
    @CsvSource({ "/admin/.*, /api/x", "/admin/.*, /admi", "/admin/.*, ''" })
    void aPathWithoutTheLiteralStartIsRuledOut(String regex, String path) {
        assertFalse(Pattern.compile(regex).matcher(path).matches());
        assertFalse(RequiredPrefix.of(Pattern.compile(regex)).admits(path, false));
        assertFalse(RequiredPrefix.of(Pattern.compile(regex)).admits(path, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = { "/a", "/\\Qx" })
    void anExpressionCompiledWithFlagsHasNoPrefix(String regex) {
        assertEquals("", RequiredPrefix.of(Pattern.compile(regex, Pattern.COMMENTS)).toString());
    }
}
