package dev.trustedcompute.hvs.hosts;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The attestation key proven (by credential activation) to live in the same TPM as {@code ekPublic}. Quotes for
 * the host are verified with this key only.
 *
 * @param akPublic      the AK's TPMT_PUBLIC, as the TPM returned it
 * @param akName        its TPM name (nameAlg || digest), which the onboarding challenge was bound to
 * @param ekPublic      the EK's TPMT_PUBLIC
 * @param ekCertificate DER EK certificate validated at onboarding; null when the agent had none
 * @param pinnedAt      when the pin was made
 */
public record PinnedAk(byte[] akPublic, byte[] akName, byte[] ekPublic, byte[] ekCertificate, Instant pinnedAt) {

    public PinnedAk {
        akPublic = Objects.requireNonNull(akPublic, "akPublic").clone();
        akName = Objects.requireNonNull(akName, "akName").clone();
        ekPublic = Objects.requireNonNull(ekPublic, "ekPublic").clone();
        ekCertificate = ekCertificate == null ? null : ekCertificate.clone();
        Objects.requireNonNull(pinnedAt, "pinnedAt");
    }

    @Override
    public byte[] akPublic() {
        return akPublic.clone();
    }

    @Override
    public byte[] akName() {
        return akName.clone();
    }

    @Override
    public byte[] ekPublic() {
        return ekPublic.clone();
    }

    @Override
    public byte[] ekCertificate() {
        return ekCertificate == null ? null : ekCertificate.clone();
    }

    /** The AK name in hex, as shown in APIs and audit entries. */
    public String akNameHex() {
        return HexFormat.of().formatHex(akName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PinnedAk p && Arrays.equals(p.akPublic, akPublic) && Arrays.equals(p.akName, akName)
                && Arrays.equals(p.ekPublic, ekPublic) && Arrays.equals(p.ekCertificate, ekCertificate)
                && p.pinnedAt.equals(pinnedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(akName), pinnedAt);
    }

    @Override
    public String toString() {
        return "PinnedAk[akName=" + akNameHex() + ", pinnedAt=" + pinnedAt + "]";
    }
}
