package dev.trustedcompute.testsupport.auth;

/** A role claim in the Intel SecL shape: {@code {"service":"CMS","name":"CertApprover","context":"CN=..."}}. */
public record Role(String service, String name, String context) {

    public static Role of(String service, String name) {
        return new Role(service, name, null);
    }
}
