package io.tollgate.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.guard.SecondFactorGuard;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.store.Sql;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The users as administrators look at them: searched, filtered (enrollment state, group, locked,
 * disabled), sorted and read page by page with a keyset cursor, so a page never repeats or skips
 * a user when others are added meanwhile. The enrollment state is worked out in the query from
 * the current policy, the same rules as {@link io.tollgate.policy.SecondFactorRequirement}; who is
 * locked comes from Redis.
 */
@ApplicationScoped
public class UserDirectory {

    /** More locked users than this at once is an attack, not a list to filter by. */
    static final int MAX_LOCKED = 10_000;

    private static final String CLASSIFIED = """
            WITH base AS (
              SELECT u.id, u.username, lower(u.username) AS username_key, u.display_name, u.email, u.admin, u.disabled, u.service_account,
                     u.created_at, u.last_login_at, u.totp_grace_started_at,
                     (SELECT count(*) FROM totp_credentials c WHERE c.user_id = u.id AND c.verified) AS credentials,
                     COALESCE((SELECT array_agg(g.name ORDER BY lower(g.name)) FROM memberships m
                                 JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id), '{}') AS group_names,
                     EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                              WHERE m.user_id = u.id AND lower(g.name) = ANY($1)) AS exempt,
                     EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                              WHERE m.user_id = u.id AND lower(g.name) = ANY($2)) OR (u.admin AND $3) AS by_policy
                FROM users u
            ), classified AS (
              SELECT base.*,
                     COALESCE(totp_grace_started_at, now()) + make_interval(days => $4) AS grace_ends_at,
                     CASE WHEN exempt THEN 'EXEMPT'
                          WHEN credentials > 0 THEN 'ENROLLED'
                          WHEN NOT by_policy THEN 'OPTIONAL'
                          WHEN COALESCE(totp_grace_started_at, now()) + make_interval(days => $4) > now() THEN 'GRACE'
                          ELSE 'OVERDUE' END AS state
                FROM base
            )
            SELECT * FROM classified
             WHERE ($5::text IS NULL OR lower(username) LIKE $5 ESCAPE '\\' OR lower(COALESCE(display_name, '')) LIKE $5 ESCAPE '\\'
                    OR lower(COALESCE(email, '')) LIKE $5 ESCAPE '\\')
               AND ($6::text IS NULL OR state = $6)
               AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM memberships m JOIN groups g ON g.id = m.group_id
                                                 WHERE m.user_id = classified.id AND lower(g.name) = lower($7)))
               AND ($8::boolean IS NULL OR disabled = $8)
               AND ($9::text[] IS NULL OR lower(username) = ANY($9))
               AND ($10::text[] IS NULL OR NOT (lower(username) = ANY($10)))
            """;

    private final Sql sql;
    private final PolicySettingsSource policy;
    private final SecondFactorGuard guard;

    public UserDirectory(Sql sql, PolicySettingsSource policy, SecondFactorGuard guard) {
        this.sql = sql;
        this.policy = policy;
        this.guard = guard;
    }

