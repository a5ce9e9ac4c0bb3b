package io.tollgate.admin;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.SecretImport;
import io.tollgate.credential.SecretImporter;

/**
 * An administrator's import of TOTP secrets from the system users leave: read in one of the
 * formats {@link SecretImport.Format}, written by {@link SecretImporter} (each item whole or not
 * at all, idempotent), and audited with its counts — never with a secret.
 */
@ApplicationScoped
public class SecretImports {

    private final SecretImporter importer;
    private final AuditLog audit;

    public SecretImports(SecretImporter importer, AuditLog audit) {
        this.importer = importer;
        this.audit = audit;
    }

    /**
     * @param user the user a bare LemonLDAP::NG device list belongs to, else null
     * @throws InvalidInput when the format is unknown or the text as a whole cannot be read in it
     */
    public Uni<SecretImporter.Report> run(Administrator admin, String format, String text, String user, boolean dryRun) {
        // Refused input arrives as a failure, like every other outcome, never as a throw.
        return Uni.createFrom().deferred(() -> {
            SecretImport.Format parsed = SecretImport.Format.parse(format == null ? "" : format)
                    .orElseThrow(() -> InvalidInput.of("format", Refusal.Reason.ONE_OF, "otpauth, lemonldap, authelia"));
            if (text == null || text.isBlank()) {
                throw InvalidInput.of("body", Refusal.Reason.EMPTY_BODY);
            }
            SecretImport.Batch batch;
            try {
                batch = SecretImport.read(parsed, text, user == null || user.isBlank() ? null : user.trim());
            } catch (IllegalArgumentException e) {
                throw InvalidInput.of("body", Refusal.Reason.UNREADABLE_EXPORT, e.getMessage());
            }
            return importer.importAll(batch, dryRun).call(report -> dryRun ? Uni.createFrom().voidItem()
                    : audit.record(admin.itself(), AuditEvent.Type.SECRETS_IMPORTED,
                            report.problems().isEmpty() ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                            parsed.name().toLowerCase(java.util.Locale.ROOT) + " import by " + admin.username() + " ("
                                    + admin.method() + "): " + report.imported() + " imported, " + report.alreadyPresent()
                                    + " already present, " + report.problems().size() + " refused"));
        });
    }
}
