package dev.weft;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every call of {@link WebSocketListener}, present and to come, reaches the listener a {@link ForwardingListener} wraps. */
class ForwardingListenerTest {
    @Test
    void everyCallOfTheListenerInterfaceIsPassedOnWithItsArguments() throws Exception {
        List<String> received = new ArrayList<>();
        WebSocketListener inner = (WebSocketListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketListener.class}, (proxy, method, args) -> {
                    received.add(method.getName() + Arrays.toString(args));
                    return null;
                });
        ForwardingListener forwarding = new ForwardingListener(inner);
        List<String> sent = new ArrayList<>();
        for (Method m : WebSocketListener.class.getMethods()) {
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> t = m.getParameterTypes()[i];
                args[i] = t == int.class ? 1000 + i : t == boolean.class ? Boolean.TRUE : t == String.class ? "arg" + i
                        : t == MessageType.class ? MessageType.BINARY : null;
            }
            m.invoke(forwarding, args);
            sent.add(m.getName() + Arrays.toString(args));
        }
        assertThat(sent).hasSizeGreaterThanOrEqualTo(9);
        assertThat(received).as("each call, with the same arguments").containsExactlyElementsOf(sent);
    }
}
