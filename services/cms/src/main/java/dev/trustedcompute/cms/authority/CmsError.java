package dev.trustedcompute.cms.authority;

import dev.trustedcompute.servicekit.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * Every way a CMS request can be refused. The domain throws {@link CmsException} with one of these;
 * the web edge renders it as RFC 9457 problem+json with type {@code https://trustedcompute.dev/problems/<code>}.
 */
public enum CmsError implements ErrorCode {
    /** The body is not a single PEM block of the expected label, or its base64 is malformed. */
    MALFORMED_PEM(400, "malformed-pem", "Malformed PEM"),
    /** The PEM decoded, but the DER is not a PKCS#10 certification request. */
    MALFORMED_CSR(400, "malformed-csr", "Malformed certificate signing request"),
    /** The CSR's self-signature does not verify over the received bytes (tampered or wrong key). */
    CSR_SIGNATURE_INVALID(400, "csr-signature-invalid", "CSR signature invalid"),
    /** Key type or size below policy (EC P-256/P-384/P-521 or RSA >= 3072 only). */
    WEAK_KEY(400, "weak-key", "Key type or size not accepted"),
    /** Subject CN missing/invalid, or a SAN of a kind other than DNS/IP, or a malformed DNS name. */
    INVALID_SUBJECT(400, "invalid-subject", "Invalid subject or subject alternative name"),
    /** certType / issuingCa query parameter outside the closed set. */
    UNSUPPORTED_CERT_TYPE(400, "unsupported-cert-type", "Unsupported certificate type"),
    /** Serial path segment is not 1..40 lower/upper-case hex digits. */
    MALFORMED_SERIAL(400, "malformed-serial", "Malformed serial number"),
    /** Revocation reason outside RFC 5280 CRLReason names. */
    UNSUPPORTED_REASON(400, "unsupported-revocation-reason", "Unsupported revocation reason"),
    /** The caller is authenticated but none of its approvals matches the CSR's names and type. */
    NOT_APPROVED(403, "certificate-not-approved", "Certificate request not approved"),
    /** No certificate with that serial was ever issued here. */
    UNKNOWN_CERTIFICATE(404, "unknown-certificate", "Unknown certificate"),
    /** The certificate is already revoked; revocation is not idempotent so that the first reason sticks. */
    ALREADY_REVOKED(409, "already-revoked", "Certificate already revoked");

    private final HttpStatus status;
    private final String code;
    private final String title;

    CmsError(int status, String code, String title) {
        this.status = HttpStatus.valueOf(status);
        this.code = code;
        this.title = title;
    }

    @Override
    public HttpStatus status() { return status; }

    @Override
    public String code() { return code; }

    @Override
    public String title() { return title; }
}
