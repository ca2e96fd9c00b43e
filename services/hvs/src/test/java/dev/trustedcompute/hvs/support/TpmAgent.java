package dev.trustedcompute.hvs.support;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.EvidenceAck;
import dev.trustedcompute.agentprotocol.EvidencePush;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.HostInfo;
import dev.trustedcompute.agentprotocol.NonceReply;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.PushReason;
import dev.trustedcompute.agentprotocol.QuoteReply;
import dev.trustedcompute.agentprotocol.QuoteRequest;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.agentprotocol.TpmQuote;
import dev.trustedcompute.tpmquote.tpm.PcrBank;
import dev.trustedcompute.tpmquote.tpm.Tpm2ToolsPcrs;
import dev.trustedcompute.testsupport.swtpm.Swtpm;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A trust agent made of tpm2-tools on a real swtpm, enough to drive HVS: an RSA EK (matching the EK certificate
 * swtpm_setup wrote) and named RSA AKs under it; credential activation; quotes over all sha256 PCRs with HVS's
 * nonce (extraData = SHA-256(nonce)); NATS request/reply as the contract says. The TPM has no resource manager,
 * so every TPM step is serialised on the {@link Swtpm}.
 */
public final class TpmAgent {

    static final String SELECTION = "sha256:" + IntStream.range(0, 24).mapToObj(Integer::toString)
            .collect(Collectors.joining(","));

    private final Swtpm tpm;

    public TpmAgent(Swtpm tpm) {
        this.tpm = tpm;
        synchronized (tpm) {
            tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
            tpm.flush();
        }
    }

