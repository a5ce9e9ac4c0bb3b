package io.tollgate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResponseSenderTest {

    @Test
    void datesAreImfFixdatesWithTwoDigitDays() {
        // The example of RFC 9110 §5.6.7.
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", ResponseSender.httpDate(784_111_777_000L));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", ResponseSender.httpDate(784_111_777_999L), "the same second");
        assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", ResponseSender.httpDate(784_111_778_000L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", ResponseSender.httpDate(0));
    }
}
