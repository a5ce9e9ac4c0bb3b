/**
 * Encryption of secrets at rest (AES-256-GCM), the key ring and key derivation.
 * <p>
 * A bottom package: uses no other Tollgate package.
 */
package io.tollgate.crypto;
