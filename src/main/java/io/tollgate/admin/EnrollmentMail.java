package io.tollgate.admin;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tollgate.http.LogSafe;
import io.tollgate.http.PageLanguage;
import io.tollgate.portal.PortalLinks;
import io.tollgate.store.Database;
import io.vertx.core.Vertx;

/**
 * Tells users who must enroll, by e-mail, when their grace period ends and where to enroll —
 * when {@code tollgate.enrollment-mail.enabled} is on and the SMTP server is configured
 * ({@code quarkus.mailer.*}). Each replica looks every interval; a user is told once while they
 * owe an enrollment (the claim in {@code enrollment_notices} makes sure of that across
 * replicas), and told again if they come to owe one again later. Sending the mail fixes the
 * start of the grace period, so the deadline it names holds.
 */
@ApplicationScoped
public class EnrollmentMail {

    private static final Logger LOG = Logger.getLogger(EnrollmentMail.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String FORGET = "DELETE FROM enrollment_notices WHERE NOT (user_id = ANY(?1))";
    private static final String START_GRACE = "UPDATE users SET totp_grace_started_at = now() "
            + "WHERE id = ?1 AND totp_grace_started_at IS NULL";
    private static final String CLAIM = "INSERT INTO enrollment_notices (user_id, grace_ends_at) VALUES (?1, ?2) "
            + "ON CONFLICT (user_id) DO NOTHING";
    private static final String RELEASE = "DELETE FROM enrollment_notices WHERE user_id = ?1";

    @CheckedTemplate(basePath = "Mail")
    static class Templates {
        static native TemplateInstance enrollment(String name, String deadline, String link);

        static native TemplateInstance enrollment_fr(String name, String deadline, String link);
    }

    private final EnrollmentMailConfig config;
    private final UserDirectory directory;
    private final ReactiveMailer mailer;
    private final Vertx vertx;
    private final String link;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public EnrollmentMail(EnrollmentMailConfig config, UserDirectory directory, ReactiveMailer mailer, Vertx vertx,
            PortalLinks links) {
        this.config = config;
        this.directory = directory;
        this.mailer = mailer;
        this.vertx = vertx;
        this.link = config.portalUrl().map(url -> loginLink(url, links.page("login", null))).orElse(null);
        if (config.enabled() && link == null) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.enrollment-mail.portal-url: "
                    + "required with tollgate.enrollment-mail.enabled=true (the portal's address as users reach it, "
                    + "such as https://auth.example.com)");
        }
        if (!PageLanguage.SUPPORTED.contains(config.language())) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.enrollment-mail.language: one of "
                    + PageLanguage.SUPPORTED);
        }
    }

    /** Whether mails are sent at all: the console says so when they are not. */
    public boolean enabled() {
        return config.enabled();
    }

    /** The login page at the portal's public address ({@code loginPath} is the portal's own, prefix included). */
    static String loginLink(String portalUrl, String loginPath) {
        URI uri = URI.create(portalUrl.trim());
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigurationException("Invalid Tollgate configuration: tollgate.enrollment-mail.portal-url: "
                    + "an http(s) address such as https://auth.example.com");
        }
        String base = portalUrl.trim().replaceAll("/+$", "");
        return base + loginPath;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            timer = vertx.setPeriodic(config.interval().toMillis(), id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One look at a time; a slow one makes the next tick skip. */
    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Database.onOwnContext(vertx, this::sendDue).onTermination().invoke(() -> running.set(false)).subscribe().with(
                sent -> {
                    if (sent > 0) {
                        LOG.infof("Told %d user(s) by e-mail that they must enroll", sent);
                    }
                },
                failure -> LOG.warnf("Enrollment e-mails not sent now (trying again in %s): %s", config.interval(),
                        LogSafe.describe(failure)));
    }

    /** Tells every user due a notice; answers how many mails went. Public for tests. */
    public Uni<Integer> sendDue() {
        if (link == null) {
            // Without the portal's address there is no link to send.
            return Uni.createFrom().item(0);
        }
        return directory.all(DirectoryQuery.all(DirectoryQuery.MAX_LIMIT)).flatMap(everyone -> {
            List<DirectoryEntry> owing = everyone.stream().filter(e -> e.state().owesEnrollment()).toList();
            Long[] owingIds = owing.stream().map(DirectoryEntry::id).toArray(Long[]::new);
            return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(FORGET)
                    .setParameter(1, owingIds).executeUpdate()))
                    .flatMap(forgotten -> Multi.createFrom().iterable(owing)
                            .filter(e -> e.email() != null && !e.email().isBlank() && !e.disabled() && !e.serviceAccount())
                            .onItem().transformToUniAndConcatenate(this::tell)
                            .collect().asList())
                    .map(sent -> (int) sent.stream().filter(Boolean::booleanValue).count());
        });
    }

    /** Claims the user's notice, fixes their grace period, sends; a mail that fails frees the claim for the next look. */
    private Uni<Boolean> tell(DirectoryEntry entry) {
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(START_GRACE)
                .setParameter(1, entry.id()).executeUpdate()))
                .flatMap(started -> directory.find(entry.id()))
                .flatMap(now -> {
                    if (now == null || !now.state().owesEnrollment()) {
                        return Uni.createFrom().item(false);
                    }
                    Instant deadline = now.graceEndsAt();
                    return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(CLAIM)
                            .setParameter(1, now.id())
                            .setParameter(2, deadline == null ? null : deadline.atOffset(ZoneOffset.UTC))
                            .executeUpdate()))
                            .flatMap(claimed -> claimed == 0 ? Uni.createFrom().item(false)
                                    : mailer.send(mail(now, deadline)).replaceWith(true)
                                            .onFailure().call(failure -> release(now.id())));
                });
    }

    private Uni<Integer> release(long userId) {
        LOG.warnf("Enrollment e-mail to user %d not sent; tried again at the next look", userId);
        return Database.transaction(() -> Panache.getSession().flatMap(db -> db.createNativeQuery(RELEASE)
                .setParameter(1, userId).executeUpdate()));
    }

    Mail mail(DirectoryEntry user, Instant deadline) {
        boolean french = "fr".equals(config.language());
        String name = user.displayName() != null ? user.displayName() : user.username();
        String when = deadline == null ? null : DAY.format(deadline);
        String text = (french ? Templates.enrollment_fr(name, when, link) : Templates.enrollment(name, when, link))
                .render();
        String subject = french ? "Activez la vérification en deux étapes" : "Set up two-step verification";
        return Mail.withText(user.email(), subject, text);
    }
}
