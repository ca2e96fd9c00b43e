package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificates that come with an SNP report: the VEK (VCEK or VLEK) that signed it, and optionally the
 * intermediate (ASK or ASVK) and the ARK, e.g. from the extended report's certificate table or from AMD KDS.
 * What is missing is taken from the pinned {@link AmdRoots}; what is supplied is checked against them.
 * Supplied certificates are told apart by their AMD common names ({@code ARK-*}, {@code SEV-VLEK-*},
 * {@code SEV-*}).
 */
public final class SnpCertificates {

    private final AmdCertificate vek;
    private final VekExtensions extensions;
    private final Optional<AmdCertificate> ask;
    private final Optional<AmdCertificate> asvk;
    private final Optional<AmdCertificate> ark;

    private SnpCertificates(AmdCertificate vek, VekExtensions extensions, Optional<AmdCertificate> ask,
            Optional<AmdCertificate> asvk, Optional<AmdCertificate> ark) {
        this.vek = vek;
        this.extensions = extensions;
        this.ask = ask;
        this.asvk = asvk;
        this.ark = ark;
    }

    /** Only the VEK (PEM or DER); the ASK/ASVK and ARK will be the pinned ones. */
    public static SnpCertificates of(byte[] vekPemOrDer) throws EvidenceFormatException {
        AmdCertificate vek = AmdCertificate.parse(vekPemOrDer, "VEK");
        return new SnpCertificates(vek, VekExtensions.of(vek), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The VEK (PEM or DER) plus a PEM bundle holding any of ASK, ASVK and ARK (as AMD KDS serves
     * {@code cert_chain}). A bundle that also holds the VEK as its first certificate is accepted when
     * {@code vekPemOrDer} is null: that is how Azure THIM and some tools hand out VCEK+ASK+ARK.
     */
    public static SnpCertificates of(byte[] vekPemOrDer, byte[] chainPem) throws EvidenceFormatException {
        List<AmdCertificate> chain = new ArrayList<>(AmdCertificate.parseAll(chainPem, "chain"));
        AmdCertificate vek;
        if (vekPemOrDer == null) {
            vek = chain.removeFirst();
            if (!isVek(vek)) {
                throw new EvidenceFormatException("chain[0]", "expected SEV-VCEK or SEV-VLEK, found '"
                        + vek.subjectCommonName() + "'");
            }
        } else {
            vek = AmdCertificate.parse(vekPemOrDer, "VEK");
        }
        return of(vek, chain);
    }

    /** The VEK and any of ASK, ASVK and ARK, told apart by their AMD common names (the verifier checks the VEK's). */
    static SnpCertificates of(AmdCertificate vek, List<AmdCertificate> chain) throws EvidenceFormatException {
        AmdCertificate ask = null;
        AmdCertificate asvk = null;
        AmdCertificate ark = null;
        for (int i = 0; i < chain.size(); i++) {
            AmdCertificate certificate = chain.get(i);
            String cn = certificate.subjectCommonName();
            String field = "chain certificate '" + cn + "'";
            if (cn.startsWith("ARK-")) {
                ark = once(ark, certificate, field);
            } else if (cn.startsWith("SEV-VLEK-")) {
                asvk = once(asvk, certificate, field);
            } else if (cn.startsWith("SEV-") && !isVek(certificate)) {
                ask = once(ask, certificate, field);
            } else {
                throw new EvidenceFormatException(field, "not an AMD ARK, ASK or ASVK");
            }
        }
        return new SnpCertificates(vek, VekExtensions.of(vek), Optional.ofNullable(ask), Optional.ofNullable(asvk),
                Optional.ofNullable(ark));
    }

    private static boolean isVek(AmdCertificate certificate) {
        String cn = certificate.subjectCommonName();
        return cn.equals("SEV-VCEK") || cn.equals("SEV-VLEK");
    }

    private static AmdCertificate once(AmdCertificate existing, AmdCertificate next, String field)
            throws EvidenceFormatException {
        if (existing != null) {
            throw new EvidenceFormatException(field, "appears more than once");
        }
        return next;
    }

    public AmdCertificate vek() {
        return vek;
    }

    public VekExtensions vekExtensions() {
        return extensions;
    }

    public Optional<AmdCertificate> ask() {
        return ask;
    }

    public Optional<AmdCertificate> asvk() {
        return asvk;
    }

    public Optional<AmdCertificate> ark() {
        return ark;
    }
}
