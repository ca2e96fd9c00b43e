package dev.trustedcompute.hvs.rules;

import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.tpmquote.eventlog.DigestAlgorithm;
import dev.trustedcompute.tpmquote.eventlog.EventDigest;
import dev.trustedcompute.tpmquote.eventlog.EventLog;
import dev.trustedcompute.tpmquote.eventlog.TcgEvent;
import dev.trustedcompute.tpmquote.tpm.AkPublic;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.QuotedPcrs;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmsAttest;
import dev.trustedcompute.tpmquote.tpm.TpmtSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Host manifests built from the real GCE COS-85 capture in {@code src/test/resources/evidence} (see PROVENANCE.md):
 * the quotes are verified with the capture's AK and nonce, as HVS's verification step would.
 * {@code GceManifests.gce().banks(TpmHash.SHA256).eventLog(null).build()}.
 */
public final class GceManifests {

    static final String DIR = "evidence/gce-cos-85-nonce9009/";
    public static final UUID HOST_ID = UUID.fromString("0198a1c2-0000-7000-8000-000000000001");
    public static final String HARDWARE_UUID = "4c4c4544-0042-3510-8052-b4c04f4a4e31";

    private UUID hostId = HOST_ID;
    private Set<UUID> groups = Set.of();
    private List<TpmHash> banks = List.of(TpmHash.SHA1, TpmHash.SHA256, TpmHash.SHA384);
    private byte[] eventLog = eventLogBytes();
    private HostInfo hostInfo = hostInfo().build();

    private GceManifests() {
    }

    public static GceManifests gce() {
        return new GceManifests();
    }

    public GceManifests hostId(UUID id) {
        this.hostId = id;
        return this;
    }

    public GceManifests groups(UUID... ids) {
        this.groups = Set.of(ids);
        return this;
    }

    public GceManifests banks(TpmHash... quoted) {
        this.banks = List.of(quoted);
        return this;
    }

    public GceManifests eventLog(byte[] log) {
        this.eventLog = log;
        return this;
    }

    public GceManifests hostInfo(HostInfo info) {
        this.hostInfo = info;
        return this;
    }

    public HostManifest build() {
        List<QuotedPcrs> quotes = new ArrayList<>();
        for (TpmHash bank : banks) {
            quotes.add(quote(bank));
        }
        return new HostManifest(hostId, "gce-cos-85", groups, quotes, eventLog, hostInfo);
    }

    /** The capture's quote of {@code bank}, verified with its AK and nonce 0x9009. */
    public static QuotedPcrs quote(TpmHash bank) {
        JsonNode expected = json().get("quotes").get(bank.label());
        TreeMap<Integer, byte[]> values = new TreeMap<>();
        expected.get("pcrs").properties().forEach(e -> values.put(Integer.parseInt(e.getKey()),
                HexFormat.of().parseHex(e.getValue().asString())));
        try {
            return AkPublic.parse(bytes("ak_pub.tpmt_public.bin")).verify(
                    TpmsAttest.parse(bytes(expected.get("file_attest").asString())),
                    TpmtSignature.parse(bytes(expected.get("file_sig").asString())),
                    new PcrBank(bank, values), HexFormat.of().parseHex("9009"));
        } catch (Exception e) {
            throw new IllegalStateException("the GCE capture no longer verifies", e);
        }
    }

    /** The quoted value of {@code pcr} in {@code bank}, lower-case hex. */
    public static String pcr(TpmHash bank, int pcr) {
        return json().get("quotes").get(bank.label()).get("pcrs").get(Integer.toString(pcr)).asString();
    }

    /** What the agent on the captured VM would report (the capture has no host info; these values are chosen). */
    public static HostInfoBuilder hostInfo() {
        return new HostInfoBuilder();
    }

    public static byte[] eventLogBytes() {
        return bytes("event_log.bin");
    }

    /**
     * The event log with one bit of the {@code bank} digest of the first event of {@code pcr} flipped: the log then
     * claims a different measurement than the one the quoted PCR holds.
     */
    public static byte[] eventLogWithChangedEvent(int pcr, TpmHash bank) {
        byte[] log = eventLogBytes();
        try {
            EventLog parsed = EventLog.parse(log);
            TcgEvent event = parsed.unverifiedEvents().stream()
                    .filter(e -> e.pcrIndex() == pcr && e.digest(algorithm(bank)).isPresent()).findFirst().orElseThrow();
            int at = event.offset() + 12;  // pcrIndex, eventType, digest count
            for (EventDigest d : event.digests()) {
                if (d.algorithm().equals(algorithm(bank))) {
                    log[at + 2] ^= 0x01;
                    return log;
                }
                at += 2 + d.algorithm().size();
            }
            throw new IllegalStateException("no " + bank + " digest");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DigestAlgorithm algorithm(TpmHash bank) {
        return DigestAlgorithm.known(bank.algId()).orElseThrow();
    }

    private static JsonNode json() {
        return new ObjectMapper().readTree(bytes("EXPECTED.json"));
    }

    static byte[] bytes(String file) {
        try (InputStream in = GceManifests.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + DIR + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Host info with the captured VM's plausible values; change one field per test. */
    public static final class HostInfoBuilder {
        private String osName = "Container-Optimized OS";
        private String osVersion = "85";
        private String kernelVersion = "5.4.109+";
        private String biosVendor = "Google";
        private String biosVersion = "Google";
        private Boolean secureBoot = true;
        private String tpmVersion = "2.0";
        private String hardwareUuid = HARDWARE_UUID;
        private List<String> tees = List.of("tpm");

        public HostInfoBuilder osName(String v) {
            osName = v;
            return this;
        }

        public HostInfoBuilder osVersion(String v) {
            osVersion = v;
            return this;
        }

        public HostInfoBuilder kernelVersion(String v) {
            kernelVersion = v;
            return this;
        }

        public HostInfoBuilder biosVersion(String v) {
            biosVersion = v;
            return this;
        }

        public HostInfoBuilder secureBoot(Boolean v) {
            secureBoot = v;
            return this;
        }

        public HostInfoBuilder tpmVersion(String v) {
            tpmVersion = v;
            return this;
        }

        public HostInfoBuilder hardwareUuid(String v) {
            hardwareUuid = v;
            return this;
        }

        public HostInfoBuilder tees(String... v) {
            tees = List.of(v);
            return this;
        }

        public HostInfo build() {
            return new HostInfo("gce-cos-85", hardwareUuid, osName, osVersion, kernelVersion, biosVendor, biosVersion,
                    secureBoot, null, tpmVersion, tees, "boot-1", "0.1.0");
        }
    }
}
