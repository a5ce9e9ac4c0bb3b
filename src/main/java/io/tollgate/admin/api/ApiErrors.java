package io.tollgate.admin.api;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import io.smallrye.mutiny.Uni;
import io.tollgate.admin.Conflict;
import io.tollgate.admin.InvalidInput;
import io.tollgate.admin.NotFound;
import io.tollgate.store.StoreUnavailableException;

/**
 * The admin API's errors as {@link ApiProblem} JSON. The operations' own exceptions map
 * directly; anything else an API call fails with is turned into a 503 (a store away, or a
 * database that refuses writes) or a 500
 * with a reference to the logged cause by {@link #settled}, so no exception text reaches a client.
 */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    /** Outside the API's path, what the portal answers for a failure stands. */
    private final io.tollgate.portal.PortalErrors portal;

    public ApiErrors(io.tollgate.portal.PortalLinks links) {
        this.portal = new io.tollgate.portal.PortalErrors(links);
    }

    /** The call's failures, each as the answer it deserves. */
    static <T> Uni<T> settled(Uni<T> call) {
        return call.onFailure(failure -> !(failure instanceof InvalidInput || failure instanceof NotFound
                || failure instanceof Conflict || failure instanceof ApiFailure)).transform(ApiErrors::unexpected);
    }

    private static ApiFailure unexpected(Throwable failure) {
        if (StoreUnavailableException.in(failure)) {
            LOG.warnf("Admin API call failed, a store is unavailable: %s", failure.getMessage());
            return ApiFailure.unavailable();
        }
        String refusingWrites = StoreUnavailableException.databaseRefusingWrites(failure);
        if (refusingWrites != null) {
            LOG.errorf("Admin API call refused: %s; changes fail until it accepts writes again", refusingWrites);
            return ApiFailure.refusingWrites();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(failure, "Admin API call failed (reference %s)", reference);
        return new ApiFailure(500, "internal", "the call failed; reference " + reference + " in the gateway's log");
    }

    @ServerExceptionMapper
    public Response invalid(InvalidInput failure) {
        return json(new ApiProblem(400, "invalid_input", "the request has invalid fields", failure.fields()), Map.of());
    }

    @ServerExceptionMapper
    public Response notFound(NotFound failure) {
        return json(new ApiProblem(404, "not_found", failure.getMessage(), Map.of()), Map.of());
    }

    @ServerExceptionMapper
    public Response conflict(Conflict failure) {
        return json(new ApiProblem(409, "conflict", failure.getMessage(), Map.of()), Map.of());
    }

    @ServerExceptionMapper
    public Response decided(ApiFailure failure) {
        return json(failure.problem, failure.headers);
    }

    /** A property the operation does not take: refused, never ignored. */
    @ServerExceptionMapper
    public Response unknownProperty(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException failure) {
        return unreadable(failure);
    }

    /** A property of the wrong type (text for a number, a list for a text...). */
    @ServerExceptionMapper
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException failure) {
        return unreadable(failure);
    }

    /**
     * What the REST layer itself refuses under the API's path (a body it cannot read, an unknown
     * path, a method or media type the operation does not take) as JSON too; elsewhere, as it came.
     */
    @ServerExceptionMapper
    public Response web(jakarta.ws.rs.WebApplicationException failure, jakarta.ws.rs.core.UriInfo uri,
            jakarta.ws.rs.core.HttpHeaders headers) {
        int status = failure.getResponse().getStatus();
        if (!uri.getPath().toLowerCase(java.util.Locale.ROOT).startsWith(AdminApi.FAMILY)) {
            return portal.map(failure, headers);
        }
        if (status >= 500) {
            return json(new ApiProblem(status, "internal", "the call failed", Map.of()), Map.of());
        }
        return switch (status) {
            case 400 -> json(new ApiProblem(400, "invalid_input", "the request body cannot be read",
                    Map.of("body", "not the JSON this operation takes")), Map.of());
            case 404 -> json(new ApiProblem(404, "not_found", "no such operation", Map.of()), Map.of());
            default -> json(new ApiProblem(status, "refused",
                    status == 405 ? "this operation does not take this method"
                            : status == 415 ? "this operation does not take this media type" : "refused", Map.of()),
                    Map.of());
        };
    }

    /** A body that is not JSON at all (cut short, a stray character). */
    @ServerExceptionMapper
    public Response notJson(com.fasterxml.jackson.core.JsonParseException failure) {
        return unreadable(failure);
    }

    /** A body that is not the JSON the operation takes: which property, never the text sent. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException failure) {
        String field = "body";
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()))
                    .reduce((a, b) -> a + "." + b).orElse("body");
        }
        String message = failure instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                ? "unknown property" : "not the JSON this operation takes";
        return json(new ApiProblem(400, "invalid_input", "the request body cannot be read", Map.of(field, message)),
                Map.of());
    }

    static Response json(ApiProblem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(problem).header("Cache-Control", "no-store");
        headers.forEach(builder::header);
        return builder.build();
    }
}
