/**
 * weft's figures in Micrometer: {@link dev.weft.micrometer.WeftMetrics} binds a server's
 * connections, memory and refusals; {@link dev.weft.micrometer.MeteredListener} counts an
 * endpoint's messages and closes by code.
 */
package dev.weft.micrometer;
