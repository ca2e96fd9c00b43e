package dev.trustedcompute.aas.roles;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** Wire shapes of roles, as in Intel SecL ({@code pkg/model/aas}): snake_case, rules under {@code permissions}. */
public final class RoleDtos {

    private RoleDtos() {
    }

    @Schema(name = "RoleCreate", description = "A new role: (service, name, context) must be unique")
    public record RoleCreate(
            @Schema(example = "HVS", requiredMode = Schema.RequiredMode.REQUIRED) String service,
            @Schema(example = "ReportSearcher", requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(example = "CN=hvs;certType=TLS") String context,
            @Schema(description = "rules resource:action:selector ('*' = any)", example = "[\"reports:search:*\"]")
            List<String> permissions) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Role")
    public record RoleView(@JsonProperty("role_id") UUID roleId, String service, String name, String context,
                           List<String> permissions) {

        public static RoleView of(Role role) {
            return new RoleView(role.id(), role.service(), role.name(), role.context(),
                    role.rules().stream().map(Object::toString).toList());
        }
    }
}
