package io.tollgate.admin.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every error of the admin API, as JSON.
 *
 * @param error a stable code: invalid_input, unauthenticated, forbidden, not_found, conflict,
 *        unavailable, internal
 * @param fields for invalid_input, what is wrong with each field (query parameters and body properties)
 */
@Schema(name = "Problem")
@RegisterForReflection // built at run time as a Response's entity: no resource method declares it for the native image
public record ApiProblem(int status, String error, String message, Map<String, String> fields) {
}
