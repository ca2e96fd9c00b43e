package dev.trustedcompute.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The settings derived from the service modules accept Spring's relaxed names and nothing misspelt. */
class ServiceSettingsTest {

    @Test
    void readsEnvironmentWhenNameIsEitherRelaxedFormThenTrueAndWhenMisspeltThenFalse() {
        ServiceSettings cms = ServiceSettings.of("cms");
        assertThat(cms.readsEnvironment("TC_CMS_KEY_STORE_PASSWORD")).isTrue();
        assertThat(cms.readsEnvironment("TC_CMS_KEYSTOREPASSWORD")).isTrue();
        assertThat(cms.readsEnvironment("TC_CMS_KEY_STORE_PASWORD")).isFalse();
    }

    @Test
    void readsEnvironmentWhenPlaceholderIsNamedThenOnlyThoseSpellingsAreRead() {
        ServiceSettings cms = ServiceSettings.of("cms");
        assertThat(cms.readsEnvironment("TC_CMS_DB_USERNAME")).isTrue();
        assertThat(cms.readsEnvironment("TC_CMS_DB_USER")).as("the earlier name, still a fallback").isTrue();
        assertThat(cms.readsEnvironment("TC_CMS_DBUSERNAME")).isFalse();
    }

    @Test
    void readsEnvironmentWhenDatabaseSettingsThenEveryServiceReadsTheSameNames() {
        for (String service : List.of("cms", "aas", "rvps", "hvs", "kbs", "attestation-manager")) {
            ServiceSettings settings = ServiceSettings.of(service);
            String prefix = "TC_" + ("attestation-manager".equals(service) ? "AM" : service.toUpperCase(Locale.ROOT)) + "_DB_";
            for (String suffix : List.of("URL", "USERNAME", "PASSWORD")) {
                assertThat(settings.readsEnvironment(prefix + suffix)).as(service + " reads " + prefix + suffix).isTrue();
            }
        }
    }

    @Test
    void readsEnvironmentWhenSettingIsAMapThenNeedsAKey() {
        ServiceSettings kbs = ServiceSettings.of("kbs");
        assertThat(kbs.readsEnvironment("TC_KBS_MASTERKEYS_K1")).isTrue();
        assertThat(kbs.readsEnvironment("TC_KBS_MASTER_KEYS")).isFalse();
    }

    @Test
    void readsEnvironmentWhenSettingComesFromServiceKitOrSpringBootThenTrue() {
        ServiceSettings rvps = ServiceSettings.of("rvps");
        assertThat(rvps.readsEnvironment("TC_IDENTITY_SANS")).isTrue();
        assertThat(rvps.readsEnvironment("TC_IDENTITY_SANS_0")).isTrue();
        assertThat(rvps.readsEnvironment("MANAGEMENT_SERVER_PORT")).isTrue();
        assertThat(rvps.readsEnvironment("MANAGEMENT_SERVER_PROT")).isFalse();
    }

    @Test
    void readsEnvironmentWhenServiceIsNotSpringThenOnlyItsOwnNamesCount() {
        ServiceSettings agent = ServiceSettings.of("trust-agent");
        assertThat(agent.spring()).isFalse();
        assertThat(agent.readsEnvironment("TC_AGENT_TPM")).isTrue();
        assertThat(agent.readsEnvironment("MANAGEMENT_SERVER_PORT")).isFalse();
    }

    @Test
    void readsPropertyWhenConfigTreeFileIsNamedLikeAPropertyThenMatchesExactly() {
        ServiceSettings aas = ServiceSettings.of("aas");
        assertThat(aas.readsProperty("tc.identity.bootstrap-token")).isTrue();
        assertThat(aas.readsProperty("tc.aas.signing.key-passphrase")).isTrue();
        assertThat(aas.readsProperty("tc.identity.bootstrap-tokn")).isFalse();
    }
}
