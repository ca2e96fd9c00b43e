package dev.trustedcompute.cms.cas;

import java.time.Duration;

/**
 * How new CAs are made (existing ones are loaded as they are).
 *
 * @param namePrefix        CN prefix, e.g. "Trusted Compute CMS" gives "Trusted Compute CMS Root CA"
 * @param rootValidity      validity of a new root CA
 * @param issuingValidity   validity of a new issuing CA (capped at the root's notAfter)
 */
public record CaSettings(String namePrefix, Duration rootValidity, Duration issuingValidity) {
    public CaSettings {
        if (namePrefix == null || namePrefix.isBlank()) {
            throw new IllegalArgumentException("namePrefix must not be blank");
        }
        if (!rootValidity.isPositive() || !issuingValidity.isPositive()) {
            throw new IllegalArgumentException("CA validity must be positive");
        }
    }
}
