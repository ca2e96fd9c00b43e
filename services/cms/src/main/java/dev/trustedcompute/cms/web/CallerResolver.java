package dev.trustedcompute.cms.web;

import dev.trustedcompute.cms.authority.Caller;
import dev.trustedcompute.cms.bootstrap.BootstrapTokenLedger;
import dev.trustedcompute.cms.bootstrap.BootstrapTokens;
import dev.trustedcompute.servicekit.error.CommonError;
import dev.trustedcompute.servicekit.error.ServiceException;
import dev.trustedcompute.servicekit.security.TokenClaims;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the authenticated JWT into a {@link Caller}. A bootstrap token is consumed here, i.e. only by an
 * operation it authorised (never by a public GET that happened to carry it): the first use is recorded
 * atomically and any later or concurrent use is a 401.
 */
@Component
public class CallerResolver {
    private final BootstrapTokenLedger ledger;
    private final Clock clock;

    public CallerResolver(BootstrapTokenLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public Caller resolve(Jwt jwt) {
        if (BootstrapTokens.ISSUER.equals(jwt.getClaimAsString("iss"))) {
            Instant expiresAt = jwt.getExpiresAt() == null ? clock.instant() : jwt.getExpiresAt();
            if (!ledger.markUsed(BootstrapTokens.sha256(jwt.getTokenValue()), jwt.getSubject(), expiresAt, clock.instant())) {
                throw new ServiceException(CommonError.UNAUTHORIZED, "bootstrap token was already used (bootstrap tokens are single-use)");
            }
        }
        TokenClaims claims = TokenClaims.from(jwt);
        List<String> selectors = new ArrayList<>(claims.selectorsFor("CMS", "certificates", "create"));
        // Intel SecL expresses the same grant as role CMS:CertApprover with the selector as context.
        claims.roles().stream()
                .filter(r -> "CMS".equals(r.service()) && "CertApprover".equals(r.name()) && r.context() != null)
                .forEach(r -> selectors.add(r.context()));
        return new Caller(jwt.getSubject() == null ? "unknown" : jwt.getSubject(), selectors);
    }
}
