package io.tollgate.devstack;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/** Tells the developer where things are once dev mode is up. */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevStackBanner {

    private static final Logger LOG = Logger.getLogger(DevStackBanner.class);

    void show(@Observes StartupEvent event, @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "quarkus.management.port") int managementPort) {
        LOG.infof("Tollgate dev stack: %s", DevStack.summary());
        LOG.infof("Open http://localhost:%d/ for the demo application through the gateway; "
                + "health at http://localhost:%d/q/health, metrics at http://localhost:%d/q/metrics",
                port, managementPort, managementPort);
    }
}
