package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.ByteReader;
import dev.trustedcompute.tpmquote.EvidenceFormatException;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An Intel TDX DCAP quote, version 4 or 5, parsed but NOT verified (use {@link TdxVerifier}).
 *
 * <p>Layout (Intel TDX DCAP Quoting Library API, little-endian):
 * <pre>
 * v4: header(48) | TD 1.0 body(584)                             | u32 sigDataLen | signature data
 * v5: header(48) | u16 bodyType | u32 bodySize | body(584/648)  | u32 sigDataLen | signature data
 *
 * signature data (ECDSA-256-with-P-256):
 *   ECDSA signature r||s (64) over everything before sigDataLen
 *   attestation public key X||Y (64)
 *   u16 certification data type = 6 (QE report certification data) | u32 size | data:
 *     QE report (384) | QE report signature r||s (64) | u16 authSize | QE auth data
 *     | u16 certification data type = 5 (PCK cert chain, PEM) | u32 size | PEM: PCK leaf, CA, root
 * </pre>
 * Every length must agree with its content exactly. {@link #raw()} keeps the bytes received and
 * {@link #signedBytes()} the exact prefix the attestation key signed.
 */
public final class TdxQuote {

    /** The only outer certification data type a TDX QE produces: QE report certification data. */
    public static final int CERT_TYPE_QE_REPORT = 6;
    /** Nested certification data: concatenated PCK certificate chain in PEM. */
    public static final int CERT_TYPE_PCK_CHAIN = 5;

    private static final int MAX_SIGNATURE_DATA = 64 * 1024;
    private static final int MAX_AUTH_DATA = 4096;

    private final byte[] raw;
    private final int signedLength;
    private final int trailingBytes;
    private final TdxQuoteHeader header;
    private final TdReportBody body;
    private final byte[] signature;
    private final byte[] attestationKey;
    private final QeReport qeReport;
    private final byte[] qeReportSignature;
    private final byte[] qeAuthData;
    private final byte[] pckChainPem;
    private final List<X509Certificate> pckChain;
    private final PckExtensions pckExtensions;

    private TdxQuote(byte[] raw, int signedLength, int trailingBytes, TdxQuoteHeader header, TdReportBody body,
                     byte[] signature, byte[] attestationKey, QeReport qeReport, byte[] qeReportSignature,
                     byte[] qeAuthData, byte[] pckChainPem, List<X509Certificate> pckChain,
                     PckExtensions pckExtensions) {
        this.raw = raw;
        this.signedLength = signedLength;
        this.trailingBytes = trailingBytes;
        this.header = header;
        this.body = body;
        this.signature = signature;
        this.attestationKey = attestationKey;
        this.qeReport = qeReport;
        this.qeReportSignature = qeReportSignature;
        this.qeAuthData = qeAuthData;
        this.pckChainPem = pckChainPem;
        this.pckChain = pckChain;
        this.pckExtensions = pckExtensions;
    }

    /** Parses exactly one quote; any byte after the signature data is rejected. */
    public static TdxQuote parse(byte[] quote) throws EvidenceFormatException {
        TdxQuote parsed = parseLeading(quote);
        if (parsed.trailingBytes != 0) {
            throw new EvidenceFormatException(quote.length - parsed.trailingBytes, "tdx quote",
                    parsed.trailingBytes + " trailing bytes after the signature data");
        }
        return parsed;
    }

    /**
     * Parses a quote at the start of a larger buffer, for quote-generation interfaces that hand back a
     * fixed-size buffer (e.g. an 8000-byte GetQuote buffer). The bytes after the quote are not part of
     * anything signed; their count is kept in {@link #trailingBytes()} so callers can report it.
     */
    public static TdxQuote parseFromBuffer(byte[] buffer) throws EvidenceFormatException {
        return parseLeading(buffer);
    }

    private static TdxQuote parseLeading(byte[] input) throws EvidenceFormatException {
        byte[] raw = input.clone();
        ByteReader r = ByteReader.littleEndian(raw);
        TdxQuoteHeader header = header(r, raw);
        TdxBodyType type;
        int bodySize;
        if (header.version() == 4) {
            type = TdxBodyType.TD10;
            bodySize = type.size();
        } else {
            int at = r.position();
            int code = r.u16("quote.bodyType");
            type = switch (code) {
                case 2 -> TdxBodyType.TD10;
                case 3 -> TdxBodyType.TD15;
                case 1 -> throw new EvidenceFormatException(at, "quote.bodyType", "body type 1 (SGX enclave report)"
                        + " is not a TDX quote");
                default -> throw new EvidenceFormatException(at, "quote.bodyType", "unknown body type " + code);
            };
            int sizeAt = r.position();
            long size = r.u32("quote.bodySize");
            if (size != type.size()) {
                throw new EvidenceFormatException(sizeAt, "quote.bodySize", "body type " + type + " needs "
                        + type.size() + " bytes, header says " + size);
            }
            bodySize = type.size();
        }
        TdReportBody body = body(r.slice(bodySize, "quote.body"), type);
        int signedLength = r.position();

        int sigDataLength = r.length32("quote.signatureDataLength", MAX_SIGNATURE_DATA);
        ByteReader s = r.slice(sigDataLength, "quote.signatureData");
        byte[] signature = s.bytes(64, "signatureData.quoteSignature");
        byte[] attestationKey = s.bytes(64, "signatureData.attestationKey");
        int certTypeAt = s.position(); // ByteReader positions are absolute offsets in the quote
        int certType = s.u16("signatureData.certificationDataType");
        if (certType != CERT_TYPE_QE_REPORT) {
            throw new EvidenceFormatException(certTypeAt, "signatureData.certificationDataType",
                    "expected 6 (QE report certification data), got " + certType);
        }
        int certSize = s.length32("signatureData.certificationDataSize", MAX_SIGNATURE_DATA);
        ByteReader c = s.slice(certSize, "signatureData.certificationData");
        s.expectEnd("signatureData");

        byte[] qeReportBytes = c.bytes(QeReport.SIZE, "qeCertificationData.qeReport");
        QeReport qeReport = qeReport(qeReportBytes);
        byte[] qeReportSignature = c.bytes(64, "qeCertificationData.qeReportSignature");
        int authSize = c.length16("qeCertificationData.qeAuthDataSize", MAX_AUTH_DATA);
        byte[] qeAuthData = c.bytes(authSize, "qeCertificationData.qeAuthData");
        int nestedAt = c.position();
        int nestedType = c.u16("qeCertificationData.certificationDataType");
        if (nestedType != CERT_TYPE_PCK_CHAIN) {
            throw new EvidenceFormatException(nestedAt, "qeCertificationData.certificationDataType",
                    "expected 5 (PCK certificate chain), got " + nestedType);
        }
        int pemSize = c.length32("qeCertificationData.certificationDataSize", MAX_SIGNATURE_DATA);
        byte[] pem = c.bytes(pemSize, "qeCertificationData.pckCertChain");
        c.expectEnd("qeCertificationData");
        List<X509Certificate> chain = Pem.certificates(pem, "qeCertificationData.pckCertChain");
        if (chain.size() < 2) {
            throw new EvidenceFormatException(nestedAt, "qeCertificationData.pckCertChain",
                    "expected the PCK leaf and its issuing CA, got " + chain.size() + " certificate(s)");
        }
        PckExtensions pck = PckExtensions.from(chain.get(0));
        return new TdxQuote(raw, signedLength, r.remaining(), header, body, signature, attestationKey, qeReport,
                qeReportSignature, qeAuthData, pem, List.copyOf(chain), pck);
    }

    private static TdxQuoteHeader header(ByteReader r, byte[] raw) throws EvidenceFormatException {
        int version = r.u16("header.version");
        if (version != 4 && version != 5) {
            throw new EvidenceFormatException(0, "header.version", "unsupported quote version " + version
                    + " (expected 4 or 5)");
        }
        int akType = r.u16("header.attestationKeyType");
        if (akType != TdxQuoteHeader.ATT_KEY_ECDSA_P256) {
            throw new EvidenceFormatException(2, "header.attestationKeyType", "unsupported attestation key type "
                    + akType + " (expected 2 = ECDSA-256-with-P-256)");
        }
        long tee = r.u32("header.teeType");
        if (tee != TdxQuoteHeader.TEE_TYPE_TDX) {
            throw new EvidenceFormatException(4, "header.teeType", String.format("TEE type 0x%x is not TDX (0x81)",
                    tee));
        }
        int qeSvn = r.u16("header.qeSvn");
        int pceSvn = r.u16("header.pceSvn");
        byte[] vendor = r.bytes(16, "header.qeVendorId");
        byte[] user = r.bytes(20, "header.userData");
        return new TdxQuoteHeader(version, akType, tee, qeSvn, pceSvn, vendor, user,
                Arrays.copyOf(raw, TdxQuoteHeader.SIZE));
    }

    private static TdReportBody body(ByteReader b, TdxBodyType type) throws EvidenceFormatException {
        byte[] teeTcbSvn = b.bytes(16, "body.teeTcbSvn");
        byte[] mrSeam = b.bytes(48, "body.mrSeam");
        byte[] mrSignerSeam = b.bytes(48, "body.mrSignerSeam");
        byte[] seamAttributes = b.bytes(8, "body.seamAttributes");
        byte[] tdAttributes = b.bytes(8, "body.tdAttributes");
        byte[] xfam = b.bytes(8, "body.xfam");
        byte[] mrTd = b.bytes(48, "body.mrTd");
        byte[] mrConfigId = b.bytes(48, "body.mrConfigId");
        byte[] mrOwner = b.bytes(48, "body.mrOwner");
        byte[] mrOwnerConfig = b.bytes(48, "body.mrOwnerConfig");
        List<byte[]> rtmrs = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            rtmrs.add(b.bytes(48, "body.rtmr" + i));
        }
        byte[] reportData = b.bytes(64, "body.reportData");
        Optional<byte[]> teeTcbSvn2 = Optional.empty();
        Optional<byte[]> mrServiceTd = Optional.empty();
        if (type == TdxBodyType.TD15) {
            teeTcbSvn2 = Optional.of(b.bytes(16, "body.teeTcbSvn2"));
            mrServiceTd = Optional.of(b.bytes(48, "body.mrServiceTd"));
        }
        b.expectEnd("body");
        return new TdReportBody(type, teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd,
                mrConfigId, mrOwner, mrOwnerConfig, rtmrs, reportData, teeTcbSvn2, mrServiceTd);
    }

    private static QeReport qeReport(byte[] bytes) throws EvidenceFormatException {
        ByteReader q = ByteReader.littleEndian(bytes);
        byte[] cpuSvn = q.bytes(16, "qeReport.cpuSvn");
        long miscSelect = q.u32("qeReport.miscSelect");
        q.skip(28, "qeReport.reserved1");
        byte[] attributes = q.bytes(16, "qeReport.attributes");
        byte[] mrEnclave = q.bytes(32, "qeReport.mrEnclave");
        q.skip(32, "qeReport.reserved2");
        byte[] mrSigner = q.bytes(32, "qeReport.mrSigner");
        q.skip(96, "qeReport.reserved3");
        int isvProdId = q.u16("qeReport.isvProdId");
        int isvSvn = q.u16("qeReport.isvSvn");
        q.skip(60, "qeReport.reserved4");
        byte[] reportData = q.bytes(64, "qeReport.reportData");
        q.expectEnd("qeReport");
        return new QeReport(cpuSvn, miscSelect, attributes, mrEnclave, mrSigner, isvProdId, isvSvn, reportData,
                bytes);
    }

    /** The quote bytes as received (for {@link #parseFromBuffer}: the whole buffer). */
    public byte[] raw() {
        return raw.clone();
    }

    /** Header and body exactly as received: what the attestation key signed. */
    public byte[] signedBytes() {
        return Arrays.copyOf(raw, signedLength);
    }

    /** Bytes after the quote; always 0 for {@link #parse}. */
    public int trailingBytes() {
        return trailingBytes;
    }

    public int version() {
        return header.version();
    }

    public TdxQuoteHeader header() {
        return header;
    }

    public TdReportBody body() {
        return body;
    }

    /** ECDSA P-256 signature r||s (32 + 32 bytes, big-endian) over {@link #signedBytes()}. */
    public byte[] signature() {
        return signature.clone();
    }

    /** Raw P-256 attestation public key X||Y (64 bytes). */
    public byte[] attestationKey() {
        return attestationKey.clone();
    }

    public QeReport qeReport() {
        return qeReport;
    }

    /** ECDSA P-256 signature r||s over {@link QeReport#raw()}, made with the PCK key. */
    public byte[] qeReportSignature() {
        return qeReportSignature.clone();
    }

    public byte[] qeAuthData() {
        return qeAuthData.clone();
    }

    /** The PEM certification data as received (may end with a NUL byte). */
    public byte[] pckChainPem() {
        return pckChainPem.clone();
    }

    /** PCK leaf first, then its CA(s), in the order they appear in the quote; unverified. */
    public List<X509Certificate> pckChain() {
        return pckChain;
    }

    /** SGX extension of the (unverified) PCK leaf: FMSPC, CPUSVN components, PCESVN. */
    public PckExtensions pckExtensions() {
        return pckExtensions;
    }
}
