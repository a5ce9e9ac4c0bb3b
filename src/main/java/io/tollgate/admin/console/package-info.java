/**
 * The administration console, {@code /.tollgate/admin}: Qute pages in English and French over
 * the {@code admin} operations, for administrators signed in with two factors, with a code
 * from the last ten minutes asked in the very form of any change.
 * <p>
 * May use {@code admin}, {@code portal} (sessions, pages' language, the code step's
 * confirmation) and what they may use; nothing uses it.
 */
package io.tollgate.admin.console;
