package io.tollgate.signin;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.tollgate.account.User;
import io.tollgate.audit.AuditEvent;
import io.tollgate.audit.AuditLog;
import io.tollgate.device.TrustedDevice;
import io.tollgate.device.TrustedDevices;
import io.tollgate.policy.PolicySettingsSource;
import io.tollgate.policy.PolicySettings;
import io.tollgate.policy.SecondFactorRequirement;

/**
 * A browser trusted for a user skips the code at the password step; after a code, a user may
 * ask for this browser to be trusted. Both only while the policy lets devices be trusted.
 */
@ApplicationScoped
public class TrustedDeviceStep {

    private final TrustedDevices devices;
    private final PolicySettingsSource policy;
    private final AuditLog audit;

    TrustedDeviceStep(TrustedDevices devices, PolicySettingsSource policy, AuditLog audit) {
        this.devices = devices;
        this.policy = policy;
        this.audit = audit;
    }

    /** The browser's trust for this user, when a code would be asked and trust is on. */
    Uni<Optional<TrustedDevice>> recognise(Client client, User user, SecondFactorRequirement requirement,
            PolicySettings settings, String deviceToken) {
        if (requirement.kind() != SecondFactorRequirement.Kind.CHALLENGE || !settings.devicesCanBeTrusted()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return devices.recognise(user.id, deviceToken, client.address(), client.userAgent());
    }

    /** Trusts this browser under {@code name} after an accepted code; the result carries its cookie value. */
    Uni<SignInResult> trust(Client client, User user, String name, SignInResult.Passed passed) {
        return policy.current().flatMap(settings -> !settings.devicesCanBeTrusted() ? Uni.createFrom().item(passed)
                : devices.trust(user.id, name, client.address(), client.userAgent(), settings)
                        .call(issued -> audit.record(client.actor(user.username), AuditEvent.Type.DEVICE_TRUSTED,
                                AuditEvent.Outcome.SUCCESS, "device " + issued.device().id))
                        .map(issued -> new SignInResult.Passed(passed.session(), passed.recoveryCodesLeft(),
                                Optional.of(new SignInResult.Trust(issued.token(), settings.trustedDeviceValidity())))));
    }
}
