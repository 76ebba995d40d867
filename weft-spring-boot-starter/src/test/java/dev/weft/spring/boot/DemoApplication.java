package dev.weft.spring.boot;

import dev.weft.WebSocket;
import dev.weft.WebSocketListener;
import dev.weft.protocol.deflate.PerMessageDeflate;
import dev.weft.server.Endpoint;
import dev.weft.server.HandshakeInterceptor;
import dev.weft.server.UpgradeDecision;
import dev.weft.testing.Listeners;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/**
 * An ordinary Spring Boot application (Spring MVC on Tomcat, Spring Security with HTTP Basic)
 * that also serves weft endpoints, declared as beans, on its one port.
 */
@SpringBootApplication
class DemoApplication {
    @RestController
    static class HelloController {
        @GetMapping("/api/hello")
        String hello(Principal user) {
            return "hello " + user.getName();
        }
    }

    @Bean
    WebSocketRoute echo() {
        return WebSocketRoute.of("/ws/echo", Listeners.ECHO);
    }

    /** Tells a client who Spring Security says it is: the interceptor reads the principal. */
    @Bean
    WebSocketRoute whoami() {
        return WebSocketRoute.of("/ws/whoami", Endpoint.of(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText("you are " + socket.attachment());
            }
        }).withInterceptor(HandshakeInterceptor.of(request -> request.userPrincipal() == null
                ? UpgradeDecision.reject(403, "nobody")
                : UpgradeDecision.accept().withAttachment(request.userPrincipal().getName()))));
    }

    /** A template path: the servlet is mapped to /rooms/*, weft's router reads the room. */
    @Bean
    WebSocketRoute rooms() {
        return WebSocketRoute.of("/rooms/{room}", Endpoint.of(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText("welcome to " + socket.attachment());
            }
        }).withInterceptor(HandshakeInterceptor.of(request ->
                UpgradeDecision.accept().withAttachment(request.pathParameters().get("room")))));
    }

    @Bean
    WebSocketServerCustomizer compression() {
        return builder -> builder.extensions(PerMessageDeflate.defaults());
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/ws/echo", "/rooms/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}secret").roles("USER").build());
    }
}
