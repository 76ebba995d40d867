package dev.weft.servlet.testing;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.IOException;
import java.security.Principal;

/**
 * A security filter in miniature, for the servlet container contract: {@code X-Login: alice}
 * authenticates alice, of tenant blue. Each container module mounts it in front of weft.
 */
public final class LoginFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String login = http.getHeader("X-Login");
        if (login == null) {
            chain.doFilter(request, response);
            return;
        }
        http.setAttribute("tenant", "blue");
        Principal user = () -> login;
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }
        }, response);
    }
}
