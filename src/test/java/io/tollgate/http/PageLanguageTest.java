package io.tollgate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The page language follows the reader's Accept-Language among the languages spoken, else English. */
class PageLanguageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | en",
            "'' | en",
            "fr | fr",
            "fr-CH, fr;q=0.9, en;q=0.8 | fr",
            "de-DE, en;q=0.5, fr;q=0.7 | fr",
            "en-GB;q=0.8, fr;q=0.9 | fr",
            "FR | fr",
            "de, it | en",
            "fr;q=0, en;q=0.1 | en",
            "fr;q=0 | en",
            "fr;q=abc, en;q=0.2 | en",
            "*, fr;q=0.5 | fr",
            ";;;,,, | en",
            "; | en",
            ";q=1, fr | fr" })
    void choosesTheBestSpokenLanguage(String header, String expected) {
        assertEquals(expected, PageLanguage.fromAcceptLanguage(header));
    }
}
