/**
 * RFC 4226/6238 maths, secrets, base32 and {@code otpauth://} URIs, QR rendering.
 * <p>
 * A bottom package: uses no other Tollgate package.
 */
package io.tollgate.totp;
