package dev.trustedcompute.cms.authority;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A certificate serial number. On the wire and in the database it is lower-case hex without leading zeros
 * ({@code BigInteger.toString(16)}), so one certificate has exactly one spelling.
 */
public record SerialNumber(BigInteger value) {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,40}");

    public SerialNumber {
        if (value.signum() <= 0 || value.bitLength() > 159) {
            throw new IllegalArgumentException("RFC 5280 serials are positive and at most 20 octets");
        }
    }

    /** 128 random bits (CA/B Forum asks for at least 64), never zero. */
    public static SerialNumber random(SecureRandom random) {
        BigInteger v;
        do {
            v = new BigInteger(128, random);
        } while (v.signum() == 0);
        return new SerialNumber(v);
    }

    /** Parses a path segment; anything but 1..40 hex digits naming a positive number is a client error. */
    public static SerialNumber parse(String hex) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new CmsException(CmsError.MALFORMED_SERIAL,
                    "serial must be 1 to 40 hexadecimal digits, got '" + SubjectAltName.printable(String.valueOf(hex)) + "'");
        }
        BigInteger v = new BigInteger(hex, 16);
        if (v.signum() == 0 || v.bitLength() > 159) {
            throw new CmsException(CmsError.MALFORMED_SERIAL, "serial must be a positive number of at most 20 octets");
        }
        return new SerialNumber(v);
    }

    public String hex() { return value.toString(16); }

    @Override
    public String toString() { return hex(); }
}
