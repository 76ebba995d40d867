package dev.weft.protocol;

/**
 * Which end of a connection this side is. The role decides the masking rules
 * (RFC 6455 §5.1: a client masks every frame it sends, a server masks none) and who
 * closes the TCP connection after the close handshake (§7.1.1: the server).
 */
public enum Role {
    /** The side that opened the connection and sent the upgrade request. */
    CLIENT,
    /** The side that accepted the connection and answered the upgrade request. */
    SERVER
}
