package dev.trustedcompute.servicekit.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Maps token permission rules to authorities. A rule {@code resource:action:selector} of service
 * {@code S} grants {@code S:resource:action} and {@code S:resource:action:selector}; rules with a
 * {@code *} service, resource or action grant every matching entry of the {@link PermissionCatalogue}.
 */
public final class PermissionAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final PermissionCatalogue catalogue;

    public PermissionAuthoritiesConverter(PermissionCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (TokenClaims.Rule rule : TokenClaims.from(jwt).rules()) {
            boolean wildcard = "*".equals(rule.service()) || "*".equals(rule.resource()) || "*".equals(rule.action());
            if (wildcard) {
                for (String permission : catalogue.matching(rule.service(), rule.resource(), rule.action())) {
                    authorities.add(new SimpleGrantedAuthority(permission));
                    authorities.add(new SimpleGrantedAuthority(permission + ":" + rule.selector()));
                }
            } else {
                String base = rule.service().toUpperCase(java.util.Locale.ROOT) + ":" + rule.resource() + ":" + rule.action();
                authorities.add(new SimpleGrantedAuthority(base));
                authorities.add(new SimpleGrantedAuthority(base + ":" + rule.selector()));
            }
        }
        return authorities;
    }
}
