package dev.weft.protocol.extension;

import dev.weft.protocol.handshake.ExtensionOffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The two halves of negotiating extensions (RFC 6455 §9.1): a server walking the client's
 * offers in order, accepting at most one offer per extension and none whose RSV bits another
 * accepted extension already owns; and a client turning the server's answer into codecs.
 */
public final class ExtensionNegotiation {
    private ExtensionNegotiation() {
    }

    /** What a server agreed to: the response header's entries and the codecs, in the same order. */
    public record Agreed(List<ExtensionOffer> responses, List<Extension> extensions) {
        /** Nothing agreed. */
        public static final Agreed NONE = new Agreed(List.of(), List.of());
    }

    /**
     * The server's side: accepts offers in the client's order of preference.
     *
     * @param factories the extensions this server supports, in the order it prefers them
     * @param offers the client's offers, in the client's order of preference
     * @return the extensions agreed, with the answers to send and the codecs to use
     */
    public static Agreed server(List<? extends ServerExtensionFactory> factories, List<ExtensionOffer> offers) {
        if (factories.isEmpty() || offers.isEmpty()) {
            return Agreed.NONE;
        }
        List<ExtensionOffer> responses = new ArrayList<>();
        List<Extension> extensions = new ArrayList<>();
        List<String> done = new ArrayList<>();
        int bits = 0;
        for (ExtensionOffer offer : offers) {
            if (done.contains(offer.name())) {
                continue;
            }
            for (ServerExtensionFactory f : factories) {
                if (!f.name().equals(offer.name())) {
                    continue;
                }
                ServerExtensionFactory.Accepted a = f.acceptOffer(offer);
                if (a == null) {
                    continue;
                }
                if ((bits & a.extension().rsvBits()) != 0) {
                    a.extension().close(); // two extensions may not share an RSV bit: decline the later one
                    continue;
                }
                bits |= a.extension().rsvBits();
                responses.add(a.response());
                extensions.add(a.extension());
                done.add(offer.name());
                break;
            }
        }
        return new Agreed(responses, extensions);
    }

    /**
     * The offers a client sends: every factory's, in order.
     *
     * @param factories the extensions this client supports, in order
     * @return the offers to send
     */
    public static List<ExtensionOffer> offers(List<? extends ClientExtensionFactory> factories) {
        List<ExtensionOffer> out = new ArrayList<>();
        for (ClientExtensionFactory f : factories) {
            out.addAll(f.offers());
        }
        return out;
    }

    /**
     * The client's side: builds a codec for each extension the server accepted.
     *
     * @param factories the extensions this client offered
     * @param responses the extensions the server's answer named, in its order
     * @return the codecs to use on the connection, in the server's order
     * @throws IllegalArgumentException if a response is invalid or two extensions share an RSV bit;
     *     the client must then fail the connection
     */
    public static List<Extension> client(List<? extends ClientExtensionFactory> factories, List<ExtensionOffer> responses) {
        List<Extension> extensions = new ArrayList<>();
        int bits = 0;
        try {
            for (ExtensionOffer r : responses) {
                ClientExtensionFactory factory = factories.stream().filter(f -> f.name().equals(r.name())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("server accepted " + r.name() + ", which was not offered"));
                Extension e = factory.acceptResponse(r);
                extensions.add(e);
                if ((bits & e.rsvBits()) != 0) {
                    throw new IllegalArgumentException(r.name() + " claims an RSV bit another extension uses");
                }
                bits |= e.rsvBits();
            }
        } catch (RuntimeException e) {
            extensions.forEach(Extension::close);
            throw e;
        }
        return extensions;
    }
}
