package io.tollgate.admin.api;

import java.util.Locale;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.AdminAccess;
import io.tollgate.http.HeaderNames;
import io.tollgate.http.LogSafe;
import io.tollgate.policy.RequestPolicy;
import io.vertx.core.http.HttpServerRequest;

/**
 * Checks the credentials of every request under the admin API's path before any resource is
 * matched, so an unknown path there is a 401 or 403 like a known one, never a 404 that tells
 * what exists. Resources also refuse a request this filter did not admit ({@link ApiCaller}).
 */
public class ApiAccessFilter {

    private static final Logger LOG = Logger.getLogger(ApiAccessFilter.class);

    private final AdminAccess access;
    private final RequestPolicy policy;
    private final ApiCaller caller;

    public ApiAccessFilter(AdminAccess access, RequestPolicy policy, ApiCaller caller) {
        this.access = access;
        this.policy = policy;
        this.caller = caller;
    }

    @ServerRequestFilter(preMatching = true)
    public Uni<Response> check(ContainerRequestContext context, HttpServerRequest http) {
        String path = context.getUriInfo().getPath();
        if (!path.toLowerCase(Locale.ROOT).startsWith(AdminApi.FAMILY)) {
            return null;
        }
        String client = policy.client(http).address();
        return access.check(context.getHeaderString(HttpHeaders.AUTHORIZATION),
                context.getHeaderString(HeaderNames.X_AUTH_KEY), client, http.getHeader(HttpHeaders.USER_AGENT))
                .map(check -> {
                    if (check instanceof AdminAccess.Check.Admitted admitted) {
                        caller.admit(admitted.administrator());
                        return null;
                    }
                    ApiFailure refusal = check instanceof AdminAccess.Check.Forbidden ? ApiFailure.forbidden()
                            : check instanceof AdminAccess.Check.Unavailable ? ApiFailure.unavailable()
                            : ApiFailure.unauthenticated();
                    return ApiErrors.json(refusal.problem, refusal.headers);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Admin API credentials could not be checked: %s", LogSafe.describe(failure));
                    ApiFailure refusal = ApiFailure.unavailable();
                    return ApiErrors.json(refusal.problem, refusal.headers);
                });
    }
}
