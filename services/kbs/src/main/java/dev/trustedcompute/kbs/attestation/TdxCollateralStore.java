package dev.trustedcompute.kbs.attestation;

import dev.trustedcompute.kbs.KbsProperties;
import dev.trustedcompute.kbs.protocol.KbsError;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.Expectations;
import dev.trustedcompute.tpmquote.tdx.TcbStatus;
import dev.trustedcompute.tpmquote.tdx.TdxCollateral;
import dev.trustedcompute.tpmquote.tdx.TdxQuote;
import dev.trustedcompute.tpmquote.tdx.TdxVerificationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The TDX trust inputs of {@code tc.kbs.tdx}: offline DCAP collateral by platform (FMSPC) and the verification
 * policy (accepted TCB statuses, expired collateral). Files are read once at start; a file that cannot be read or
 * parsed, or two files for one FMSPC, stop the start rather than weaken verification later.
 */
@Component
public class TdxCollateralStore {

    private final Map<String, TdxCollateral> byFmspc;
    private final TdxVerificationPolicy policy;

    public TdxCollateralStore(KbsProperties properties) {
        KbsProperties.Tdx tdx = properties.tdx();
        this.byFmspc = load(tdx);
        TdxVerificationPolicy configured = TdxVerificationPolicy.defaults();
        if (!tdx.acceptedTcbStatuses().isEmpty()) {
            configured = configured.acceptingOnly(statuses(tdx.acceptedTcbStatuses()));
        }
        if (tdx.expiredCollateralAllowance() != null) {
            configured = configured.allowingExpiredCollateral(tdx.expiredCollateralAllowance());
        }
        this.policy = configured;
    }

    /**
     * Sets what a TDX quote is verified with: the policy, and the collateral of the quote's platform, or none (a
     * reason the library reports as unchecked) when no collateral is configured at all.
     *
     * @throws dev.trustedcompute.servicekit.error.ServiceException {@link KbsError#EVIDENCE_REJECTED} when collateral
     *                                                             is configured but not for this platform
     */
    void apply(Expectations.Builder expectations, TdxQuote quote) {
        expectations.tdxPolicy(policy);
        if (byFmspc.isEmpty()) {
            expectations.withoutTdxCollateral("no TDX collateral is configured in KBS (tc.kbs.tdx.collateral-files)");
            return;
        }
        // the FMSPC is read from the unverified PCK certificate only to pick the bundle: the verifier checks that
        // the PCK chains to Intel and that the bundle's TCB Info is for this FMSPC
        String fmspc = quote.pckExtensions().fmspcHex();
        TdxCollateral collateral = byFmspc.get(fmspc);
        if (collateral == null) {
            throw KbsError.EVIDENCE_REJECTED.exception("no TDX collateral is configured for this platform (FMSPC "
                    + fmspc + "); add its bundle to tc.kbs.tdx.collateral-files");
        }
        expectations.tdxCollateral(collateral);
    }

    private static Map<String, TdxCollateral> load(KbsProperties.Tdx tdx) {
        Map<String, TdxCollateral> collaterals = new LinkedHashMap<>();
        for (Path file : tdx.collateralFiles()) {
            TdxCollateral collateral;
            try {
                collateral = TdxCollateral.fromBundleJson(Files.readAllBytes(file));
            } catch (IOException | EvidenceFormatException e) {
                throw new IllegalStateException("tc.kbs.tdx.collateral-files: " + file + " is not usable: "
                        + e.getMessage(), e);
            }
            String fmspc = collateral.tcbInfo().fmspcHex();
            if (collaterals.putIfAbsent(fmspc, collateral) != null) {
                throw new IllegalStateException("tc.kbs.tdx.collateral-files: two bundles for FMSPC " + fmspc);
            }
        }
        return Map.copyOf(collaterals);
    }

    private static Set<TcbStatus> statuses(Set<String> names) {
        Set<TcbStatus> statuses = EnumSet.noneOf(TcbStatus.class);
        for (String name : names) {
            try {
                statuses.add(TcbStatus.fromPcsName(name, "tc.kbs.tdx.accepted-tcb-statuses"));
            } catch (EvidenceFormatException e) {
                throw new IllegalStateException(e.getMessage() + "; use the PCS spelling, e.g. UpToDate", e);
            }
        }
        return statuses;
    }
}
