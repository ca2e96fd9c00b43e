package dev.trustedcompute.servicekit.web;

import dev.trustedcompute.servicekit.error.BodySizeLimitFilter;
import dev.trustedcompute.servicekit.error.CommonError;
import dev.trustedcompute.servicekit.error.ProblemDetailsAdvice;
import dev.trustedcompute.servicekit.error.ProblemErrorReportValve;
import dev.trustedcompute.servicekit.error.Problems;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.time.Clock;

/**
 * Problem+json for every error (including those the firewall and Tomcat answer before Spring MVC sees the
 * request), a request-size cap, and a {@link Clock} services inject instead of calling now().
 */
@AutoConfiguration
@EnableConfigurationProperties(WebProperties.class)
public class ServiceKitWebConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    public FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(WebProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** Spring Security's firewall (e.g. {@code %0A} or {@code ..} in a URL) answers with a problem too. */
    @Bean
    @ConditionalOnMissingBean
    public RequestRejectedHandler problemRequestRejectedHandler() {
        return (request, response, rejected) -> Problems.write(response, Problems.of(CommonError.BAD_REQUEST,
                "the URL holds a character or encoding this service does not accept (for example %0A or %00)"));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    static class TomcatErrors {
        /** The host's error report valve, the innermost one, so it reports before any other. */
        @Bean
        TomcatContextCustomizer problemJsonForServerErrors() {
            return context -> ((StandardHost) context.getParent())
                    .setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
    }
}