    /** Creates a restricted RSA signing AK under the EK, in context file {@code <ak>.ctx}. */
    public void createAk(String ak) {
        synchronized (tpm) {
            tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", ak + ".ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa",
                    "-u", ak + ".pub", "-n", ak + ".name");
            tpm.flush();
        }
    }

    /** The EK's TPMT_PUBLIC (tpm2-tools writes a TPM2B_PUBLIC: the size prefix is dropped). */
    public byte[] ekPublic() {
        return tpmt(tpm.read("ek.pub"));
    }

    public byte[] akPublic(String ak) {
        return tpmt(tpm.read(ak + ".pub"));
    }

    public byte[] akName(String ak) {
        return tpm.read(ak + ".name");
    }

    /** DER of the RSA EK certificate swtpm_setup stored in NV 0x01c00002. */
    public byte[] ekCertificate() {
        synchronized (tpm) {
            tpm.tpm2("tpm2_nvread", "0x01c00002", "-C", "o", "-o", "ekcert.der");
            return tpm.read("ekcert.der");
        }
    }

    /** TPM2_ActivateCredential with AK {@code ak} and the EK (PolicySecret(endorsement) session); the tool's result. */
    public Swtpm.Result activate(String ak, byte[] credentialBlob, byte[] encryptedSecret) {
        synchronized (tpm) {
            byte[] file = concat(HexFormat.of().parseHex("badcc0de00000001"), credentialBlob, encryptedSecret);
            tpm.write("cred.in", file);
            tpm.tpm2("tpm2_startauthsession", "--policy-session", "-S", "session.ctx");
            tpm.tpm2("tpm2_policysecret", "-S", "session.ctx", "-c", "e");
            Swtpm.Result r = tpm.tpm2Result("tpm2_activatecredential", "-c", ak + ".ctx", "-C", "ek.ctx", "-i", "cred.in",
                    "-o", "cred.out", "-P", "session:session.ctx");
            tpm.tpm2Result("tpm2_flushcontext", "session.ctx");
            tpm.flush();
            return r;
        }
    }

    public byte[] activatedSecret() {
        return tpm.read("cred.out");
    }

    /** {@code POST /onboarding/challenges} for this TPM's EK and {@code akPublic}. */
    public HttpResponse<String> requestChallenge(HvsApi api, String token, String hostId, String hardwareUuid,
                                                 byte[] ekCertificate, byte[] akPublic) {
        String body = "{\"hostId\":\"" + hostId + "\",\"hostName\":\"" + hostId + "\",\"hardwareUuid\":\""
                + hardwareUuid + "\",\"ekPublic\":\"" + b64(ekPublic()) + "\","
                + (ekCertificate == null ? "" : "\"ekCertificate\":\"" + b64(ekCertificate) + "\",")
                + "\"akPublic\":\"" + b64(akPublic) + "\"}";
        return api.post("/hvs/v2/onboarding/challenges", body, token);
    }

    /**
     * Onboards host {@code hostId} with a new AK {@code ak}: challenge, real TPM2_ActivateCredential, answer.
     * Returns the answer ({@code hostUuid}, {@code akName}, {@code natsCredentials}).
     */
    public Map<String, Object> onboard(HvsApi api, String token, String hostId, String ak, boolean withEkCertificate) {
        createAk(ak);
        Map<String, Object> challenge = HvsApi.json(requestChallenge(api, token, hostId,
                UUID.nameUUIDFromBytes(hostId.getBytes(StandardCharsets.UTF_8)).toString(),
                withEkCertificate ? ekCertificate() : null, akPublic(ak)), 201);
        Swtpm.Result activated = activate(ak, Base64.getDecoder().decode((String) challenge.get("credentialBlob")),
                Base64.getDecoder().decode((String) challenge.get("encryptedSecret")));
        if (!activated.ok()) {
            throw new AssertionError("TPM2_ActivateCredential failed: " + activated.stderr());
        }
        return HvsApi.json(api.post("/hvs/v2/onboarding/challenges/" + challenge.get("challengeId") + "/response",
                "{\"secret\":\"" + b64(activatedSecret()) + "\"}", token), 200);
    }

    /** Evidence of host {@code hostId}: a quote by {@code ak} over all sha256 PCRs with extraData SHA-256(nonce). */
    public Evidence quote(String hostId, String ak, byte[] nonce) {
        synchronized (tpm) {
            tpm.tpm2("tpm2_quote", "-c", ak + ".ctx", "-l", SELECTION, "-q", HexFormat.of().formatHex(sha256(nonce)),
                    "-m", "q.msg", "-s", "q.sig", "-o", "q.pcrs", "-g", "sha256", "--scheme", "rsassa");
            tpm.flush();
            PcrBank bank;
            try {
                bank = Tpm2ToolsPcrs.parseSerialized(tpm.read("q.pcrs")).getFirst();
            } catch (Exception e) {
                throw new IllegalStateException("tpm2_quote wrote unreadable PCRs", e);
            }
            Map<String, String> values = new LinkedHashMap<>();
            bank.values().forEach((i, v) -> values.put(Integer.toString(i), HexFormat.of().formatHex(v)));
            return new Evidence(hostId, new TpmQuote(b64(tpm.read("q.msg")), b64(tpm.read("q.sig")),
                    Map.of("sha256", values)), null, hostInfo(hostId));
        }
    }

    /** Current sha256 PCR values (read through a quote by {@code ak}). */
    public Map<Integer, byte[]> pcrs(String ak) {
        synchronized (tpm) {
            Evidence e = quote("x", ak, new byte[16]);
            return e.quote().pcrs().get("sha256").entrySet().stream().collect(Collectors.toMap(
                    x -> Integer.parseInt(x.getKey()), x -> HexFormat.of().parseHex(x.getValue())));
        }
    }

    public void extendPcr16() {
        synchronized (tpm) {
            tpm.tpm2("tpm2_pcrextend", "16:sha256=" + "ab".repeat(32));
        }
    }

    public static HostInfo hostInfo(String hostId) {
        return new HostInfo(hostId, "4c4c4544-0051-3510-8057-b7c04f4b4d32", "Ubuntu", "24.04", "6.8.0", "SeaBIOS", "1.16",
                null, null, "2.0", List.of("tpm"), "boot-1", "test-agent");
    }

    /** A NATS connection with this host's credentials and the inbox prefix they allow. */
    public static Connection connect(String url, String credentials, HostId host) throws Exception {
        return Nats.connect(new Options.Builder().server(url).maxReconnects(0)
                .inboxPrefix(Subjects.agentInboxPrefix(host))
                .authHandler(Nats.staticCredentials(credentials.getBytes(StandardCharsets.UTF_8)))
                .build());
    }

    /** Answers {@code trust-agent.<host>.quote-request} with quotes by {@code ak}. */
    public void serveQuotes(Connection nats, Subjects subjects, HostId host, String ak) {
        nats.createDispatcher(request -> {
            try {
                QuoteRequest q = ProtocolJson.decode(request.getData(), QuoteRequest.class);
                Evidence evidence = quote(host.value(), ak, Base64.getDecoder().decode(q.nonce()));
                nats.publish(request.getReplyTo(), ProtocolJson.encode(QuoteReply.of(evidence)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).subscribe(subjects.quoteRequest(host));
    }

    /** Asks HVS for a nonce on {@code hvs.agents.<host>.nonce}. */
    public static NonceReply nonce(Connection nats, Subjects subjects, HostId host) throws Exception {
        Message reply = nats.request(subjects.nonceRequest(host), "{}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(10));
        return ProtocolJson.decode(reply.getData(), NonceReply.class);
    }

    /** Pushes {@code push} on {@code hvs.agents.<subjectHost>.evidence}. */
    public static EvidenceAck push(Connection nats, Subjects subjects, HostId subjectHost, EvidencePush push)
            throws Exception {
        Message reply = nats.request(subjects.evidencePush(subjectHost), ProtocolJson.encode(push), Duration.ofSeconds(10));
        return ProtocolJson.decode(reply.getData(), EvidenceAck.class);
    }

    /** Nonce, quote by {@code ak}, push: what an agent does on boot. */
    public EvidencePush freshPush(Connection nats, Subjects subjects, HostId host, String ak) throws Exception {
        NonceReply nonce = nonce(nats, subjects, host);
        if (nonce.error() != null) {
            throw new IllegalStateException("HVS refused a nonce: " + nonce.error());
        }
        return new EvidencePush(nonce.nonce(), PushReason.BOOT,
                quote(host.value(), ak, Base64.getDecoder().decode(nonce.nonce())));
    }

    private static byte[] tpmt(byte[] tpm2b) {
        return Arrays.copyOfRange(tpm2b, 2, tpm2b.length);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
