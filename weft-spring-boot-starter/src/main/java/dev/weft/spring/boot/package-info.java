/**
 * weft in a Spring Boot 4 servlet application: {@link dev.weft.spring.boot.WebSocketRoute} beans
 * are served on the application's own port by {@link dev.weft.spring.boot.WeftAutoConfiguration},
 * configured by {@link dev.weft.spring.boot.WebSocketServerCustomizer} beans.
 */
@NullMarked
package dev.weft.spring.boot;

import org.jspecify.annotations.NullMarked;
