package dev.trustedcompute.cms.authority;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The two SAN kinds CMS certifies. Values are normalised so that a SAN in a CSR and one in a permission
 * selector compare equal exactly when they name the same thing: DNS names lower-case, IP addresses in
 * {@link InetAddress#getHostAddress()} form (so "::1" and "0:0:0:0:0:0:0:1" match).
 */
public sealed interface SubjectAltName {

    /** Normalised text, as written into selectors and the database. */
    String text();

    /** A DNS name: LDH labels, optionally a leading "*." wildcard label, at most 253 characters. */
    record DnsName(String text) implements SubjectAltName {
        private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

        public DnsName {
            text = text.toLowerCase(Locale.ROOT);
            if (!isValid(text)) {
                throw new CmsException(CmsError.INVALID_SUBJECT, "DNS SAN '" + printable(text) + "' is not a valid host name");
            }
        }

        static boolean isValid(String name) {
            if (name.isEmpty() || name.length() > 253 || name.endsWith(".")) {
                return false;
            }
            String rest = name.startsWith("*.") ? name.substring(2) : name;
            for (String label : rest.split("\\.", -1)) {
                if (!LABEL.matcher(label).matches()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An IPv4 or IPv6 address. */
    record IpAddress(String text) implements SubjectAltName {
        public IpAddress {
            text = normalise(text);
        }

        /** From the 4 or 16 octets of a GeneralName iPAddress. */
        public static IpAddress fromOctets(byte[] octets) {
            if (octets.length != 4 && octets.length != 16) {
                throw new CmsException(CmsError.INVALID_SUBJECT, "IP SAN has " + octets.length + " octets; expected 4 or 16");
            }
            try {
                return new IpAddress(InetAddress.getByAddress(octets).getHostAddress());
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 octets are always an address", e);
            }
        }

        private static final Pattern LITERAL = Pattern.compile("[0-9.]{7,15}|[0-9a-fA-F:.]{2,45}");

        private static String normalise(String literal) {
            // Only literals reach InetAddress.getByName, so it never resolves a name over DNS.
            if (!LITERAL.matcher(literal).matches() || (!literal.contains(":") && !literal.matches("(\\d{1,3}\\.){3}\\d{1,3}"))) {
                throw new CmsException(CmsError.INVALID_SUBJECT, "'" + printable(literal) + "' is not an IP address literal");
            }
            try {
                return InetAddress.getByName(literal).getHostAddress();
            } catch (UnknownHostException e) {
                throw new CmsException(CmsError.INVALID_SUBJECT, "'" + printable(literal) + "' is not an IP address literal");
            }
        }
    }

    /** Parses a selector entry: an IP literal when it looks like one, else a DNS name. */
    static SubjectAltName parse(String text) {
        boolean ipLike = text.contains(":") || text.matches("[0-9.]+");
        return ipLike ? new IpAddress(text) : new DnsName(text);
    }

    /** Limits echoing of client text in problem details to something short and printable. */
    static String printable(String s) {
        String cleaned = s.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