    /** A page of users; an unreadable or foreign cursor is an {@link InvalidInput} on {@code cursor}. */
    public Uni<Page<DirectoryEntry>> list(DirectoryQuery query) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            Cursor after = query.cursor().map(text -> Cursor.parse(text, query)).orElse(null);
            // Only the "locked" filter needs every lock (a scan); a page asks about its own users.
            Uni<Set<String>> lockedFilter = query.locked().isPresent() ? guard.lockedUsers(MAX_LOCKED)
                    : Uni.createFrom().item(Set.of());
            return policy.current().flatMap(settings -> lockedFilter.flatMap(locked -> {
                Tuple arguments = arguments(settings, query, locked);
                String keyset = keyset(query, after, arguments);
                String order = " ORDER BY " + sortKey(query.sort()) + (query.descending() ? " DESC" : " ASC") + ", id"
                        + (query.descending() ? " DESC" : " ASC") + " LIMIT " + (query.limit() + 1);
                return sql.query(CLASSIFIED + keyset + order, arguments).flatMap(rows -> {
                    List<Row> found = new ArrayList<>();
                    rows.forEach(found::add);
                    List<Row> page = found.subList(0, Math.min(found.size(), query.limit()));
                    return lockedOf(page).map(lockedNow -> {
                        List<DirectoryEntry> entries = page.stream().map(row -> entry(row, lockedNow)).toList();
                        if (found.size() <= query.limit()) {
                            return new Page<>(entries, null);
                        }
                        Row last = page.get(page.size() - 1);
                        return new Page<>(entries, Cursor.after(entries.get(entries.size() - 1),
                                last.getString("username_key"), query).text());
                    });
                });
            }));
        });
    }

    /** One user by id, or null. */
    public Uni<DirectoryEntry> find(long id) {
        return policy.current().flatMap(settings -> {
            Tuple arguments = arguments(settings, DirectoryQuery.all(1), Set.of());
            arguments.addLong(id);
            return sql.query(CLASSIFIED + " AND id = $11", arguments).flatMap(rows -> {
                var found = rows.iterator();
                if (!found.hasNext()) {
                    return Uni.createFrom().nullItem();
                }
                Row row = found.next();
                return lockedOf(List.of(row)).map(locked -> entry(row, locked));
            });
        });
    }

    /** Which users of these rows are locked now (lower-case usernames, as the guard keys them). */
    private Uni<Set<String>> lockedOf(List<Row> rows) {
        return guard.lockedAmong(rows.stream().map(r -> io.tollgate.account.UsernameKey.of(r.getString("username"))).toList());
    }

    /** Everyone the query selects, page after page: for exports. */
    public Uni<List<DirectoryEntry>> all(DirectoryQuery query) {
        List<DirectoryEntry> gathered = new ArrayList<>();
        return everything(query, gathered).replaceWith(gathered);
    }

    private Uni<Void> everything(DirectoryQuery query, List<DirectoryEntry> gathered) {
        return list(query).flatMap(page -> {
            gathered.addAll(page.items());
            return page.next() == null ? Uni.createFrom().voidItem() : everything(query.after(page.next()), gathered);
        });
    }

    private static Tuple arguments(PolicySettings settings, DirectoryQuery query, Set<String> locked) {
        Tuple arguments = Tuple.tuple();
        arguments.addArrayOfString(settings.exemptGroups().toArray(String[]::new));
        arguments.addArrayOfString(settings.requiredGroups().toArray(String[]::new));
        arguments.addBoolean(settings.adminsRequired());
        arguments.addInteger(settings.graceDays());
        arguments.addString(query.search().filter(s -> !s.isBlank())
                .map(s -> "%" + likeEscaped(s.trim().toLowerCase(Locale.ROOT)) + "%").orElse(null));
        arguments.addString(query.state().map(Enum::name).orElse(null));
        arguments.addString(query.group().filter(g -> !g.isBlank()).map(String::trim).orElse(null));
        arguments.addBoolean(query.disabled().orElse(null));
        String[] lockedNames = locked.toArray(String[]::new);
        arguments.addArrayOfString(query.locked().filter(Boolean::booleanValue).map(yes -> lockedNames).orElse(null));
        arguments.addArrayOfString(query.locked().filter(yes -> !yes).map(no -> lockedNames).orElse(null));
        return arguments;
    }

    /** {@code %}, {@code _} and the escape itself stand for themselves in a search. */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String sortKey(DirectoryQuery.Sort sort) {
        return switch (sort) {
            case USERNAME -> "lower(username)";
            case CREATED -> "created_at";
            case LAST_SIGN_IN -> "COALESCE(last_login_at, '-infinity'::timestamptz)";
        };
    }

    /** Only what comes after the cursor, in the query's order. */
    private static String keyset(DirectoryQuery query, Cursor after, Tuple arguments) {
        if (after == null) {
            return "";
        }
        String comparison = query.descending() ? "<" : ">";
        int key = arguments.size() + 1;
        arguments.addString(after.key());
        arguments.addLong(after.id());
        // The cursor's time travels as text and is read by PostgreSQL ('-infinity' included).
        String cast = query.sort() == DirectoryQuery.Sort.USERNAME ? "" : "::text::timestamptz";
        return " AND (" + sortKey(query.sort()) + ", id) " + comparison + " ($" + key + cast + ", $" + (key + 1) + ")";
    }

    private static DirectoryEntry entry(Row row, Set<String> locked) {
        EnrollmentState state = EnrollmentState.valueOf(row.getString("state"));
        String username = row.getString("username");
        String[] groups = row.getArrayOfStrings("group_names");
        return new DirectoryEntry(row.getLong("id"), username, row.getString("display_name"), row.getString("email"),
                groups == null ? List.of() : List.of(groups), row.getBoolean("admin"), row.getBoolean("disabled"),
                row.getBoolean("service_account"), row.getLong("credentials").intValue(),
                state.owesEnrollment() || (row.getBoolean("by_policy") && !row.getBoolean("exempt")), state,
                // Before the grace period starts (first sign-in or the enrollment mail), it has no deadline yet.
                state == EnrollmentState.GRACE && row.getOffsetDateTime("totp_grace_started_at") != null
                        ? instant(row.getOffsetDateTime("grace_ends_at")) : null,
                locked.contains(io.tollgate.account.UsernameKey.of(username)), instant(row.getOffsetDateTime("last_login_at")),
                instant(row.getOffsetDateTime("created_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** Where a page ended: the last entry's sort key and id, and the order they belong to. */
    record Cursor(DirectoryQuery.Sort sort, boolean descending, String key, long id) {

        /** @param usernameKey the last row's lower(username), as PostgreSQL folds it for the order */
        static Cursor after(DirectoryEntry last, String usernameKey, DirectoryQuery query) {
            String key = switch (query.sort()) {
                case USERNAME -> usernameKey;
                case CREATED -> OffsetDateTime.ofInstant(last.createdAt(), java.time.ZoneOffset.UTC).toString();
                case LAST_SIGN_IN -> last.lastSignInAt() == null ? "-infinity"
                        : OffsetDateTime.ofInstant(last.lastSignInAt(), java.time.ZoneOffset.UTC).toString();
            };
            return new Cursor(query.sort(), query.descending(), key, last.id());
        }

        String text() {
            String plain = sort.name() + "|" + (descending ? "d" : "a") + "|" + id + "|" + key;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String text, DirectoryQuery query) {
            try {
                String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                String[] parts = plain.split("\\|", 4);
                Cursor cursor = new Cursor(DirectoryQuery.Sort.valueOf(parts[0]), "d".equals(parts[1]), parts[3],
                        Long.parseLong(parts[2]));
                if (cursor.sort() != query.sort() || cursor.descending() != query.descending()) {
                    throw InvalidInput.of("cursor", Refusal.Reason.CURSOR_OTHER_ORDER);
                }
                if (cursor.sort() != DirectoryQuery.Sort.USERNAME && !"-infinity".equals(cursor.key())) {
                    OffsetDateTime.parse(cursor.key());
                }
                return cursor;
            } catch (InvalidInput e) {
                throw e;
            } catch (RuntimeException e) {
                throw InvalidInput.of("cursor", Refusal.Reason.CURSOR_UNKNOWN);
            }
        }
    }
}
