package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * TCB status of a TDX platform from signature-verified TCB Info and QE identity, following Intel's QVL
 * (as implemented by dcap-qvl and go-tdx-guest):
 * <ol>
 *   <li>QE: the QE report must match the TD_QE identity (MRSIGNER, ISVPRODID, masked MISCSELECT and
 *       ATTRIBUTES); its status is the first level whose ISVSVN &lt;= the QE's ISVSVN.</li>
 *   <li>Platform: the first TCB level (newest first) where every PCK SGX component SVN &gt;= the level's,
 *       PCESVN &gt;= the level's and every TEE_TCB_SVN byte &gt;= the level's TDX component (bytes 0-1 are
 *       skipped when TEE_TCB_SVN[1] &gt; 0: the TDX module is then judged by its own identity).</li>
 *   <li>TDX module: if TEE_TCB_SVN[1] (module major version) &gt; 0, identity "TDX_%02X" must match
 *       MRSIGNERSEAM and masked SEAMATTRIBUTES; its status is the first level with ISVSVN &lt;= TEE_TCB_SVN[0].
 *       Otherwise {@code tdxModule} (when present) must match.</li>
 *   <li>Converge: an OutOfDate module or QE turns UpToDate/SWHardeningNeeded into OutOfDate and
 *       ConfigurationNeeded/ConfigurationAndSWHardeningNeeded into OutOfDateConfigurationNeeded; a
 *       Revoked one makes the result Revoked.</li>
 * </ol>
 */
final class TcbEvaluator {

    private TcbEvaluator() {
    }

    static TcbVerdict evaluate(TdxQuote quote, TcbInfo tcbInfo, EnclaveIdentity qeIdentity)
            throws VerificationException {
        TcbStatus qeStatus = qeLevel(quote.qeReport(), qeIdentity);
        TcbInfo.IsvSvnLevel qeLevel = matchIsvSvn(qeIdentity.tcbLevels(), quote.qeReport().isvSvn());
        PckExtensions pck = quote.pckExtensions();
        TdReportBody body = quote.body();
        byte[] teeTcbSvn = body.teeTcbSvn();
        int moduleVersion = teeTcbSvn[1] & 0xff;
        TcbInfo.TcbLevel platform = platformLevel(tcbInfo, pck, teeTcbSvn, moduleVersion > 0);

        Set<String> advisories = new LinkedHashSet<>(platform.advisoryIds());
        Optional<TcbStatus> moduleStatus = Optional.empty();
        Optional<String> moduleId = Optional.empty();
        if (moduleVersion > 0) {
            String id = String.format("TDX_%02X", moduleVersion);
            TcbInfo.TdxModuleIdentity identity = tcbInfo.tdxModuleIdentities().stream()
                    .filter(m -> m.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new VerificationException(Reason.TCB_STATUS_UNACCEPTABLE,
                            "TCB Info has no TDX module identity " + id + " (TEE_TCB_SVN[1] = " + moduleVersion + ")"));
            checkModule(identity.module(), body, "TDX module identity " + id);
            TcbInfo.IsvSvnLevel level = identity.tcbLevels().stream().filter(l -> l.isvSvn() <= (teeTcbSvn[0] & 0xff))
                    .findFirst().orElseThrow(() -> new VerificationException(Reason.TCB_STATUS_UNACCEPTABLE,
                            "TDX module " + id + " SVN " + (teeTcbSvn[0] & 0xff) + " is below every TCB level of its identity"));
            moduleStatus = Optional.of(level.status());
            moduleId = Optional.of(id);
            advisories.addAll(level.advisoryIds());
        } else if (tcbInfo.tdxModule().isPresent()) {
            checkModule(tcbInfo.tdxModule().get(), body, "TCB Info tdxModule");
        }
        TcbStatus status = platform.status();
        if (moduleStatus.isPresent()) {
            status = converge(status, moduleStatus.get());
        }
        status = converge(status, qeStatus);
        advisories.addAll(qeLevel.advisoryIds());
        return new TcbVerdict(status, List.copyOf(advisories), platform.status(), platform.tcbDate(), moduleStatus,
                moduleId, qeStatus, tcbInfo.tcbEvaluationDataNumber(), tcbInfo.issueDate());
    }

