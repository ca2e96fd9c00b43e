package dev.trustedcompute.aas.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** Wire shapes of users (Intel SecL: {@code user_id}, {@code username}); passwords are write-only. */
public final class UserDtos {

    private UserDtos() {
    }

    @Schema(name = "UserCreate")
    public record UserCreate(
            @Schema(example = "hvs-service", requiredMode = Schema.RequiredMode.REQUIRED) String username,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, accessMode = Schema.AccessMode.WRITE_ONLY,
                    description = "8-256 characters; hashed with Argon2id, never returned") String password) {
        @Override
        public String toString() {
            return "UserCreate[username=" + username + "]";
        }
    }

    @Schema(name = "UserUpdate", description = "Administrative change of user name and/or password")
    public record UserUpdate(String username,
                             @Schema(accessMode = Schema.AccessMode.WRITE_ONLY) String password) {
        @Override
        public String toString() {
            return "UserUpdate[username=" + username + "]";
        }
    }

    @Schema(name = "PasswordChange", description = "current_password is required when changing your own password")
    public record PasswordChange(
            @JsonProperty("current_password") @Schema(accessMode = Schema.AccessMode.WRITE_ONLY) String currentPassword,
            @JsonProperty("new_password") @Schema(accessMode = Schema.AccessMode.WRITE_ONLY,
                    requiredMode = Schema.RequiredMode.REQUIRED) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    @Schema(name = "User")
    public record UserView(@JsonProperty("user_id") UUID userId, String username) {
        public static UserView of(User user) {
            return new UserView(user.id(), user.username());
        }
    }

    @Schema(name = "RoleIds")
    public record RoleIds(@JsonProperty("role_ids") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<UUID> roleIds) {
    }

    @Schema(name = "PermissionGroup", description = "Rules of all the user's roles for one service")
    public record PermissionView(String service, List<String> rules) {
    }
}
