package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Collateral for TDX quote verification, parsed but NOT verified: PCS TCB Info and QE identity with the
 * certificate chains that signed them (PCS sends these in the {@code TCB-Info-Issuer-Chain} /
 * {@code SGX-Enclave-Identity-Issuer-Chain} headers), and optionally the Intel SGX Root CA CRL and the
 * PCK CRL of the CA that issued the PCK certificate.
 *
 * <p>Readers: {@link #fromPcsResponses} (raw PCS response bodies, e.g. go-tdx-guest's
 * {@code sample_tcbInfo_response}, Trustee's {@code tcbInfo.json}) and {@link #fromBundleJson}
 * (our collateral JSON, documented in {@code README.md} next to the bundled Intel root).
 */
public record TdxCollateral(TcbInfo tcbInfo, List<X509Certificate> tcbInfoIssuerChain,
                            EnclaveIdentity qeIdentity, List<X509Certificate> qeIdentityIssuerChain,
                            Optional<X509CRL> rootCaCrl, Optional<X509CRL> pckCrl) {

    public TdxCollateral {
        tcbInfoIssuerChain = List.copyOf(tcbInfoIssuerChain);
        qeIdentityIssuerChain = List.copyOf(qeIdentityIssuerChain);
    }

    /** Returns this collateral with the given CRLs (DER). */
    public TdxCollateral withCrls(Optional<byte[]> rootCaCrlDer, Optional<byte[]> pckCrlDer)
            throws EvidenceFormatException {
        return new TdxCollateral(tcbInfo, tcbInfoIssuerChain, qeIdentity, qeIdentityIssuerChain,
                rootCaCrlDer.isPresent() ? Optional.of(crl(rootCaCrlDer.get(), "rootCaCrl")) : Optional.empty(),
                pckCrlDer.isPresent() ? Optional.of(crl(pckCrlDer.get(), "pckCrl")) : Optional.empty());
    }

    /**
     * Raw PCS responses: the TCB Info and QE identity JSON bodies exactly as served, and the issuer chain
     * (the TCB Signing certificate and the root) as PEM or as the URL-encoded PEM of the PCS header.
     */
    public static TdxCollateral fromPcsResponses(byte[] tcbInfoResponse, byte[] qeIdentityResponse,
                                                 byte[] issuerChain) throws EvidenceFormatException {
        List<X509Certificate> chain = issuerChain(issuerChain, "tcbInfoIssuerChain");
        return new TdxCollateral(TcbInfo.parseResponse(tcbInfoResponse), chain,
                EnclaveIdentity.parseResponse(qeIdentityResponse), chain, Optional.empty(), Optional.empty());
    }

    /**
     * Our collateral JSON (field names follow dcap-qvl's {@code QuoteCollateralV3}):
     * <pre>
     * {
     *   "tcb_info_issuer_chain":    "PEM: TCB Signing cert, Root CA",
     *   "tcb_info":                 "the tcbInfo JSON text exactly as signed (a string, not an object)",
     *   "tcb_info_signature":       "hex r||s (64 bytes)",
     *   "qe_identity_issuer_chain": "PEM",
     *   "qe_identity":              "the enclaveIdentity JSON text exactly as signed",
     *   "qe_identity_signature":    "hex r||s",
     *   "root_ca_crl":              "hex DER (optional)",
     *   "pck_crl":                  "hex DER (optional)",
     *   "pck_crl_issuer_chain":     "PEM (optional, informational: the PCK CA is taken from the quote)"
     * }
     * </pre>
     */
    public static TdxCollateral fromBundleJson(byte[] json) throws EvidenceFormatException {
        JsonFields b = new JsonFields(Json.parse(json, "collateral"), "collateral");
        byte[] tcbInfoText = b.string("tcb_info").getBytes(StandardCharsets.UTF_8);
        byte[] qeText = b.string("qe_identity").getBytes(StandardCharsets.UTF_8);
        TcbInfo tcbInfo = TcbInfo.parse(tcbInfoText, b.hex("tcb_info_signature", 64));
        EnclaveIdentity qe = EnclaveIdentity.parse(qeText, b.hex("qe_identity_signature", 64));
        List<X509Certificate> tcbChain = issuerChain(b.string("tcb_info_issuer_chain").getBytes(StandardCharsets.UTF_8),
                "collateral.tcb_info_issuer_chain");
        List<X509Certificate> qeChain = issuerChain(b.string("qe_identity_issuer_chain").getBytes(StandardCharsets.UTF_8),
                "collateral.qe_identity_issuer_chain");
        if (b.has("pck_crl_issuer_chain")) {
            issuerChain(b.string("pck_crl_issuer_chain").getBytes(StandardCharsets.UTF_8),
                    "collateral.pck_crl_issuer_chain");
        }
        Optional<X509CRL> root = b.has("root_ca_crl")
                ? Optional.of(crl(JsonFields.decodeHex(b.string("root_ca_crl"), "collateral.root_ca_crl", -1),
                "collateral.root_ca_crl")) : Optional.empty();
        Optional<X509CRL> pck = b.has("pck_crl")
                ? Optional.of(crl(JsonFields.decodeHex(b.string("pck_crl"), "collateral.pck_crl", -1),
                "collateral.pck_crl")) : Optional.empty();
        return new TdxCollateral(tcbInfo, tcbChain, qe, qeChain, root, pck);
    }

    static List<X509Certificate> issuerChain(byte[] pemOrUrlEncoded, String field) throws EvidenceFormatException {
        String text = new String(pemOrUrlEncoded, StandardCharsets.ISO_8859_1);
        if (text.stripLeading().startsWith("-----BEGIN%20CERTIFICATE") || text.stripLeading().startsWith("%2D")) {
            try {
                text = URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new EvidenceFormatException(field, "invalid URL encoding", e);
            }
        }
        return Pem.certificates(text.getBytes(StandardCharsets.ISO_8859_1), field);
    }

    static X509CRL crl(byte[] der, String field) throws EvidenceFormatException {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            if (in.available() != 0) {
                throw new EvidenceFormatException(field, in.available() + " trailing bytes after the DER CRL");
            }
            return crl;
        } catch (CRLException | java.security.cert.CertificateException | RuntimeException e) {
            throw new EvidenceFormatException(field, "not a valid X.509 CRL: " + e.getMessage(), e);
        }
    }
}
