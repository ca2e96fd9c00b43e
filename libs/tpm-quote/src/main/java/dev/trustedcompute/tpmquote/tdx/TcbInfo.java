package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Json;
import dev.trustedcompute.tpmquote.JsonFields;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Intel PCS TDX TCB Info, version 3 ({@code GET /tdx/certification/v4/tcb}), parsed but NOT verified.
 * The response is {@code {"tcbInfo":{...},"signature":"<hex r||s>"}}; the ECDSA P-256 signature of the
 * Intel SGX TCB Signing key covers the exact bytes of the {@code tcbInfo} value as it appears in the
 * response, kept in {@link #signedBytes()}.
 *
 * @param tdxModule           {@code tdxModule}: expected MRSIGNERSEAM / SEAMATTRIBUTES for module version 0
 * @param tdxModuleIdentities {@code tdxModuleIdentities}: per TDX module major version ("TDX_01", ...)
 */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, byte[] fmspc, byte[] pceId,
                      int tcbType, int tcbEvaluationDataNumber, Optional<TdxModule> tdxModule,
                      List<TdxModuleIdentity> tdxModuleIdentities, List<TcbLevel> tcbLevels,
                      byte[] signedBytes, byte[] signature) {

    public TcbInfo {
        fmspc = fmspc.clone();
        pceId = pceId.clone();
        tdxModuleIdentities = List.copyOf(tdxModuleIdentities);
        tcbLevels = List.copyOf(tcbLevels);
        signedBytes = signedBytes.clone();
        signature = signature.clone();
    }

    @Override public byte[] fmspc() { return fmspc.clone(); }
    @Override public byte[] pceId() { return pceId.clone(); }
    @Override public byte[] signedBytes() { return signedBytes.clone(); }
    @Override public byte[] signature() { return signature.clone(); }

    public String fmspcHex() {
        return HexFormat.of().formatHex(fmspc);
    }

    /** {@code tdxModule}: MRSIGNERSEAM (48), SEAMATTRIBUTES (8) and its mask (8). */
    public record TdxModule(byte[] mrSigner, byte[] attributes, byte[] attributesMask) {
        public TdxModule {
            mrSigner = mrSigner.clone();
            attributes = attributes.clone();
            attributesMask = attributesMask.clone();
        }

        @Override public byte[] mrSigner() { return mrSigner.clone(); }
        @Override public byte[] attributes() { return attributes.clone(); }
        @Override public byte[] attributesMask() { return attributesMask.clone(); }
    }

    /** {@code tdxModuleIdentities[]}: a TDX module major version's signer, attributes and ISV SVN levels. */
    public record TdxModuleIdentity(String id, TdxModule module, List<IsvSvnLevel> tcbLevels) {
        public TdxModuleIdentity {
            tcbLevels = List.copyOf(tcbLevels);
        }
    }

    /** A level keyed by one ISV SVN (TDX module identities, QE identity). */
    public record IsvSvnLevel(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
        public IsvSvnLevel {
            advisoryIds = List.copyOf(advisoryIds);
        }
    }

    /** {@code tcbLevels[]}: 16 SGX component SVNs, PCESVN and 16 TDX component SVNs, newest first. */
    public record TcbLevel(int[] sgxComponents, int pceSvn, int[] tdxComponents, Instant tcbDate, TcbStatus status,
                           List<String> advisoryIds) {
        public TcbLevel {
            sgxComponents = sgxComponents.clone();
            tdxComponents = tdxComponents.clone();
            advisoryIds = List.copyOf(advisoryIds);
        }

        @Override public int[] sgxComponents() { return sgxComponents.clone(); }
        @Override public int[] tdxComponents() { return tdxComponents.clone(); }

        @Override
        public String toString() {
            return "TcbLevel[sgx=" + Arrays.toString(sgxComponents) + ", pcesvn=" + pceSvn + ", tdx="
                    + Arrays.toString(tdxComponents) + ", " + status.pcsName() + "]";
        }
    }

    /** Parses a PCS TCB Info response document (UTF-8 JSON). */
    public static TcbInfo parseResponse(byte[] response) throws EvidenceFormatException {
        Json.Value doc = Json.parse(response, "tcbInfoResponse");
        JsonFields top = new JsonFields(doc, "tcbInfoResponse");
        Json.Value body = top.value("tcbInfo");
        byte[] signed = Arrays.copyOfRange(response, body.start(), body.end());
        byte[] signature = top.hex("signature", 64);
        return fromBody(new JsonFields(body, "tcbInfo"), signed, signature);
    }

    /** TCB Info body and signature delivered separately (collateral bundles keep them apart). */
    public static TcbInfo parse(byte[] tcbInfoJson, byte[] signature) throws EvidenceFormatException {
        if (signature.length != 64) {
            throw new EvidenceFormatException("tcbInfo.signature", "expected 64 bytes r||s, got " + signature.length);
        }
        return fromBody(new JsonFields(Json.parse(tcbInfoJson, "tcbInfo"), "tcbInfo"), tcbInfoJson, signature);
    }

    private static TcbInfo fromBody(JsonFields t, byte[] signed, byte[] signature) throws EvidenceFormatException {
        String id = t.string("id");
        int version = t.integer("version");
        if (!"TDX".equals(id) || version != 3) {
            throw new EvidenceFormatException(t.value("id").start(), "tcbInfo.id", "expected TDX TCB Info version 3, got id "
                    + id + " version " + version);
        }
        Optional<TdxModule> module = t.has("tdxModule")
                ? Optional.of(module(t.object("tdxModule"))) : Optional.empty();
        List<TdxModuleIdentity> identities = new ArrayList<>();
        if (t.has("tdxModuleIdentities")) {
            for (Json.Value v : t.array("tdxModuleIdentities")) {
                JsonFields m = new JsonFields(v, "tcbInfo.tdxModuleIdentities[]");
                identities.add(new TdxModuleIdentity(m.string("id"), module(m), isvSvnLevels(m)));
            }
        }
        List<TcbLevel> levels = new ArrayList<>();
        for (Json.Value v : t.array("tcbLevels")) {
            JsonFields l = new JsonFields(v, "tcbInfo.tcbLevels[]");
            JsonFields tcb = l.object("tcb");
            int[] sgx = components(tcb, "sgxtcbcomponents");
            int[] tdx = components(tcb, "tdxtcbcomponents");
            levels.add(new TcbLevel(sgx, tcb.integer("pcesvn"), tdx, l.instant("tcbDate"),
                    TcbStatus.fromPcsName(l.string("tcbStatus"), l.path() + ".tcbStatus"), advisories(l)));
        }
        if (levels.isEmpty()) {
            throw new EvidenceFormatException("tcbInfo.tcbLevels", "no TCB levels");
        }
        return new TcbInfo(id, version, t.instant("issueDate"), t.instant("nextUpdate"), t.hex("fmspc", 6),
                t.hex("pceId", 2), t.integer("tcbType"), t.integer("tcbEvaluationDataNumber"), module, identities,
                levels, signed, signature);
    }

    static List<IsvSvnLevel> isvSvnLevels(JsonFields parent) throws EvidenceFormatException {
        List<IsvSvnLevel> out = new ArrayList<>();
        for (Json.Value v : parent.array("tcbLevels")) {
            JsonFields l = new JsonFields(v, parent.path() + ".tcbLevels[]");
            out.add(new IsvSvnLevel(l.object("tcb").integer("isvsvn"), l.instant("tcbDate"),
                    TcbStatus.fromPcsName(l.string("tcbStatus"), l.path() + ".tcbStatus"), advisories(l)));
        }
        if (out.isEmpty()) {
            throw new EvidenceFormatException(parent.path() + ".tcbLevels", "no TCB levels");
        }
        return out;
    }

    static List<String> advisories(JsonFields level) throws EvidenceFormatException {
        return level.has("advisoryIDs") ? level.stringArray("advisoryIDs") : List.of();
    }

    private static TdxModule module(JsonFields m) throws EvidenceFormatException {
        return new TdxModule(m.hex("mrsigner", 48), m.hex("attributes", 8), m.hex("attributesMask", 8));
    }

    private static int[] components(JsonFields tcb, String key) throws EvidenceFormatException {
        List<Json.Value> items = tcb.array(key);
        if (items.size() != 16) {
            throw new EvidenceFormatException(tcb.value(key).start(), tcb.path() + "." + key,
                    "expected 16 components, got " + items.size());
        }
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = new JsonFields(items.get(i), tcb.path() + "." + key + "[" + i + "]").integer("svn");
        }
        return out;
    }
}
