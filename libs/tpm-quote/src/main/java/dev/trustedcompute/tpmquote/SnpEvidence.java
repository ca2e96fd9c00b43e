package dev.trustedcompute.tpmquote;

import dev.trustedcompute.tpmquote.snp.SnpCertificates;
import dev.trustedcompute.tpmquote.snp.SnpReport;
import java.util.Objects;
import java.util.Optional;

/**
 * AMD SEV-SNP evidence: the attestation report and the certificates that came with it.
 *
 * @param report       the 1184-byte ATTESTATION_REPORT
 * @param certificates the VCEK or VLEK (and any ASK/ASVK/ARK) from the extended report's certificate table; empty
 *                     when the attester sent none (Trustee {@code cert_chain: null}), in which case the caller
 *                     supplies them as collateral ({@link Expectations.Builder#snpCertificates})
 */
public record SnpEvidence(SnpReport report, Optional<SnpCertificates> certificates) implements Evidence {

    public SnpEvidence {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(certificates, "certificates");
    }

    @Override
    public Tee tee() {
        return Tee.SNP;
    }
}
