package dev.weft.protocol.handshake;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * One extension in a {@code Sec-WebSocket-Extensions} header, as offered by a client or
 * accepted by a server (RFC 6455 §9.1). The same name may be offered more than once with
 * different parameters; each is its own offer, in order of preference.
 *
 * @param name   the extension token, such as {@code permessage-deflate}
 * @param params the parameters in the order given
 */
public record ExtensionOffer(String name, List<ExtensionParam> params) {
    /**
     * Copies the parameter list.
     *
     * @param name the extension's name, an HTTP token
     * @param params its parameters, in order
     */
    public ExtensionOffer {
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
    }

    /**
     * An offer with no parameters.
     *
     * @param name the extension's name, an HTTP token
     * @return an offer of {@code name} alone
     */
    public static ExtensionOffer of(String name) {
        return new ExtensionOffer(name, List.of());
    }

    /**
     * The first parameter of that name, or {@code null}.
     *
     * @param paramName the parameter's name, compared ignoring case
     * @return the parameter, or {@code null} if the offer has none of that name
     */
    public @Nullable ExtensionParam param(String paramName) {
        for (ExtensionParam p : params) {
            if (p.name().equalsIgnoreCase(paramName)) {
                return p;
            }
        }
        return null;
    }
}
