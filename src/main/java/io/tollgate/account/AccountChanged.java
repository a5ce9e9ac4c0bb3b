package io.tollgate.account;

/**
 * A CDI event fired on each replica when it learns that an account changed (disabled, renamed,
 * its groups or its two-step verification), by whatever means: what a replica keeps of the
 * account — cached AuthKey owners — is dropped. Observers run on an event loop: they must not block.
 */
public record AccountChanged(String username) {
}
