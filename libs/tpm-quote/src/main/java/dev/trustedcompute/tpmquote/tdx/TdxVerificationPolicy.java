package dev.trustedcompute.tpmquote.tdx;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link TdxVerifier} accepts beyond the cryptographic checks, which are never optional.
 *
 * @param acceptedTcbStatuses        final TCB statuses that pass; any other fails with TCB_STATUS_UNACCEPTABLE
 * @param expiredCollateralAllowance when present, TCB Info / QE identity / CRLs outside their issueDate ..
 *                                   nextUpdate window are accepted and listed in
 *                                   {@link VerifiedTdxQuote#expiredCollateral()} (Intel QVL's
 *                                   "collateral expiration status"); the string says why. Certificates
 *                                   must always be valid at the verification time.
 */
public record TdxVerificationPolicy(Set<TcbStatus> acceptedTcbStatuses, Optional<String> expiredCollateralAllowance) {

    public TdxVerificationPolicy {
        acceptedTcbStatuses = Set.copyOf(acceptedTcbStatuses);
        Objects.requireNonNull(expiredCollateralAllowance);
    }

    /** Every status except Revoked passes (and is reported); collateral must be current. */
    public static TdxVerificationPolicy defaults() {
        return new TdxVerificationPolicy(EnumSet.complementOf(EnumSet.of(TcbStatus.REVOKED)), Optional.empty());
    }

    public TdxVerificationPolicy acceptingOnly(Set<TcbStatus> statuses) {
        return new TdxVerificationPolicy(statuses, expiredCollateralAllowance);
    }

    /** Accept expired collateral (reported, never silent); {@code why} is recorded in the result. */
    public TdxVerificationPolicy allowingExpiredCollateral(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("a reason is required to accept expired collateral");
        }
        return new TdxVerificationPolicy(acceptedTcbStatuses, Optional.of(why));
    }
}
