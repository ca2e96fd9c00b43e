package dev.trustedcompute.cms.authority;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The selector of a {@code CMS:certificates:create:<selector>} permission (or the context of a SecL
 * {@code CMS:CertApprover} role): which certificate the holder may obtain. Grammar (after Intel SecL
 * {@code pkg/cms/validation/validate_csr.go}):
 * <pre>
 * selector = "*" / fields
 * fields   = field *( ";" field )        ; each key at most once, any order
 * field    = "CN=" cn / "SAN=" san *( "," san ) / "certType=" ( "TLS" / "TLS-Client" / "Signing" )
 * </pre>
 * CN and certType are required; SAN is optional. A CSR matches when its CN equals {@code CN}, the requested
 * type equals {@code certType}, and every SAN it asks for is in the SAN list (so no SAN field = no SANs).
 */
public sealed interface CertificateSelector {

    boolean matches(VerifiedCsr csr, CertType type);

    /** "*": any names, any type (an administrator's grant). */
    record Any() implements CertificateSelector {
        @Override
        public boolean matches(VerifiedCsr csr, CertType type) { return true; }
    }

    /** One exact grant. */
    record Exact(String commonName, Set<SubjectAltName> sans, CertType certType) implements CertificateSelector {
        public Exact {
            sans = Set.copyOf(sans);
        }

        @Override
        public boolean matches(VerifiedCsr csr, CertType type) {
            return certType == type && commonName.equals(csr.commonName()) && sans.containsAll(csr.sans());
        }
    }

    /**
     * Parses a selector from a token. A selector that does not follow the grammar grants nothing (empty),
     * it is never read leniently.
     */
    static Optional<CertificateSelector> parse(String selector) {
        if (selector == null) {
            return Optional.empty();
        }
        String s = selector.trim();
        if (s.equals("*")) {
            return Optional.of(new Any());
        }
        String cn = null;
        CertType type = null;
        Set<SubjectAltName> sans = null;
        try {
            for (String field : s.split(";", -1)) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    return Optional.empty();
                }
                String key = field.substring(0, eq).trim();
                String value = field.substring(eq + 1).trim();
                switch (key) {
                    case "CN" -> {
                        if (cn != null || value.isEmpty()) return Optional.empty();
                        cn = value;
                    }
                    case "certType" -> {
                        if (type != null) return Optional.empty();
                        Optional<CertType> t = CertType.fromWireName(value);
                        if (t.isEmpty()) return Optional.empty();
                        type = t.get();
                    }
                    case "SAN" -> {
                        if (sans != null) return Optional.empty();
                        sans = new LinkedHashSet<>();
                        for (String san : value.split(",", -1)) {
                            sans.add(SubjectAltName.parse(san.trim()));
                        }
                    }
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (CmsException e) {
            return Optional.empty();
        }
        if (cn == null || type == null) {
            return Optional.empty();
        }
        return Optional.of(new Exact(cn, sans == null ? Set.of() : sans, type));
    }

    /** Parses all selectors, dropping those that grant nothing. */
    static List<CertificateSelector> parseAll(List<String> selectors) {
        return selectors.stream().map(CertificateSelector::parse).flatMap(Optional::stream).toList();
    }
}
