package dev.weft.benchmarks;

import dev.weft.protocol.handshake.ServerHandshake;
import dev.weft.protocol.handshake.UpgradeRequest;
import dev.weft.protocol.http.HeadLimits;
import dev.weft.protocol.http.HttpFields;
import dev.weft.protocol.http.HttpHeadParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's side of an opening handshake as Chromium sends it: parsing the head, validating
 * the upgrade and writing the 101 response, against a naive baseline (decode, split into lines,
 * a map of headers) that checks nothing and answers nothing.
 */
@State(Scope.Thread)
public class HandshakeParseBenchmark {
    /** A browser's upgrade request, as captured from Chromium (cookie and key made up). */
    static final byte[] REQUEST = ("GET /chat?room=lobby HTTP/1.1\r\n"
            + "Host: chat.example.com\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: https://chat.example.com\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Cookie: session=4f2a9c1e7b3d; theme=dark\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    private ByteBuffer in;

    @Setup
    public void setup() {
        in = ByteBuffer.wrap(REQUEST);
    }

    @Benchmark
    public Map<String, String> naiveSplitBaseline() {
        String[] lines = new String(REQUEST, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(), lines[i].substring(colon + 1).trim());
        }
        return headers;
    }

    @Benchmark
    public byte[] weftParseValidateAnswer() throws Exception {
        HttpHeadParser parser = HttpHeadParser.forRequest(HeadLimits.DEFAULTS);
        in.clear();
        parser.feed(in);
        UpgradeRequest upgrade = ServerHandshake.validate(parser.request());
        return ServerHandshake.accept(upgrade, null, List.of(), HttpFields.empty()).encode();
    }
}
