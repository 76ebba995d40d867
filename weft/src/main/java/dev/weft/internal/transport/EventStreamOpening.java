package dev.weft.internal.transport;

import dev.weft.protocol.http.RequestHead;
import dev.weft.sse.EventStreamListener;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Map;

/**
 * What an accepted {@code EventSource} request opens: the stream's listener, its request and
 * path parameters, what the interceptor attached, and the endpoint's keepalive interval.
 *
 * @param listener       the stream's listener
 * @param request        the request head
 * @param pathParameters the endpoint path's named segments
 * @param attachment     the interceptor's attachment, or {@code null}
 * @param keepAlive      how long a stream may be silent before a comment is sent; zero for never
 */
public record EventStreamOpening(EventStreamListener listener, RequestHead request, Map<String, String> pathParameters,
                                 @Nullable Object attachment, Duration keepAlive) {
}
