package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The Intel SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1, "SGX PCK Certificate and
 * CRL Profile"): a SEQUENCE of (OID, value) pairs.
 * <pre>
 *   .1 PPID OCTET STRING(16)
 *   .2 TCB SEQUENCE { .2.1 .. .2.16 SGX TCB component SVNs INTEGER, .2.17 PCESVN INTEGER, .2.18 CPUSVN OCTET STRING(16) }
 *   .3 PCE-ID OCTET STRING(2)
 *   .4 FMSPC OCTET STRING(6)
 *   .5 SGX Type ENUMERATED (0 Standard, 1 Scalable, 2 Scalable with integrity)
 *   .6 PlatformInstanceID OCTET STRING(16)   (Platform CA-issued certificates only)
 *   .7 Configuration SEQUENCE                (Platform CA-issued certificates only; not read)
 * </pre>
 */
public record PckExtensions(byte[] ppid, int[] cpuSvnComponents, int pceSvn, byte[] cpuSvn, byte[] pceId,
                            byte[] fmspc, int sgxType, Optional<byte[]> platformInstanceId) {

    public static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";

    public PckExtensions {
        ppid = ppid.clone();
        cpuSvnComponents = cpuSvnComponents.clone();
        cpuSvn = cpuSvn.clone();
        pceId = pceId.clone();
        fmspc = fmspc.clone();
        platformInstanceId = platformInstanceId.map(byte[]::clone);
    }

    @Override public byte[] ppid() { return ppid.clone(); }
    @Override public int[] cpuSvnComponents() { return cpuSvnComponents.clone(); }
    @Override public byte[] cpuSvn() { return cpuSvn.clone(); }
    @Override public byte[] pceId() { return pceId.clone(); }
    @Override public byte[] fmspc() { return fmspc.clone(); }
    @Override public Optional<byte[]> platformInstanceId() { return platformInstanceId.map(byte[]::clone); }

    public String fmspcHex() {
        return HexFormat.of().formatHex(fmspc);
    }

    /** Reads the SGX extension of a PCK leaf certificate. */
    public static PckExtensions from(X509Certificate pck) throws EvidenceFormatException {
        String field = "pckCertificate.sgxExtensions";
        byte[] ext = pck.getExtensionValue(SGX_EXTENSION_OID);
        if (ext == null) {
            throw new EvidenceFormatException(field, "PCK certificate has no SGX extension " + SGX_EXTENSION_OID);
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
            Map<String, ASN1Encodable> top = pairs(ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(inner)));
            Map<String, ASN1Encodable> tcb = pairs(ASN1Sequence.getInstance(require(top, ".2", field)));
            int[] components = new int[16];
            for (int i = 0; i < 16; i++) {
                components[i] = svn(require(tcb, ".2." + (i + 1), field), 255, field + ".tcb.comp" + (i + 1));
            }
            int pceSvn = svn(require(tcb, ".2.17", field), 65535, field + ".tcb.pcesvn");
            byte[] cpuSvn = octets(require(tcb, ".2.18", field), 16, field + ".tcb.cpusvn");
            byte[] ppid = octets(require(top, ".1", field), 16, field + ".ppid");
            byte[] pceId = octets(require(top, ".3", field), 2, field + ".pceId");
            byte[] fmspc = octets(require(top, ".4", field), 6, field + ".fmspc");
            int sgxType = ASN1Enumerated.getInstance(require(top, ".5", field)).intValueExact();
            Optional<byte[]> instance = top.containsKey(".6")
                    ? Optional.of(octets(top.get(".6"), 16, field + ".platformInstanceId"))
                    : Optional.empty();
            return new PckExtensions(ppid, components, pceSvn, cpuSvn, pceId, fmspc, sgxType, instance);
        } catch (EvidenceFormatException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new EvidenceFormatException(field, "malformed SGX extension: " + e.getMessage(), e);
        }
    }

    /** Keys are the OID suffix after the SGX extension OID, e.g. ".2.17". */
    private static Map<String, ASN1Encodable> pairs(ASN1Sequence seq) throws EvidenceFormatException {
        Map<String, ASN1Encodable> out = new HashMap<>();
        for (ASN1Encodable e : seq) {
            ASN1Sequence pair = ASN1Sequence.getInstance(e);
            if (pair.size() != 2) {
                throw new EvidenceFormatException("pckCertificate.sgxExtensions", "extension entry is not an (OID, value) pair");
            }
            String oid = ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0)).getId();
            if (oid.startsWith(SGX_EXTENSION_OID + ".")) {
                out.put(oid.substring(SGX_EXTENSION_OID.length()), pair.getObjectAt(1));
            }
        }
        return out;
    }

    private static ASN1Encodable require(Map<String, ASN1Encodable> map, String suffix, String field)
            throws EvidenceFormatException {
        ASN1Encodable v = map.get(suffix);
        if (v == null) {
            throw new EvidenceFormatException(field, "missing " + SGX_EXTENSION_OID + suffix);
        }
        return v;
    }

    private static int svn(ASN1Encodable v, int max, String field) throws EvidenceFormatException {
        int value = ASN1Integer.getInstance(v).intValueExact();
        if (value < 0 || value > max) {
            throw new EvidenceFormatException(field, "SVN " + value + " out of range 0.." + max);
        }
        return value;
    }

    private static byte[] octets(ASN1Encodable v, int length, String field) throws EvidenceFormatException {
        byte[] b = ASN1OctetString.getInstance(v).getOctets();
        if (b.length != length) {
            throw new EvidenceFormatException(field, "expected " + length + " bytes, got " + b.length);
        }
        return b;
    }
}
