package dev.trustedcompute.hvs.flavorgroup;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per host and golden-after-reboot group: the TPM reset count of the boot the golden flavors were taken from. */
@Repository
public class GoldenBootRepository {

    private final JdbcClient jdbc;

    public GoldenBootRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Long> resetCount(UUID hostId, UUID groupId) {
        return jdbc.sql("SELECT reset_count FROM golden_boots WHERE host_id = ? AND flavor_group_id = ?")
                .params(hostId, groupId).query(Long.class).optional();
    }

    /**
     * Records that golden flavors were taken at {@code resetCount}; false when that boot was recorded already (by a
     * concurrent verification of the same host), in which case the caller must not take them again.
     */
    public boolean claim(UUID hostId, UUID groupId, long resetCount, Instant takenAt) {
        return jdbc.sql("INSERT INTO golden_boots (host_id, flavor_group_id, reset_count, taken_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (host_id, flavor_group_id) DO UPDATE SET reset_count = EXCLUDED.reset_count,"
                        + " taken_at = EXCLUDED.taken_at WHERE golden_boots.reset_count <> EXCLUDED.reset_count")
                .params(hostId, groupId, resetCount, Timestamp.from(takenAt)).update() == 1;
    }
}
