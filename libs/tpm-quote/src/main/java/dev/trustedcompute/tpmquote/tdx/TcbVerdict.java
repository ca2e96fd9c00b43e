package dev.trustedcompute.tpmquote.tdx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of the TCB evaluation against verified collateral (Intel QVL / dcap-qvl algorithm).
 *
 * @param status            final status: platform level converged with TDX module and QE statuses
 * @param advisoryIds       union of the advisories of the matched platform, TDX module and QE levels
 * @param platformStatus    status of the first TCB level matched by the PCK's SGX TCB, PCESVN and TEE_TCB_SVN
 * @param tdxModuleStatus   status from {@code tdxModuleIdentities} when TEE_TCB_SVN[1] (module major version) > 0
 * @param qeStatus          status of the QE's ISV SVN in the TD_QE identity
 */
public record TcbVerdict(TcbStatus status, List<String> advisoryIds, TcbStatus platformStatus, Instant platformTcbDate,
                         Optional<TcbStatus> tdxModuleStatus, Optional<String> tdxModuleIdentity, TcbStatus qeStatus,
                         int tcbEvaluationDataNumber, Instant tcbInfoIssueDate) {

    public TcbVerdict {
        advisoryIds = List.copyOf(advisoryIds);
    }
}
