package dev.trustedcompute.trustagent.evidence;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evidence in the shape of Trustee's {@code snp} attester: the serde JSON of virtee/sev's {@code AttestationReport}
 * (byte arrays as arrays of integers, TCBs split into levels) and the certificate table as {@code cert_chain}.
 * The inverse of libs/tpm-quote's {@code TrusteeSnpEvidence} parser, which writes the fields back into the signed
 * 1184-byte layout, so a field this class left out or moved would break the report's signature.
 */
public final class TrusteeSnpEvidence {

    /** CPUID family from which the TCB carries an FMC level (Turin). */
    private static final int TURIN_FAMILY = 0x1A;
    private static final int CERT_TABLE_ENTRY = 24;
    /**
     * GUIDs of the extended report's certificate table (GHCB specification, MSG_REPORT_REQ), in the RFC 4122 byte
     * order the table uses (as go-sev-guest reads it). Other entries (e.g. extra platform info) are no certificates.
     */
    private static final Map<String, String> CERTIFICATE_TYPES = Map.of(
            "63da758de6644564adc5f4b93be8accd", "VCEK",
            "a8074bc2a25a483eaae639c045a0b8a1", "VLEK",
            "4ab7b379bbac4fe4a02f05aef327c782", "ASK",
            "c0b406a4a803495297433fb6014cd0ae", "ARK");

    private TrusteeSnpEvidence() {
    }

    public static Map<String, Object> of(byte[] report, Optional<byte[]> certificateTable) throws AgentException {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("attestation_report", report(report));
        evidence.put("cert_chain", certificateTable.isEmpty() ? null : certificates(certificateTable.get()));
        return evidence;
    }

    private static Map<String, Object> report(byte[] raw) {
        ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long version = Integer.toUnsignedLong(in.getInt(0));
        boolean cpuid = version >= 3;
        boolean turin = cpuid && (raw[0x188] & 0xff) >= TURIN_FAMILY;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", version);
        r.put("guest_svn", Integer.toUnsignedLong(in.getInt(0x04)));
        r.put("policy", in.getLong(0x08));
        r.put("family_id", bytes(raw, 0x10, 16));
        r.put("image_id", bytes(raw, 0x20, 16));
        r.put("vmpl", Integer.toUnsignedLong(in.getInt(0x30)));
        r.put("sig_algo", Integer.toUnsignedLong(in.getInt(0x34)));
        r.put("current_tcb", tcb(raw, 0x38, turin));
        r.put("plat_info", in.getLong(0x40));
        r.put("key_info", Integer.toUnsignedLong(in.getInt(0x48)));
        r.put("report_data", bytes(raw, 0x50, 64));
        r.put("measurement", bytes(raw, 0x90, 48));
        r.put("host_data", bytes(raw, 0xC0, 32));
        r.put("id_key_digest", bytes(raw, 0xE0, 48));
        r.put("author_key_digest", bytes(raw, 0x110, 48));
        r.put("report_id", bytes(raw, 0x140, 32));
        r.put("report_id_ma", bytes(raw, 0x160, 32));
        r.put("reported_tcb", tcb(raw, 0x180, turin));
        r.put("cpuid_fam_id", cpuid ? raw[0x188] & 0xff : null);
        r.put("cpuid_mod_id", cpuid ? raw[0x189] & 0xff : null);
        r.put("cpuid_step", cpuid ? raw[0x18A] & 0xff : null);
        r.put("chip_id", bytes(raw, 0x1A0, 64));
        r.put("committed_tcb", tcb(raw, 0x1E0, turin));
        r.put("current", version(raw, 0x1E8));
        r.put("committed", version(raw, 0x1EC));
        r.put("launch_tcb", tcb(raw, 0x1F0, turin));
        if (version >= 5) {
            r.put("launch_mit_vector", in.getLong(0x1F8));
            r.put("current_mit_vector", in.getLong(0x200));
        }
        r.put("signature", Map.of("r", bytes(raw, 0x2A0, 72), "s", bytes(raw, 0x2E8, 72)));
        return r;
    }

    /** TCB_VERSION: Milan/Genoa {bl, tee, 0 x4, snp, ucode}; Turin {fmc, bl, tee, snp, 0 x3, ucode}. */
    private static Map<String, Object> tcb(byte[] raw, int at, boolean turin) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("fmc", turin ? raw[at] & 0xff : null);
        t.put("bootloader", raw[at + (turin ? 1 : 0)] & 0xff);
        t.put("tee", raw[at + (turin ? 2 : 1)] & 0xff);
        t.put("snp", raw[at + (turin ? 3 : 6)] & 0xff);
        t.put("microcode", raw[at + 7] & 0xff);
        return t;
    }

    /** CURRENT/COMMITTED firmware version: build, minor, major. */
    private static Map<String, Object> version(byte[] raw, int at) {
        return Map.of("build", raw[at] & 0xff, "minor", raw[at + 1] & 0xff, "major", raw[at + 2] & 0xff);
    }

    /**
     * The certificate table: entries {GUID (16), offset (u32 LE), length (u32 LE)} up to an all-zero entry; offsets
     * are relative to the table's start.
     */
    private static List<Map<String, Object>> certificates(byte[] table) throws AgentException {
        ByteBuffer in = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        List<Map<String, Object>> chain = new ArrayList<>();
        for (int at = 0; ; at += CERT_TABLE_ENTRY) {
            if (at + CERT_TABLE_ENTRY > table.length) {
                throw malformed("no terminating entry after " + chain.size() + " certificates");
            }
            byte[] guid = Arrays.copyOfRange(table, at, at + 16);
            long offset = Integer.toUnsignedLong(in.getInt(at + 16));
            long length = Integer.toUnsignedLong(in.getInt(at + 20));
            if (Arrays.equals(guid, new byte[16]) && offset == 0 && length == 0) {
                return chain;
            }
            if (offset + length > table.length) {
                throw malformed("entry " + (at / CERT_TABLE_ENTRY) + " points past the table's " + table.length
                        + " bytes");
            }
            String type = CERTIFICATE_TYPES.get(HexFormat.of().formatHex(guid));
            if (type != null) {
                chain.add(Map.of("cert_type", type,
                        "data", bytes(table, (int) offset, (int) length)));
            }
        }
    }

    private static AgentException malformed(String detail) {
        return new AgentException(Failure.TEE_UNAVAILABLE, "the host's SNP certificate table is malformed: " + detail);
    }

    private static int[] bytes(byte[] raw, int at, int length) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = raw[at + i] & 0xff;
        }
        return out;
    }
}
