package io.tollgate.admin;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** E-mail to users who must enroll: {@code tollgate.enrollment-mail.*}, with the SMTP server in {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "tollgate.enrollment-mail")
public interface EnrollmentMailConfig {

    /** Off by default: nothing is sent, and the console says so. */
    @WithDefault("false")
    boolean enabled();

    /** The portal's address as users reach it, for the link in the mail, e.g. {@code https://auth.example.com}. */
    Optional<String> portalUrl();

    /** How often each replica looks for users to tell. */
    @WithDefault("10m")
    Duration interval();

    /** The mail's language, {@code en} or {@code fr}. */
    @WithDefault("en")
    String language();
}
