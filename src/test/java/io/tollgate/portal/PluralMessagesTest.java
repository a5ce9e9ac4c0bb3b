package io.tollgate.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Counts read as a person would write them, in English and in French: no "attempt(s)". */
@QuarkusTest
class PluralMessagesTest {

    @Test
    void englishCountsTakeTheSingularForOneAndThePluralOtherwise() {
        PortalMessages en = PortalPages.messages("en");
        assertTrue(en.errWrongCode(1).contains("1 attempt left"), en.errWrongCode(1));
        assertTrue(en.errWrongCode(3).contains("3 attempts left"), en.errWrongCode(3));
        assertTrue(en.errWrongPassword(2).contains("2 attempts left"), en.errWrongPassword(2));
        assertTrue(en.errNetworkBusy(1).endsWith("in 1 second."), en.errNetworkBusy(1));
        assertTrue(en.errLocked("14:05", 12).endsWith("in 12 minutes."), en.errLocked("14:05", 12));
        assertEquals("1 unused recovery code left.", en.codesLeft(1));
        assertEquals("No unused recovery code left.", en.codesLeft(0));
        assertTrue(en.lowCodes(0).startsWith("You have no recovery codes left."), en.lowCodes(0));
        assertFalse(en.lowCodes(0).contains("before you run out"), en.lowCodes(0));
        assertTrue(en.lowCodes(1).startsWith("Only 1 recovery code left."), en.lowCodes(1));
        assertTrue(en.setupIntro(1).contains("for 1 more day:"), en.setupIntro(1));
        assertTrue(en.setupIntro(7).contains("for 7 more days:"), en.setupIntro(7));
    }

    @Test
    void frenchCountsTakeTheSingularForZeroAndOne() {
        PortalMessages fr = PortalPages.messages("fr");
        assertTrue(fr.errWrongCode(1).contains("Encore 1 essai avant"), fr.errWrongCode(1));
        assertTrue(fr.errWrongCode(4).contains("Encore 4 essais avant"), fr.errWrongCode(4));
        assertTrue(fr.errNetworkBusy(30).endsWith("dans 30 secondes."), fr.errNetworkBusy(30));
        assertEquals("Il reste 2 codes de secours inutilisés.", fr.codesLeft(2));
        assertTrue(fr.lowCodes(1).startsWith("Il ne reste qu'un code de secours."), fr.lowCodes(1));
        assertTrue(fr.setupIntro(1).contains("encore 1 jour :"), fr.setupIntro(1));
        for (String text : new String[] { fr.errWrongPassword(3), fr.errLocked("14:05", 1), fr.lowCodes(0), fr.codesLeft(0) }) {
            assertFalse(text.contains("(s)"), text);
        }
    }
}