    private static TcbStatus qeLevel(QeReport qe, EnclaveIdentity id) throws VerificationException {
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(qe.mrSigner(), id.mrSigner())) {
            throw new VerificationException(Reason.TCB_MISMATCH, "QE report MRSIGNER " + hex.formatHex(qe.mrSigner())
                    + " does not match the TD_QE identity " + hex.formatHex(id.mrSigner()));
        }
        if (qe.isvProdId() != id.isvProdId()) {
            throw new VerificationException(Reason.TCB_MISMATCH, "QE report ISVPRODID " + qe.isvProdId()
                    + " does not match the TD_QE identity " + id.isvProdId());
        }
        if ((qe.miscSelect() & id.miscSelectMask()) != id.miscSelect()) {
            throw new VerificationException(Reason.TCB_MISMATCH, String.format(
                    "QE report MISCSELECT %08x under mask %08x does not match the TD_QE identity %08x",
                    qe.miscSelect(), id.miscSelectMask(), id.miscSelect()));
        }
        byte[] attributes = qe.attributes();
        byte[] mask = id.attributesMask();
        byte[] expected = id.attributes();
        for (int i = 0; i < 16; i++) {
            if ((attributes[i] & mask[i]) != expected[i]) {
                throw new VerificationException(Reason.TCB_MISMATCH, "QE report ATTRIBUTES " + hex.formatHex(attributes)
                        + " under mask " + hex.formatHex(mask) + " do not match the TD_QE identity "
                        + hex.formatHex(expected));
            }
        }
        return matchIsvSvn(id.tcbLevels(), qe.isvSvn()).status();
    }

    private static TcbInfo.IsvSvnLevel matchIsvSvn(List<TcbInfo.IsvSvnLevel> levels, int isvSvn)
            throws VerificationException {
        return levels.stream().filter(l -> l.isvSvn() <= isvSvn).findFirst()
                .orElseThrow(() -> new VerificationException(Reason.TCB_STATUS_UNACCEPTABLE,
                        "QE ISVSVN " + isvSvn + " is below every TCB level of the TD_QE identity"));
    }

    private static TcbInfo.TcbLevel platformLevel(TcbInfo info, PckExtensions pck, byte[] teeTcbSvn,
                                                  boolean skipModuleBytes) throws VerificationException {
        int[] cpu = pck.cpuSvnComponents();
        for (TcbInfo.TcbLevel level : info.tcbLevels()) {
            if (pck.pceSvn() < level.pceSvn() || !atLeast(cpu, level.sgxComponents(), 0)) {
                continue;
            }
            int[] tee = new int[16];
            for (int i = 0; i < 16; i++) {
                tee[i] = teeTcbSvn[i] & 0xff;
            }
            if (atLeast(tee, level.tdxComponents(), skipModuleBytes ? 2 : 0)) {
                return level;
            }
        }
        throw new VerificationException(Reason.TCB_STATUS_UNACCEPTABLE, "no TCB level of TCB Info (FMSPC "
                + info.fmspcHex() + ", evaluation data number " + info.tcbEvaluationDataNumber()
                + ") matches PCK SGX TCB " + Arrays.toString(cpu) + " PCESVN " + pck.pceSvn() + " TEE_TCB_SVN "
                + HexFormat.of().formatHex(teeTcbSvn) + "; the lowest level is " + info.tcbLevels().getLast());
    }

    private static boolean atLeast(int[] actual, int[] required, int from) {
        for (int i = from; i < 16; i++) {
            if (actual[i] < required[i]) {
                return false;
            }
        }
        return true;
    }

    private static void checkModule(TcbInfo.TdxModule module, TdReportBody body, String what)
            throws VerificationException {
        HexFormat hex = HexFormat.of();
        if (!MessageDigest.isEqual(module.mrSigner(), body.mrSignerSeam())) {
            throw new VerificationException(Reason.TCB_MISMATCH, "MRSIGNERSEAM " + hex.formatHex(body.mrSignerSeam())
                    + " does not match " + what + " mrsigner " + hex.formatHex(module.mrSigner()));
        }
        byte[] attributes = body.seamAttributes();
        byte[] mask = module.attributesMask();
        byte[] expected = module.attributes();
        for (int i = 0; i < 8; i++) {
            if ((attributes[i] & mask[i]) != (expected[i] & mask[i])) {
                throw new VerificationException(Reason.TCB_MISMATCH, "SEAMATTRIBUTES " + hex.formatHex(attributes)
                        + " do not match " + what + " attributes " + hex.formatHex(expected) + " under mask "
                        + hex.formatHex(mask));
            }
        }
    }

    static TcbStatus converge(TcbStatus platform, TcbStatus other) {
        return switch (other) {
            case REVOKED -> TcbStatus.REVOKED;
            case OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED -> switch (platform) {
                case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
                case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
                        TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
                case OUT_OF_DATE, OUT_OF_DATE_CONFIGURATION_NEEDED, REVOKED -> platform;
            };
            case UP_TO_DATE, SW_HARDENING_NEEDED, CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED -> platform;
        };
    }
}
