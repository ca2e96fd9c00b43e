package dev.trustedcompute.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    void readsEnvironmentWhenPlaceholderIsNamedThenOnlyThatSpellingIsRead() {
        ServiceSettings cms = ServiceSettings.of("cms");
        assertThat(cms.readsEnvironment("TC_CMS_DB_USER")).isTrue();
        assertThat(cms.readsEnvironment("TC_CMS_DB_USERNAME")).isFalse();
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
