package dev.weft.servlet;

import dev.weft.internal.transport.ContainerContext;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.RequestHead;
import jakarta.servlet.http.HttpServletRequest;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A container's request in weft's terms: its head as received, and its addresses. */
final class ContainerRequests {
    private ContainerRequests() {
    }

    /** The request line and header fields, as the client sent them (names as the container reports them). */
    static RequestHead head(HttpServletRequest request) {
        HttpFields.Builder fields = HttpFields.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                fields.add(name, value);
            }
        }
        String query = request.getQueryString();
        String target = request.getRequestURI() + (query == null ? "" : "?" + query);
        return new RequestHead(request.getMethod(), target, request.getProtocol(), fields.build());
    }

    /** The TCP peer, as the container saw it (an address literal: no name lookup). */
    static InetSocketAddress remote(HttpServletRequest request) {
        return new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort());
    }

    /** What the container knows of the request: its authenticated user and its attributes. */
    static ContainerContext context(HttpServletRequest request) {
        Map<String, Object> attributes = new HashMap<>();
        for (String name : Collections.list(request.getAttributeNames())) {
            Object value = request.getAttribute(name);
            if (value != null) {
                attributes.put(name, value);
            }
        }
        return new ContainerContext(request.getUserPrincipal(), attributes);
    }

    /** This side of the connection. */
    static InetSocketAddress local(HttpServletRequest request) {
        return new InetSocketAddress(request.getLocalAddr(), request.getLocalPort());
    }
}
