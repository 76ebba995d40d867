"""usage: python3 py_subscriber.py <url>

Debian's python3-websockets with its default compression (permessage-deflate, the server keeping
its context) against a weft server that echoes each text message and then publishes it,
reversed and prefixed "news:", to a topic this connection is on. Sends 50 messages that repeat
one another and checks each echo and each publish: the package inflates all of them with one
inflater, as context takeover requires. Prints "negotiated <header>", then "ok subscriber" and
exits 0, or prints "FAIL ..." and exits 1 at the first mismatch.
"""
import asyncio
import sys

import websockets


def fail(what):
    print("FAIL " + what, flush=True)
    sys.exit(1)


async def main(url):
    async with websockets.connect(url) as ws:
        print("negotiated " + (ws.response_headers.get("Sec-WebSocket-Extensions") or "(none)"), flush=True)
        for i in range(50):
            text = '{"seq":%d,"words":"%s"}' % (i, "the same words, said again and again; " * (20 + i % 7))
            await ws.send(text)
            echo = await asyncio.wait_for(ws.recv(), 10)
            if echo != text:
                fail("echo %d: %r" % (i, echo[:80]))
            published = await asyncio.wait_for(ws.recv(), 10)
            if published != "news:" + text[::-1]:
                fail("publish %d: %r" % (i, published[:80]))
        print("ok subscriber", flush=True)


asyncio.run(main(sys.argv[1]))
