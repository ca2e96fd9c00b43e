package dev.trustedcompute.aas.login;

import dev.trustedcompute.aas.AasProperties;
import dev.trustedcompute.aas.error.AasError;
import dev.trustedcompute.aas.error.Filters;
import dev.trustedcompute.aas.password.Argon2idHasher;
import dev.trustedcompute.aas.password.PasswordPolicy;
import dev.trustedcompute.aas.roles.Role;
import dev.trustedcompute.aas.roles.RoleRepository;
import dev.trustedcompute.aas.token.IssuedToken;
import dev.trustedcompute.aas.token.TokenIssuer;
import dev.trustedcompute.aas.token.TokenRequest;
import dev.trustedcompute.aas.users.UserRepository;
import dev.trustedcompute.aas.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password login -> token. Unknown user and wrong password get the same answer (and comparable time: a dummy
 * hash is verified for unknown names). Failures are counted per submitted name, including unknown names, so a
 * lockout tells nothing about which names exist; a success clears the count.
 */
@Service
public class LoginService {

    private static final Logger log = LoggerFactory.getLogger(LoginService.class);
    static final String BAD_CREDENTIALS = "invalid user name or password";
    private static final int MAX_USERNAME = 255;

    private final UserRepository users;
    private final RoleRepository roles;
    private final LoginFailureRepository failures;
    private final Argon2idHasher hasher;
    private final LockoutPolicy policy;
    private final TokenIssuer issuer;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration tokenLifetime;
    private final String dummyHash;

    public LoginService(UserRepository users, RoleRepository roles, LoginFailureRepository failures,
                        Argon2idHasher hasher, LockoutPolicy policy, TokenIssuer issuer, TransactionTemplate tx,
                        Clock clock, AasProperties properties) {
        this.users = users;
        this.roles = roles;
        this.failures = failures;
        this.hasher = hasher;
        this.policy = policy;
        this.issuer = issuer;
        this.tx = tx;
        this.clock = clock;
        this.tokenLifetime = properties.tokenLifetime();
        this.dummyHash = hasher.hash("dummy password for timing equalization");
    }

    public IssuedToken login(String username, String password) {
        if (username == null || username.isEmpty()) {
            throw AasError.INVALID_INPUT.exception("username: is required");
        }
        if (password == null || password.isEmpty()) {
            throw AasError.INVALID_INPUT.exception("password: is required");
        }
        Filters.text("username", username);
        if (username.length() > MAX_USERNAME) {
            throw AasError.INVALID_INPUT.exception("username: at most " + MAX_USERNAME + " characters");
        }
        Instant now = clock.instant();
        Optional<Instant> locked = policy.lockedUntil(failures.find(username).orElse(null), now);
        if (locked.isPresent()) {
            throw lockedOut(locked.get(), now);
        }
        Optional<UserRepository.Credentials> credentials = users.credentials(username);
        boolean ok;
        if (password.length() > PasswordPolicy.MAX_LENGTH * 2) {
            ok = false; // never a valid password; do not spend hashing time on it
        } else if (credentials.isPresent()) {
            ok = hasher.verify(password, credentials.get().passwordHash());
        } else {
            hasher.verify(password, dummyHash);
            ok = false;
        }
        if (!ok) {
            recordFailure(username);
            throw AasError.INVALID_CREDENTIALS.exception(BAD_CREDENTIALS);
        }
        UserRepository.Credentials user = credentials.orElseThrow();
        List<Role> userRoles = tx.execute(status -> {
            failures.clear(username);
            if (hasher.needsRehash(user.passwordHash())) {
                users.updatePasswordHash(user.user().id(), hasher.hash(password), now);
            }
            return roles.rolesOfUser(user.user().id());
        });
        var request = new TokenRequest(username,
                userRoles.stream().map(r -> new TokenRequest.RoleClaim(r.service(), r.name(), r.context())).toList(),
                UserService.permissions(userRoles), tokenLifetime);
        IssuedToken token = issuer.issue(request);
        log.info("issued token jti={} kid={} to user id={}", token.jti(), token.kid(), user.user().id());
        return token;
    }

    private void recordFailure(String username) {
        LoginFailures after = tx.execute(status -> {
            LoginFailures next = policy.afterFailure(failures.lock(username).orElse(null), clock.instant());
            failures.save(username, next);
            return next;
        });
        if (after.lockedUntil() != null) {
            log.warn("login locked after {} failed attempts until {} (name hash {})", after.failures(),
                    after.lockedUntil(), Integer.toHexString(username.hashCode()));
        }
    }

    /** Drops failure records that can no longer lock anyone (every 10 minutes). */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    public void purgeStaleFailures() {
        Instant now = clock.instant();
        failures.deleteStale(now.minus(policy.window()), now);
    }

    private static RuntimeException lockedOut(Instant until, Instant now) {
        long minutes = Math.max(1, Duration.between(now, until).plusSeconds(59).toMinutes());
        return AasError.ACCOUNT_LOCKED.exception("too many failed logins for this user name: locked until " + until
                + " (about " + minutes + " minute(s)); a correct password is refused until then");
    }
}
