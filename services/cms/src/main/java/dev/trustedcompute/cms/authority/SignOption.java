package dev.trustedcompute.cms.authority;

import java.time.Duration;
import java.util.List;

/**
 * One rule a {@link Provisioner} attaches to a sign request (step-ca's {@code SignOption}, as a closed set).
 * {@link CertificateAuthority#sign} applies them in a fixed order whatever order they come in: validators on
 * the request first ({@link KeyPolicy}, {@link ApprovedIdentities}), then modifiers of the template
 * ({@link ValidityPeriod}, {@link UsageProfile}). Both modifiers are required exactly once.
 */
public sealed interface SignOption {

    /**
     * Accepted subject keys: EC on the named curves P-256/P-384/P-521, RSA with at least {@code minRsaBits}.
     */
    record KeyPolicy(int minRsaBits) implements SignOption {
        public KeyPolicy {
            if (minRsaBits < 2048) {
                throw new IllegalArgumentException("minRsaBits below 2048 is never acceptable");
            }
        }
    }

    /** The caller's grants; the request must match at least one (403 otherwise). */
    record ApprovedIdentities(List<CertificateSelector> selectors) implements SignOption {
        public ApprovedIdentities {
            selectors = List.copyOf(selectors);
        }
    }

    /** How long the leaf is valid; the signer also caps it at the issuing CA's notAfter. */
    record ValidityPeriod(Duration validity) implements SignOption {
        public ValidityPeriod {
            if (validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("validity must be positive");
            }
        }
    }

    /** Key usage / extended key usage profile of the leaf. */
    record UsageProfile(CertType type) implements SignOption {}
}
