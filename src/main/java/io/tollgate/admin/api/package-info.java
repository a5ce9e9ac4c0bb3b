/**
 * The admin REST API, {@code /.tollgate/api/admin/v1}: JSON resources that only map HTTP to the
 * {@code admin} operations, the check of every request's credentials before any resource is
 * matched, and the JSON errors (400 with field errors, 401, 403, 404, 409, 503). Its OpenAPI
 * document is served on the management port.
 * <p>
 * May use {@code admin} and what it may use; nothing uses it.
 */
package io.tollgate.admin.api;
