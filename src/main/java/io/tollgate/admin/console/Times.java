package io.tollgate.admin.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.qute.TemplateExtension;

/** Times in the console as the portal shows them: to the minute, in UTC, said so ({@code {t.shown}}). */
@TemplateExtension
public final class Times {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String shown(Instant instant) {
        return MINUTE.format(instant);
    }

    /** The audit log's times, to the second: events of one minute stay in order for the reader. */
    static String exact(Instant instant) {
        return SECOND.format(instant);
    }
}
