package io.tollgate.portal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;

import io.quarkus.qute.TemplateData;
import io.tollgate.caller.AuthKey;
import io.tollgate.caller.AuthKeyFormat;
import io.tollgate.device.DeviceNames;
import io.tollgate.device.TrustedDevice;
import io.tollgate.credential.TotpCredential;
import io.tollgate.session.SessionStore;

/** The account page's content, ready to show (times in UTC, to the minute). */
@TemplateData
public record AccountView(String name, List<CredentialRow> credentials, List<DeviceRow> devices, long codesLeft,
        boolean recoveryEnabled, List<SessionRow> sessions, List<KeyRow> keys, boolean required, boolean trustEnabled,
        boolean confirmed, String notice, String error, List<ReplayRow> replays) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A code of the user's refused as already used: when, and from where. */
    @TemplateData
    public record ReplayRow(String when, String address) {
        static ReplayRow of(io.tollgate.audit.AuditEvent e) {
            return new ReplayRow(time(e.occurredAt), e.clientIp == null ? "" : e.clientIp);
        }
    }

    @TemplateData
    public record CredentialRow(String id, String name, String created, String lastUsed) {
        static CredentialRow of(TotpCredential c) {
            return new CredentialRow(c.id.toString(), c.name, time(c.createdAt), time(c.lastUsedAt));
        }
    }

    @TemplateData
    public record DeviceRow(long id, String name, String created, String lastUsed, String expires, boolean current) {
        static DeviceRow of(TrustedDevice d, boolean current) {
            return new DeviceRow(d.id, d.name, time(d.createdAt), time(d.lastUsedAt), time(d.expiresAt), current);
        }
    }

    @TemplateData
    public record SessionRow(String handle, String device, String address, String started, String lastSeen,
            boolean current) {
        static SessionRow of(SessionStore.Summary s, boolean current) {
            return new SessionRow(s.handle(), DeviceNames.fromUserAgent(s.userAgent()),
                    s.address() == null ? "" : s.address(), time(s.createdAt()), time(s.lastSeenAt()), current);
        }
    }

    /** @param expires empty when the key does not expire; {@code prefix} is what the key starts with, to tell keys apart */
    @TemplateData
    public record KeyRow(String id, String name, String prefix, String routes, String created, String lastUsed,
            String expires) {
        static KeyRow of(AuthKey k) {
            return new KeyRow(k.id, k.name, AuthKeyFormat.PREFIX + k.id.substring(0, 4),
                    k.routes == null ? "" : k.routes.replace(",", ", "), time(k.createdAt), time(k.lastUsedAt),
                    k.expiresAt == null ? "" : time(k.expiresAt));
        }
    }

    public boolean enrolled() {
        return !credentials.isEmpty();
    }

    /** An optional user with an authenticator may turn two-step verification off. */
    public boolean canTurnOff() {
        return enrolled() && !required;
    }

    static String time(OffsetDateTime time) {
        return time == null ? "—" : TIME.format(time);
    }

    static String time(Instant time) {
        return time == null ? "—" : TIME.format(time);
    }
}
