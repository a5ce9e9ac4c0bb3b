package io.tollgate.admin;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.store.Sql;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The console's first page: how many users stand where, what is trusted and issued, who must
 * enroll soonest, and thirty days of sign-ins, failures, lockouts and replays from the audit log.
 */
@ApplicationScoped
public class Dashboard {

    public static final int DAYS = 30;
    static final int DEADLINES = 10;

    /** One day of activity (UTC). */
    public record Day(LocalDate date, long signIns, long failures, long lockouts, long replays) {
    }

    /** The figures; {@code deadlines} are the users in their grace period whose deadline comes first. */
    public record Overview(long users, Map<EnrollmentState, Long> states, long lockedNow, long trustedDevices,
            long authKeys, List<DirectoryEntry> deadlines, List<Day> days, boolean mailOn) {

        public long enrolled() {
            return states.getOrDefault(EnrollmentState.ENROLLED, 0L);
        }

        public long inGrace() {
            return states.getOrDefault(EnrollmentState.GRACE, 0L);
        }

        /** Required and not enrolled: in their grace period or past it. */
        public long owing() {
            return inGrace() + states.getOrDefault(EnrollmentState.OVERDUE, 0L);
        }
    }

    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM trusted_devices WHERE expires_at > now()),
                   (SELECT count(*) FROM auth_keys WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()))
            """;
    private static final String ACTIVITY = """
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day,
                   count(*) FILTER (WHERE type = 'LOGIN' AND outcome = 'SUCCESS') AS sign_ins,
                   count(*) FILTER (WHERE outcome = 'FAILURE' AND type IN ('LOGIN', 'TOTP', 'RECOVERY_CODE')) AS failures,
                   count(*) FILTER (WHERE type = 'LOCKOUT' OR outcome = 'LOCKED') AS lockouts,
                   count(*) FILTER (WHERE outcome = 'REPLAY') AS replays
              FROM audit_event
             WHERE occurred_at >= $1
             GROUP BY 1
            """;

    private final UserDirectory directory;
    private final SecondFactorGuard guard;
    private final Sql sql;
    private final EnrollmentMail mail;

    public Dashboard(UserDirectory directory, SecondFactorGuard guard, Sql sql, EnrollmentMail mail) {
        this.mail = mail;
        this.directory = directory;
        this.guard = guard;
        this.sql = sql;
    }

    public Uni<Overview> overview() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(DAYS - 1L);
        return directory.all(DirectoryQuery.all(DirectoryQuery.MAX_LIMIT)).flatMap(everyone -> sql.query(COUNTS, Tuple.tuple())
                .flatMap(counts -> sql.query(ACTIVITY, Tuple.of(first.atStartOfDay().atOffset(ZoneOffset.UTC)))
                        .flatMap(activity -> guard.lockedUsers(UserDirectory.MAX_LOCKED).map(locked -> {
                            Map<EnrollmentState, Long> states = new LinkedHashMap<>();
                            for (EnrollmentState state : EnrollmentState.values()) {
                                states.put(state, everyone.stream().filter(e -> e.state() == state).count());
                            }
                            List<DirectoryEntry> deadlines = everyone.stream()
                                    .filter(e -> e.state() == EnrollmentState.GRACE && e.graceEndsAt() != null)
                                    .sorted(java.util.Comparator.comparing(DirectoryEntry::graceEndsAt))
                                    .limit(DEADLINES).toList();
                            Row row = counts.iterator().next();
                            return new Overview(everyone.size(), states, locked.size(), row.getLong(0), row.getLong(1),
                                    deadlines, days(first, today, activity), mail.enabled());
                        }))));
    }

    private static List<Day> days(LocalDate first, LocalDate today, Iterable<Row> rows) {
        Map<LocalDate, Day> byDate = new LinkedHashMap<>();
        for (Row row : rows) {
            LocalDate date = row.getLocalDate("day");
            byDate.put(date, new Day(date, row.getLong("sign_ins"), row.getLong("failures"), row.getLong("lockouts"),
                    row.getLong("replays")));
        }
        List<Day> days = new ArrayList<>();
        for (LocalDate date = first; !date.isAfter(today); date = date.plusDays(1)) {
            days.add(byDate.getOrDefault(date, new Day(date, 0, 0, 0, 0)));
        }
        return days;
    }
}
