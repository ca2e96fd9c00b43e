package dev.trustedcompute.aas.users;

import java.util.UUID;

/** A user as the API shows it; the password hash stays in {@link UserRepository}. */
public record User(UUID id, String username) {
}
