package dev.trustedcompute.cms.authority;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The provisioner for JWT callers (AAS tokens and CMS bootstrap tokens alike): approvals come from the
 * caller's {@code certificates:create} selectors; key policy and validity are the CMS's own.
 */
public final class PermissionProvisioner implements Provisioner {
    /** RSA below 3072 bits is below 128-bit security (NIST SP 800-57 part 1 table 2). */
    public static final int MIN_RSA_BITS = 3072;

    private final Map<CertType, Duration> validity;

    /** @param validity leaf validity per type; every type must be present */
    public PermissionProvisioner(Map<CertType, Duration> validity) {
        for (CertType t : CertType.values()) {
            if (!validity.containsKey(t)) {
                throw new IllegalArgumentException("no validity configured for " + t);
            }
        }
        this.validity = new EnumMap<>(validity);
    }

    @Override
    public List<SignOption> authorizeSign(Caller caller, CertType type) {
        return List.of(
                new SignOption.KeyPolicy(MIN_RSA_BITS),
                new SignOption.ApprovedIdentities(CertificateSelector.parseAll(caller.createSelectors())),
                new SignOption.ValidityPeriod(validity.get(type)),
                new SignOption.UsageProfile(type));
    }
}
