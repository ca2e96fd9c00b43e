package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict reader for concatenated PEM certificates as found in quotes and PCS headers. Only whitespace and
 * NUL bytes (the QE terminates the chain with one) may appear between and around the blocks.
 */
final class Pem {

    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";
    private static final int MAX_CERTIFICATES = 8;

    private Pem() {
    }

    static List<X509Certificate> certificates(byte[] pem, String field) throws EvidenceFormatException {
        String text = new String(pem, StandardCharsets.ISO_8859_1);
        List<X509Certificate> out = new ArrayList<>();
        int pos = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, pos);
            int stop = begin < 0 ? text.length() : begin;
            requireBlank(text, pos, stop, field);
            if (begin < 0) {
                break;
            }
            int end = text.indexOf(END, begin + BEGIN.length());
            if (end < 0) {
                throw new EvidenceFormatException(begin, field, "certificate without an END line");
            }
            if (out.size() == MAX_CERTIFICATES) {
                throw new EvidenceFormatException(begin, field, "more than " + MAX_CERTIFICATES + " certificates");
            }
            String body = text.substring(begin + BEGIN.length(), end);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(body.strip());
            } catch (IllegalArgumentException e) {
                throw new EvidenceFormatException(begin, field, "invalid base64 in certificate " + out.size(), e);
            }
            out.add(certificate(der, field + "[" + out.size() + "]", begin));
            pos = end + END.length();
        }
        if (out.isEmpty()) {
            throw new EvidenceFormatException(0, field, "no PEM certificate found");
        }
        return out;
    }

    static X509Certificate certificate(byte[] der, String field, long offset) throws EvidenceFormatException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate cert = (X509Certificate) cf.generateCertificate(in);
            if (in.available() != 0) {
                throw new EvidenceFormatException(offset, field, in.available() + " trailing bytes after the DER certificate");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            throw new EvidenceFormatException(offset, field, "not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static void requireBlank(String text, int from, int to, String field) throws EvidenceFormatException {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != 0) {
                throw new EvidenceFormatException(i, field, "unexpected content outside PEM blocks");
            }
        }
    }
}
