package dev.trustedcompute.kbs.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Collection;

/**
 * Authenticates the bearer token of {@link AdminEndpoint} handlers on {@code /kbs/v0}, which Spring Security's
 * resource server does not see there (those routes also carry attestation tokens and Trustee admin tokens). An AAS
 * token gets its permission authorities as on every other service; otherwise a Trustee admin token gets the
 * permissions of its role. Whatever fails leaves the request anonymous, and the handler's {@code @PreAuthorize}
 * refuses it.
 */
public final class AdminAuthenticationInterceptor implements HandlerInterceptor {

    private final JwtDecoder aasTokens;
    private final Converter<Jwt, Collection<GrantedAuthority>> authorities;
    private final Optional<TrusteeAdminTokens> trusteeTokens;

    public AdminAuthenticationInterceptor(JwtDecoder aasTokens, Converter<Jwt, Collection<GrantedAuthority>> authorities,
                                          Optional<TrusteeAdminTokens> trusteeTokens) {
        this.aasTokens = aasTokens;
        this.authorities = authorities;
        this.trusteeTokens = trusteeTokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(AdminEndpoint.class)) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        String token = header.substring(7).trim();
        authenticate(token).ifPresent(authentication -> {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            SecurityContextHolder.setContext(context);
        });
        return true;
    }

    private Optional<Authentication> authenticate(String token) {
        try {
            Jwt jwt = aasTokens.decode(token);
            return Optional.of(new JwtAuthenticationToken(jwt, authorities.convert(jwt)));
        } catch (JwtException notAnAasToken) {
            return trusteeTokens.flatMap(tokens -> tokens.permissions(token)).map(permissions -> {
                List<GrantedAuthority> granted = permissions.stream()
                        .<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
                return UsernamePasswordAuthenticationToken.authenticated("trustee-admin", null, granted);
            });
        }
    }
}
