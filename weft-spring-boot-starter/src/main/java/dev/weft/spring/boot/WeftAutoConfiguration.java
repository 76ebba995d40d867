package dev.weft.spring.boot;

import dev.weft.server.WebSocketServer;
import dev.weft.servlet.WebSocketServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.util.List;

/**
 * Serves the application's {@link WebSocketRoute} beans on its own port: one
 * {@link WebSocketServer} with no port of its own (configured by {@link WebSocketServerCustomizer}
 * beans, started with the context and stopped before the container stops, so connections get
 * a clean close with 1001), and
 * weft's {@link WebSocketServlet} mapped to the routes' paths, behind the application's filters
 * (Spring Security's among them: an interceptor sees the authenticated user in
 * {@code request.userPrincipal()}).
 *
 * <p>A {@code WebSocketServer} bean of the application's own replaces the one made here (the
 * routes are then the application's to mount on it; they still choose the servlet's mappings).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebSocketServlet.class)
public class WeftAutoConfiguration {
    /** Made by Spring. */
    public WeftAutoConfiguration() {
    }

    /**
     * The server behind every route, started; Spring closes it with the context.
     *
     * @param routes      the application's routes
     * @param customizers adjust the builder first, in order
     * @param environment gives the context path the routes' paths are relative to
     * @return the started server
     * @throws IOException if the server cannot start its event loops
     */
    @Bean
    @ConditionalOnMissingBean
    public WebSocketServer weftWebSocketServer(ObjectProvider<WebSocketRoute> routes,
                                               ObjectProvider<WebSocketServerCustomizer> customizers,
                                               Environment environment) throws IOException {
        WebSocketServer.Builder builder = WebSocketServer.builder();
        customizers.orderedStream().forEach(c -> c.customize(builder));
        builder.noPlainPort();
        String contextPath = contextPath(environment);
        routes.orderedStream().forEach(route -> route.mountOn(builder, contextPath));
        return builder.build().start();
    }

    /**
     * Closes the server's connections with 1001 before the container stops at shutdown.
     *
     * @param server the application's server
     * @return the lifecycle
     */
    @Bean
    public SmartLifecycle weftWebSocketServerLifecycle(WebSocketServer server) {
        return new WebSocketServerLifecycle(server);
    }

    /**
     * weft's servlet, mapped to every route's path.
     *
     * @param server the server whose endpoints it serves
     * @param routes the application's routes
     * @return the servlet's registration
     */
    @Bean
    @ConditionalOnBean(WebSocketRoute.class)
    public ServletRegistrationBean<WebSocketServlet> weftWebSocketServlet(WebSocketServer server,
                                                                          ObjectProvider<WebSocketRoute> routes) {
        List<String> mappings = routes.orderedStream().map(WebSocketRoute::servletMapping).distinct().toList();
        ServletRegistrationBean<WebSocketServlet> registration =
                new ServletRegistrationBean<>(new WebSocketServlet(server), mappings.toArray(String[]::new));
        registration.setName("weft");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * weft's meters ({@code weft.connections}, memory, refusals: see
     * {@link dev.weft.micrometer.WeftMetrics}) when the application has {@code weft-micrometer}
     * and Micrometer: Spring Boot's actuator binds every {@code MeterBinder} bean to its
     * registries.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"dev.weft.micrometer.WeftMetrics", "io.micrometer.core.instrument.MeterRegistry"})
    public static class Metrics {
        /** Made by Spring. */
        public Metrics() {
        }

        /**
         * The server's meters.
         *
         * @param server the application's server
         * @return the binder Spring Boot binds to its meter registries
         */
        @Bean
        @ConditionalOnMissingBean
        public dev.weft.micrometer.WeftMetrics weftMetrics(WebSocketServer server) {
            return new dev.weft.micrometer.WeftMetrics(server);
        }
    }

    /** The servlet context path without its trailing slash: "" for the root. */
    private static String contextPath(Environment environment) {
        String path = environment.getProperty("server.servlet.context-path", "");
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
