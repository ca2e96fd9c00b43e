package dev.trustedcompute.tpmquote.snp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes a raw ATTESTATION_REPORT as virtee/sev's serde JSON ({@code AttestationReport}), the way guest-components
 * sends it to Trustee, so that captured binary reports can drive {@link TrusteeSnpEvidence}. Reads the ABI offsets
 * directly (not through {@link SnpReport}), so a mistake on either side shows up as a signature failure.
 */
public final class SerdeReportJson {

    /** One {@code cert_chain} entry. */
    public record Cert(String type, byte[] der) {
    }

    private SerdeReportJson() {
    }

    public static String evidence(byte[] report, List<Cert> certs) {
        String chain = certs == null ? "null" : certs.stream()
                .map(c -> "{\"cert_type\":\"" + c.type() + "\",\"data\":" + ints(c.der()) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        return "{\"attestation_report\":" + report(report) + ",\"cert_chain\":" + chain + "}";
    }

    static String report(byte[] r) {
        ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt(0);
        boolean v3 = version >= 3;
        boolean turin = v3 && (r[0x188] & 0xff) >= 0x1A;
        StringBuilder j = new StringBuilder("{");
        j.append("\"version\":").append(version);
        j.append(",\"guest_svn\":").append(Integer.toUnsignedString(b.getInt(4)));
        j.append(",\"policy\":").append(Long.toUnsignedString(b.getLong(8)));
        j.append(",\"family_id\":").append(ints(r, 0x10, 16));
        j.append(",\"image_id\":").append(ints(r, 0x20, 16));
        j.append(",\"vmpl\":").append(b.getInt(0x30));
        j.append(",\"sig_algo\":").append(b.getInt(0x34));
        j.append(",\"current_tcb\":").append(tcb(r, 0x38, turin));
        j.append(",\"plat_info\":").append(Long.toUnsignedString(b.getLong(0x40)));
        j.append(",\"key_info\":").append(b.getInt(0x48));
        j.append(",\"report_data\":").append(ints(r, 0x50, 64));
        j.append(",\"measurement\":").append(ints(r, 0x90, 48));
        j.append(",\"host_data\":").append(ints(r, 0xC0, 32));
        j.append(",\"id_key_digest\":").append(ints(r, 0xE0, 48));
        j.append(",\"author_key_digest\":").append(ints(r, 0x110, 48));
        j.append(",\"report_id\":").append(ints(r, 0x140, 32));
        j.append(",\"report_id_ma\":").append(ints(r, 0x160, 32));
        j.append(",\"reported_tcb\":").append(tcb(r, 0x180, turin));
        j.append(",\"cpuid_fam_id\":").append(v3 ? r[0x188] & 0xff : "null");
        j.append(",\"cpuid_mod_id\":").append(v3 ? r[0x189] & 0xff : "null");
        j.append(",\"cpuid_step\":").append(v3 ? r[0x18A] & 0xff : "null");
        j.append(",\"chip_id\":").append(ints(r, 0x1A0, 64));
        j.append(",\"committed_tcb\":").append(tcb(r, 0x1E0, turin));
        j.append(",\"current\":").append(version(r, 0x1E8));
        j.append(",\"committed\":").append(version(r, 0x1EC));
        j.append(",\"launch_tcb\":").append(tcb(r, 0x1F0, turin));
        if (version >= 5) {
            j.append(",\"launch_mit_vector\":").append(Long.toUnsignedString(b.getLong(0x1F8)));
            j.append(",\"current_mit_vector\":").append(Long.toUnsignedString(b.getLong(0x200)));
        }
        j.append(",\"signature\":{\"r\":").append(ints(r, 0x2A0, 72)).append(",\"s\":").append(ints(r, 0x2E8, 72));
        return j.append("}}").toString();
    }

    private static String tcb(byte[] r, int at, boolean turin) {
        return turin
                ? "{\"fmc\":" + (r[at] & 0xff) + ",\"bootloader\":" + (r[at + 1] & 0xff) + ",\"tee\":" + (r[at + 2] & 0xff)
                        + ",\"snp\":" + (r[at + 3] & 0xff) + ",\"microcode\":" + (r[at + 7] & 0xff) + "}"
                : "{\"fmc\":null,\"bootloader\":" + (r[at] & 0xff) + ",\"tee\":" + (r[at + 1] & 0xff)
                        + ",\"snp\":" + (r[at + 6] & 0xff) + ",\"microcode\":" + (r[at + 7] & 0xff) + "}";
    }

    private static String version(byte[] r, int at) {
        return "{\"major\":" + (r[at + 2] & 0xff) + ",\"minor\":" + (r[at + 1] & 0xff) + ",\"build\":" + (r[at] & 0xff) + "}";
    }

    static String ints(byte[] bytes) {
        return ints(bytes, 0, bytes.length);
    }

    private static String ints(byte[] bytes, int from, int length) {
        return IntStream.range(from, from + length).mapToObj(i -> Integer.toString(bytes[i] & 0xff))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The DER certificates of a PEM or DER file, in order. */
    public static List<byte[]> der(byte[] pemOrDer) {
        String text = new String(pemOrDer, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            return List.of(pemOrDer);
        }
        return Arrays.stream(text.split("-----END CERTIFICATE-----"))
                .filter(part -> part.contains("-----BEGIN CERTIFICATE-----"))
                .map(part -> Base64.getMimeDecoder().decode(part.substring(part.indexOf("-----BEGIN CERTIFICATE-----")
                        + "-----BEGIN CERTIFICATE-----".length())))
                .toList();
    }
}
