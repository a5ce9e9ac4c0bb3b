/**
 * Administration: who may administer (an administrator's JWT or AuthKey), and the operations
 * the console and the admin REST API share — the user directory and enrollment report, reset,
 * unlock, disable, groups, run-time policy, the audit log, import and re-encryption of secrets —
 * on plain values, each audited with the administrator who did it.
 * <p>
 * May use {@code signin}, {@code caller}, {@code policy}, {@code session}, {@code credential},
 * {@code device}, {@code guard}, {@code account}, {@code totp}, {@code crypto}, {@code audit},
 * {@code store} and {@code http}; never {@code proxy} nor {@code gate}. Its web layer lives in
 * {@code admin.api}.
 */
package io.tollgate.admin;
