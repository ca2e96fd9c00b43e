package dev.trustedcompute.cms.web;

/** Media types CMS speaks besides JSON. */
final class PemMediaTypes {
    /** PEM text, as Intel SecL CMS clients send and expect it. */
    static final String PEM = "application/x-pem-file";
    /** DER CRL (RFC 5280 / RFC 2585). */
    static final String PKIX_CRL = "application/pkix-crl";

    private PemMediaTypes() {}
}
