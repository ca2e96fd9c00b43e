package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;
import dev.trustedcompute.tpmquote.SnpEvidence;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses Trustee's {@code snp} evidence: the serde JSON of virtee/sev's {@code AttestationReport} and the
 * extended report's certificate table (guest-components {@code attester/src/snp}, trustee
 * {@code deps/verifier/src/snp}):
 * <pre>
 * {"attestation_report": {"version": 3, "guest_svn": 0, "policy": 196608, "family_id": [16 bytes], "image_id": [16],
 *     "vmpl": 0, "sig_algo": 1, "current_tcb": TCB, "plat_info": 37, "key_info": 0, "report_data": [64],
 *     "measurement": [48], "host_data": [32], "id_key_digest": [48], "author_key_digest": [48], "report_id": [32],
 *     "report_id_ma": [32], "reported_tcb": TCB, "cpuid_fam_id": 25|null, "cpuid_mod_id": 1|null,
 *     "cpuid_step": 1|null, "chip_id": [64], "committed_tcb": TCB, "current": VER, "committed": VER,
 *     "launch_tcb": TCB, "signature": {"r": [72, little-endian], "s": [72]},
 *     "launch_mit_vector": n, "current_mit_vector": n},          (the last two optional, version 5)
 *  "cert_chain": [{"cert_type": "VCEK"|"VLEK"|"ASK"|"ASVK"|"ARK", "data": [DER bytes]}, ...] | null}
 * TCB = {"fmc": n|null, "bootloader": n, "tee": n, "snp": n, "microcode": n}     VER = {"major", "minor", "build"}
 * </pre>
 * The signature covers the binary report, so the fields are written back into the 1184-byte ABI layout (reserved
 * bytes zero, as the firmware writes them) and that is parsed by {@link SnpReport#parse}; a JSON that does not
 * round-trip to what the firmware signed fails the signature check. A TCB with an {@code fmc} is written in
 * Turin's byte layout, one without in Milan/Genoa's; the CPUID family must agree. Byte arrays are serde's
 * arrays of integers 0-255. Unknown members are malformed.
 */
public final class TrusteeSnpEvidence {

    /** Real evidence with a VCEK, ASK and ARK as integer arrays is about 40 KB. */
    static final int MAX_DOCUMENT = 512 * 1024;
    private static final int MAX_CERTIFICATE = 16 * 1024;
    private static final int MAX_CERTIFICATES = 8;
    private static final Set<String> REPORT_MEMBERS = Set.of("version", "guest_svn", "policy", "family_id", "image_id",
            "vmpl", "sig_algo", "current_tcb", "plat_info", "key_info", "report_data", "measurement", "host_data",
            "id_key_digest", "author_key_digest", "report_id", "report_id_ma", "reported_tcb", "cpuid_fam_id",
            "cpuid_mod_id", "cpuid_step", "chip_id", "committed_tcb", "current", "committed", "launch_tcb", "signature",
            "launch_mit_vector", "current_mit_vector");
    private static final Set<String> TCB_MEMBERS = Set.of("fmc", "bootloader", "tee", "snp", "microcode");
    /** First CPUID family of Turin, whose TCB layout carries an FMC level. */
    private static final int TURIN_FAMILY = 0x1A;

    private TrusteeSnpEvidence() {
    }

    /** {@code snp} evidence (UTF-8 JSON). */
    public static SnpEvidence parse(byte[] json) throws EvidenceFormatException {
        JsonFields evidence = JsonFields.document(json, "snp evidence", MAX_DOCUMENT);
        evidence.requireExactly(Set.of("attestation_report", "cert_chain"));
        SnpReport report = SnpReport.parse(encode(evidence.object("attestation_report")));
        Optional<SnpCertificates> certificates = evidence.isNull("cert_chain")
                ? Optional.empty() : certificates(evidence);
        return new SnpEvidence(report, certificates);
    }

    /** The report fields in the ABI byte layout (see {@link SnpReport} for the offsets). */
    static byte[] encode(JsonFields r) throws EvidenceFormatException {
        r.requireOnly(REPORT_MEMBERS);
        long version = r.unsigned("version", 32);
        ByteBuffer out = ByteBuffer.allocate(SnpReport.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        boolean hasCpuid = !r.isNull("cpuid_fam_id");
        boolean turin = !r.object("current_tcb").isNull("fmc");
        if (hasCpuid != version >= 3 || hasCpuid != !r.isNull("cpuid_mod_id") || hasCpuid != !r.isNull("cpuid_step")) {
            throw new EvidenceFormatException(r.path() + ".cpuid_*", "CPUID fields are present exactly in version 3 "
                    + "and later reports (version " + version + ")");
        }
        if (hasCpuid && (r.unsigned("cpuid_fam_id", 8) >= TURIN_FAMILY) != turin) {
            throw new EvidenceFormatException(r.path() + ".current_tcb.fmc", "an FMC level is present exactly on "
                    + "Turin and later (CPUID family 0x" + Long.toHexString(r.unsigned("cpuid_fam_id", 8)) + ")");
        }
        out.putInt((int) version);
        out.putInt((int) r.unsigned("guest_svn", 32));
        out.putLong(r.unsigned("policy", 64));
        out.put(exact(r, "family_id", 16));
        out.put(exact(r, "image_id", 16));
        out.putInt((int) r.unsigned("vmpl", 32));
        out.putInt((int) r.unsigned("sig_algo", 32));
        out.put(tcb(r.object("current_tcb"), turin));
        out.putLong(r.unsigned("plat_info", 64));
        out.putInt((int) r.unsigned("key_info", 32));
        out.position(0x50);
        out.put(exact(r, "report_data", 64));
        out.put(exact(r, "measurement", 48));
        out.put(exact(r, "host_data", 32));
        out.put(exact(r, "id_key_digest", 48));
        out.put(exact(r, "author_key_digest", 48));
        out.put(exact(r, "report_id", 32));
        out.put(exact(r, "report_id_ma", 32));
        out.put(tcb(r.object("reported_tcb"), turin));
        if (hasCpuid) {
            out.put((byte) r.unsigned("cpuid_fam_id", 8));
            out.put((byte) r.unsigned("cpuid_mod_id", 8));
            out.put((byte) r.unsigned("cpuid_step", 8));
        }
        out.position(0x1A0);
        out.put(exact(r, "chip_id", 64));
        out.put(tcb(r.object("committed_tcb"), turin));
        out.put(firmwareVersion(r.object("current")));
        out.position(0x1EC);
        out.put(firmwareVersion(r.object("committed")));
        out.position(0x1F0);
        out.put(tcb(r.object("launch_tcb"), turin));
        if (r.has("launch_mit_vector") || r.has("current_mit_vector")) {
            out.putLong(r.unsigned("launch_mit_vector", 64));
            out.putLong(r.unsigned("current_mit_vector", 64));
        }
        JsonFields signature = r.object("signature");
        signature.requireExactly(Set.of("r", "s"));
        out.position(SnpReport.SIGNED_LENGTH);
        out.put(exact(signature, "r", 72));
        out.put(exact(signature, "s", 72));
        return out.array();
    }

    private static byte[] exact(JsonFields fields, String key, int length) throws EvidenceFormatException {
        byte[] bytes = fields.byteArray(key, length);
        if (bytes.length != length) {
            throw new EvidenceFormatException(fields.value(key).start(), fields.path() + "." + key, bytes.length
                    + " bytes, expected " + length);
        }
        return bytes;
    }

    /** TCB_VERSION: Milan/Genoa {bl, tee, 0 x4, snp, ucode}; Turin {fmc, bl, tee, snp, 0 x3, ucode}. */
    private static byte[] tcb(JsonFields t, boolean turin) throws EvidenceFormatException {
        t.requireOnly(TCB_MEMBERS);
        if (t.isNull("fmc") == turin) {
            throw new EvidenceFormatException(t.path() + ".fmc", "every TCB of a report has an FMC level or none does");
        }
        byte bl = (byte) t.unsigned("bootloader", 8);
        byte tee = (byte) t.unsigned("tee", 8);
        byte snp = (byte) t.unsigned("snp", 8);
        byte ucode = (byte) t.unsigned("microcode", 8);
        return turin
                ? new byte[] {(byte) t.unsigned("fmc", 8), bl, tee, snp, 0, 0, 0, ucode}
                : new byte[] {bl, tee, 0, 0, 0, 0, snp, ucode};
    }

    /** CURRENT/COMMITTED version: build, minor, major. */
    private static byte[] firmwareVersion(JsonFields v) throws EvidenceFormatException {
        v.requireExactly(Set.of("major", "minor", "build"));
        return new byte[] {(byte) v.unsigned("build", 8), (byte) v.unsigned("minor", 8), (byte) v.unsigned("major", 8)};
    }

    private static Optional<SnpCertificates> certificates(JsonFields evidence) throws EvidenceFormatException {
        List<Json.Value> entries = evidence.array("cert_chain");
        if (entries.size() > MAX_CERTIFICATES) {
            throw new EvidenceFormatException(evidence.value("cert_chain").start(), "cert_chain", entries.size()
                    + " certificates exceed the maximum " + MAX_CERTIFICATES);
        }
        AmdCertificate vek = null;
        List<AmdCertificate> chain = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonFields entry = new JsonFields(entries.get(i), "cert_chain[" + i + "]");
            entry.requireExactly(Set.of("cert_type", "data"));
            String type = entry.string("cert_type");
            AmdCertificate certificate = AmdCertificate.parse(entry.byteArray("data", MAX_CERTIFICATE),
                    entry.path() + ".data");
            switch (type) {
                case "VCEK", "VLEK" -> {
                    if (vek != null) {
                        throw new EvidenceFormatException(entry.path(), "a second VCEK/VLEK");
                    }
                    vek = certificate;
                }
                case "ASK", "ASVK", "ARK" -> chain.add(certificate);
                default -> throw new EvidenceFormatException(entry.value("cert_type").start(), entry.path()
                        + ".cert_type", "'" + type + "' is not one of VCEK, VLEK, ASK, ASVK, ARK");
            }
        }
        if (vek == null) {
            if (!chain.isEmpty()) {
                throw new EvidenceFormatException("cert_chain", "has AMD CA certificates but no VCEK or VLEK");
            }
            return Optional.empty();
        }
        return Optional.of(SnpCertificates.of(vek, chain));
    }
}
