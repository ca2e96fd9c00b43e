package dev.trustedcompute.aas.bootstrap;

import dev.trustedcompute.aas.AasProperties;
import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.aas.password.Argon2idHasher;
import dev.trustedcompute.aas.password.PasswordPolicy;
import dev.trustedcompute.aas.roles.Role;
import dev.trustedcompute.aas.roles.RoleRepository;
import dev.trustedcompute.aas.roles.RoleSpec;
import dev.trustedcompute.aas.users.UserRepository;
import dev.trustedcompute.aas.users.Usernames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start: creates the built-in Administrator roles and, when no user holds AAS's Administrator role, the
 * administrator {@code tc.aas.admin.username} with the password {@code tc.aas.admin.password}. Refuses to start
 * when an administrator is needed and no password is configured. Runs before the web server accepts requests.
 */
@Component
public class AdminBootstrap implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final long LOCK_ID = 0x4141_535f_4144_4d4eL;

    private final RoleRepository roles;
    private final UserRepository users;
    private final Argon2idHasher hasher;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AasProperties.Admin admin;

    public AdminBootstrap(RoleRepository roles, UserRepository users, Argon2idHasher hasher, TransactionTemplate tx,
                          JdbcClient jdbc, Clock clock, AasProperties properties) {
        this.roles = roles;
        this.users = users;
        this.hasher = hasher;
        this.tx = tx;
        this.jdbc = jdbc;
        this.clock = clock;
        this.admin = properties.admin();
    }

    @Override
    public void afterPropertiesSet() {
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_ID).query(Object.class).single();
            bootstrap();
        });
    }

    private void bootstrap() {
        Instant now = clock.instant();
        List<Role> adminRoles = new ArrayList<>();
        for (RoleSpec spec : AdministratorRoles.all()) {
            adminRoles.add(roles.findByKey(spec.service(), spec.name(), spec.context())
                    .orElseGet(() -> roles.insert(UUID.randomUUID(), spec, true, now)));
        }
        Role aasAdmin = adminRoles.getFirst();
        if (roles.countAssignments(aasAdmin.id()) > 0) {
            return;
        }
        String password = admin.password();
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("no AAS administrator exists and tc.aas.admin.password is not set: set "
                    + "TC_AAS_ADMIN_PASSWORD (and optionally TC_AAS_ADMIN_USERNAME, default 'admin') for the first start");
        }
        try {
            Usernames.check("tc.aas.admin.username", admin.username());
            PasswordPolicy.check("tc.aas.admin.password", password);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("cannot create the AAS administrator: " + e.getMessage());
        }
        if (users.credentials(admin.username()).isPresent()) {
            throw new IllegalStateException("user '" + admin.username() + "' exists but no user holds the AAS "
                    + "Administrator role; refusing to grant it automatically. Set tc.aas.admin.username to a new name");
        }
        UUID id = UUID.randomUUID();
        users.insert(id, admin.username(), hasher.hash(password), now);
        roles.assign(id, adminRoles.stream().map(Role::id).toList());
        log.info("created administrator '{}' (id {}) with the Administrator roles of {}", admin.username(), id,
                AdministratorRoles.SERVICES);
    }
}
