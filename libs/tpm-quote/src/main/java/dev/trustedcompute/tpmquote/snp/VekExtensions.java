package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.util.Optional;
import java.util.OptionalInt;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;

/**
 * The AMD extensions of a VCEK or VLEK certificate (AMD "Versioned Chip Endorsement Key (VCEK) Certificate
 * and KDS Interface Specification"):
 * <pre>
 *   1.3.6.1.4.1.3704.1.1     structVersion  INTEGER
 *   1.3.6.1.4.1.3704.1.2     productName    IA5String, e.g. "Milan-B0", "Turin"
 *   1.3.6.1.4.1.3704.1.3.1   blSPL          INTEGER
 *   1.3.6.1.4.1.3704.1.3.2   teeSPL         INTEGER
 *   1.3.6.1.4.1.3704.1.3.3   snpSPL         INTEGER
 *   1.3.6.1.4.1.3704.1.3.8   ucodeSPL       INTEGER
 *   1.3.6.1.4.1.3704.1.3.9   fmcSPL         INTEGER (Turin and later)
 *   1.3.6.1.4.1.3704.1.4     hwID           the chip id: 64 bytes (Milan, Genoa) or 8 bytes (Turin); VCEK only
 * </pre>
 * The hwID extension value holds the raw bytes; a DER OCTET STRING wrapping them is accepted too.
 */
public final class VekExtensions {

    private static final String AMD = "1.3.6.1.4.1.3704.1.";
    static final ASN1ObjectIdentifier PRODUCT_NAME = new ASN1ObjectIdentifier(AMD + "2");
    static final ASN1ObjectIdentifier BL_SPL = new ASN1ObjectIdentifier(AMD + "3.1");
    static final ASN1ObjectIdentifier TEE_SPL = new ASN1ObjectIdentifier(AMD + "3.2");
    static final ASN1ObjectIdentifier SNP_SPL = new ASN1ObjectIdentifier(AMD + "3.3");
    static final ASN1ObjectIdentifier UCODE_SPL = new ASN1ObjectIdentifier(AMD + "3.8");
    static final ASN1ObjectIdentifier FMC_SPL = new ASN1ObjectIdentifier(AMD + "3.9");
    static final ASN1ObjectIdentifier HW_ID = new ASN1ObjectIdentifier(AMD + "4");

    private final Optional<String> productName;
    private final int bootloader;
    private final int tee;
    private final int snp;
    private final int microcode;
    private final OptionalInt fmc;
    private final Optional<byte[]> hwId;

    private VekExtensions(Optional<String> productName, int bootloader, int tee, int snp, int microcode,
            OptionalInt fmc, Optional<byte[]> hwId) {
        this.productName = productName;
        this.bootloader = bootloader;
        this.tee = tee;
        this.snp = snp;
        this.microcode = microcode;
        this.fmc = fmc;
        this.hwId = hwId;
    }

    /** Reads the extensions of a VCEK/VLEK; the four SPLs common to all products are required. */
    public static VekExtensions of(AmdCertificate vek) throws EvidenceFormatException {
        String field = "VEK '" + vek.subjectCommonName() + "'";
        byte[] productNameValue = vek.extensionValue(PRODUCT_NAME);
        Optional<String> productName = productNameValue == null
                ? Optional.empty()
                : Optional.of(string(productNameValue, field + " productName"));
        byte[] fmcValue = vek.extensionValue(FMC_SPL);
        OptionalInt fmc = fmcValue == null ? OptionalInt.empty() : OptionalInt.of(spl(fmcValue, field + " fmcSPL"));
        byte[] hwIdValue = vek.extensionValue(HW_ID);
        Optional<byte[]> hwId = hwIdValue == null ? Optional.empty() : Optional.of(hwId(hwIdValue, field + " hwID"));
        return new VekExtensions(productName,
                spl(required(vek, BL_SPL, field + " blSPL"), field + " blSPL"),
                spl(required(vek, TEE_SPL, field + " teeSPL"), field + " teeSPL"),
                spl(required(vek, SNP_SPL, field + " snpSPL"), field + " snpSPL"),
                spl(required(vek, UCODE_SPL, field + " ucodeSPL"), field + " ucodeSPL"),
                fmc, hwId);
    }

    private static byte[] required(AmdCertificate vek, ASN1ObjectIdentifier oid, String field)
            throws EvidenceFormatException {
        byte[] value = vek.extensionValue(oid);
        if (value == null) {
            throw new EvidenceFormatException(field, "extension " + oid.getId() + " is missing");
        }
        return value;
    }

    private static int spl(byte[] value, String field) throws EvidenceFormatException {
        ASN1Primitive primitive = primitive(value, field);
        if (!(primitive instanceof ASN1Integer integer)) {
            throw new EvidenceFormatException(field, "expected a DER INTEGER");
        }
        java.math.BigInteger spl = integer.getValue();
        if (spl.signum() < 0 || spl.bitLength() > 8) {
            throw new EvidenceFormatException(field, "security patch level " + spl + " is outside 0-255");
        }
        return spl.intValue();
    }

    private static String string(byte[] value, String field) throws EvidenceFormatException {
        ASN1Primitive primitive = primitive(value, field);
        if (!(primitive instanceof ASN1IA5String) && !(primitive instanceof ASN1String)) {
            throw new EvidenceFormatException(field, "expected a string");
        }
        return ((ASN1String) primitive).getString();
    }

    private static byte[] hwId(byte[] value, String field) throws EvidenceFormatException {
        if (value.length == 64 || value.length == 8) {
            return value.clone();
        }
        ASN1Primitive primitive = primitive(value, field);
        if (primitive instanceof ASN1OctetString octets
                && (octets.getOctets().length == 64 || octets.getOctets().length == 8)) {
            return octets.getOctets().clone();
        }
        throw new EvidenceFormatException(field, "expected 64 or 8 bytes of chip id, got " + value.length + " bytes");
    }

    private static ASN1Primitive primitive(byte[] value, String field) throws EvidenceFormatException {
        try {
            return ASN1Primitive.fromByteArray(value);
        } catch (java.io.IOException | RuntimeException e) {
            throw new EvidenceFormatException(field, "malformed DER: " + e.getMessage(), e);
        }
    }

    /** productName (1.3.6.1.4.1.3704.1.2), e.g. {@code Milan-B0}; VLEKs may lack it. */
    public Optional<String> productName() {
        return productName;
    }

    public int bootloader() {
        return bootloader;
    }

    public int tee() {
        return tee;
    }

    public int snp() {
        return snp;
    }

    public int microcode() {
        return microcode;
    }

    /** fmcSPL, present on Turin and later. */
    public OptionalInt fmc() {
        return fmc;
    }

    /** hwID (a copy), present on VCEKs only. */
    public Optional<byte[]> hwId() {
        return hwId.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return (fmc.isPresent() ? "fmc=" + fmc.getAsInt() + " " : "")
                + "bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
    }
}
