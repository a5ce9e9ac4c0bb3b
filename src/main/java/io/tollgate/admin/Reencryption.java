package io.tollgate.admin;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.credential.SecretRotation;
import io.tollgate.http.LogSafe;

/**
 * Re-encryption of every stored TOTP secret under the active key, started by an administrator
 * and followed by its progress. One run at a time on a replica; runs on several replicas at once
 * are harmless (a secret already under the active key is left alone). What remains is read from
 * the database, so any replica reports it truly.
 */
@ApplicationScoped
public class Reencryption {

    private static final Logger LOG = Logger.getLogger(Reencryption.class);

    public enum State {
        IDLE, RUNNING, DONE, FAILED
    }

    /** Where the latest run on this replica stands, and how many secrets are still under another key. */
    public record Progress(State state, String activeKey, long done, long remaining, Instant startedAt,
            Instant finishedAt, String failure) {
    }

    private record Run(State state, long done, Instant startedAt, Instant finishedAt, String failure) {
        static final Run NONE = new Run(State.IDLE, 0, null, null, null);
    }

    private final SecretRotation rotation;
    private final AuditLog audit;
    private final AtomicReference<Run> run = new AtomicReference<>(Run.NONE);

    public Reencryption(SecretRotation rotation, AuditLog audit) {
        this.rotation = rotation;
        this.audit = audit;
    }

    public Uni<Progress> progress() {
        return rotation.remaining().map(remaining -> {
            Run now = run.get();
            return new Progress(now.state(), rotation.activeKey(), now.done(), remaining, now.startedAt(),
                    now.finishedAt(), now.failure());
        });
    }

    /** Starts a run unless one is running here; answers the progress either way. */
    public Uni<Progress> start(Administrator admin) {
        Run current = run.get();
        if (current.state() == State.RUNNING) {
            return Uni.createFrom().failure(new Conflict(Refusal.Reason.REENCRYPTION_RUNNING));
        }
        Run started = new Run(State.RUNNING, 0, Instant.now(), null, null);
        if (!run.compareAndSet(current, started)) {
            return Uni.createFrom().failure(new Conflict(Refusal.Reason.REENCRYPTION_RUNNING));
        }
        rotation.reencryptAll(done -> run.set(new Run(State.RUNNING, done, started.startedAt(), null, null)))
                .call(total -> audit.record(admin.itself(), AuditEvent.Type.SECRETS_REENCRYPTED,
                        AuditEvent.Outcome.SUCCESS, total + " secret(s) re-encrypted under key '" + rotation.activeKey()
                                + "' (by " + admin.username() + ", " + admin.method() + ")"))
                .subscribe().with(
                        total -> run.set(new Run(State.DONE, total, started.startedAt(), Instant.now(), null)),
                        failure -> {
                            LOG.errorf("Re-encryption stopped: %s", LogSafe.describe(failure));
                            Run was = run.get();
                            run.set(new Run(State.FAILED, was.done(), started.startedAt(), Instant.now(),
                                    "stopped: " + failure.getClass().getSimpleName()
                                            + " (see the gateway's log); run it again once the cause is fixed"));
                        });
        return progress();
    }
}
