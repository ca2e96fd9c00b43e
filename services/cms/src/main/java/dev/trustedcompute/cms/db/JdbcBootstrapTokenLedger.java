package dev.trustedcompute.cms.db;

import dev.trustedcompute.cms.bootstrap.BootstrapTokenLedger;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.time.ZoneOffset;

/** {@link BootstrapTokenLedger} on PostgreSQL: the primary key makes "first use wins" atomic. */
public class JdbcBootstrapTokenLedger implements BootstrapTokenLedger {
    private final JdbcClient jdbc;

    public JdbcBootstrapTokenLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isUsed(String tokenSha256) {
        return jdbc.sql("select count(*) from bootstrap_token_use where token_sha256 = :h")
                .param("h", tokenSha256).query(Long.class).single() > 0;
    }

    @Override
    public boolean markUsed(String tokenSha256, String subject, Instant expiresAt, Instant usedAt) {
        return jdbc.sql("""
                insert into bootstrap_token_use (token_sha256, subject, expires_at, used_at)
                values (:h, :subject, :expiresAt, :usedAt) on conflict (token_sha256) do nothing""")
                .param("h", tokenSha256)
                .param("subject", subject)
                .param("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
                .param("usedAt", usedAt.atOffset(ZoneOffset.UTC))
                .update() == 1;
    }
}
