package dev.trustedcompute.aas.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.aas.InvalidInputException;
import dev.trustedcompute.aas.roles.RoleSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PermissionRuleTest {

    @Test
    void parseWhenThreePartsThenRule() throws Exception {
        assertThat(PermissionRule.parse("r", "reports:search:*")).isEqualTo(new PermissionRule("reports", "search", "*"));
        assertThat(PermissionRule.parse("r", "*:*:*").toString()).isEqualTo("*:*:*");
        assertThat(PermissionRule.parse("r", "certificates:create:CN=hvs;certType=TLS").selector())
                .isEqualTo("CN=hvs;certType=TLS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "reports", "reports:search", "reports:search:*:x", ":search:*", "reports::*",
            "reports:search:", "rep orts:search:*", "reports:search:\u0000"})
    void parseWhenMalformedThenInvalidInputNamingField(String text) {
        assertThatThrownBy(() -> PermissionRule.parse("permissions[0]", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("permissions[0]: ");
    }

    @Test
    void groupWhenRolesShareServiceThenRulesMergedWithoutDuplicates() {
        var grants = List.of(
                new Permission.Grant("HVS", List.of(PermissionRule.of("reports", "search"), PermissionRule.of("hosts", "create"))),
                new Permission.Grant("CMS", List.of(PermissionRule.of("certificates", "create"))),
                new Permission.Grant("HVS", List.of(PermissionRule.of("reports", "search"), PermissionRule.of("flavors", "search"))));
        assertThat(Permission.group(grants)).containsExactly(
                new Permission("HVS", List.of("reports:search:*", "hosts:create:*", "flavors:search:*")),
                new Permission("CMS", List.of("certificates:create:*")));
    }

    @Test
    void aasAuthoritiesWhenMappedToRulesThenRoundTrip() {
        for (String authority : AasAuthorities.ALL) {
            PermissionRule rule = AasAuthorities.ruleFor(authority);
            assertThat("AAS:" + rule.resource() + ":" + rule.action()).isEqualTo(authority);
        }
    }

    @Test
    void roleSpecWhenDuplicateRuleThenRejected() {
        assertThatThrownBy(() -> RoleSpec.parse("HVS", "R", null, List.of("a:b:*", "a:b:*")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("permissions[1]: duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hvs", "", "H V S", "*"})
    void roleSpecWhenServiceInvalidThenRejected(String service) {
        assertThatThrownBy(() -> RoleSpec.parse(service, "R", null, List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("service: ");
    }

    @Test
    void roleSpecWhenEmptyContextThenNull() throws Exception {
        assertThat(RoleSpec.parse("HVS", "R", "", List.of()).context()).isNull();
    }
}
