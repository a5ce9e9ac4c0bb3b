package io.tollgate.credential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The import formats (otpauth URIs, LemonLDAP::NG's device lists, Authelia's CSV) as an
 * administrator might paste anything: each text is read into items and problems, or refused
 * as a whole with an IllegalArgumentException; nothing else escapes, nothing hangs.
 */
class SecretImportFuzzTest {

    @FuzzTest(maxDuration = "15s")
    void anyTextIsReadIntoItemsAndProblemsOrRefusedPlainly(FuzzedDataProvider data) {
        SecretImport.Format format = data.pickValue(SecretImport.Format.values());
        String user = data.consumeBoolean() ? data.consumeString(40) : null;
        String text = data.consumeRemainingAsString();
        try {
            SecretImport.Batch batch = SecretImport.read(format, text, user);
            assertTrue(batch.items().size() + batch.problems().size() <= SecretImport.MAXIMUM_ITEMS + 1);
        } catch (IllegalArgumentException refused) {
            // the whole text refused, with a reason
        }
    }
}
