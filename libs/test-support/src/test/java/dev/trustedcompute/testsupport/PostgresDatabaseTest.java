package dev.trustedcompute.testsupport;

import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresDatabaseTest {

    @Test
    void forTestClassWhenCalledTwiceThenDatabasesAreIsolated() throws Exception {
        PostgresDatabase first = PostgresDatabase.forTestClass(PostgresDatabaseTest.class);
        PostgresDatabase second = PostgresDatabase.forTestClass(PostgresDatabaseTest.class);
        assertThat(first.name()).isNotEqualTo(second.name());
        try (Connection a = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password());
             Statement statement = a.createStatement()) {
            statement.execute("CREATE TABLE marker (id int)");
            statement.execute("INSERT INTO marker VALUES (42)");
            try (ResultSet rs = statement.executeQuery("SELECT id FROM marker")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        try (Connection b = DriverManager.getConnection(second.jdbcUrl(), second.username(), second.password());
             ResultSet rs = b.getMetaData().getTables(null, "public", "marker", null)) {
            assertThat(rs.next()).as("table from the other database is invisible").isFalse();
        }
        assertThat(PostgresDatabase.serverDescription()).isNotBlank();
    }
}
