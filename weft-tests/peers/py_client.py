"""usage: python3 py_client.py <base-url> [--version 13]

Drives the websockets package's client (Debian's python3-websockets) through the standard
conversation with a weft server; prints one line per check and exits non-zero at the first
failure. Compression stays at its default (offered): weft must decline it cleanly.
"""
import asyncio
import os
import sys

import websockets

SIZES = [0, 1, 125, 126, 127, 65535, 65536, 1 << 20, 16 * 1024 * 1024]


def text(n):
    head = "é€😀"
    hb = len(head.encode("utf-8"))
    return head + "a" * (n - hb) if n >= hb else "a" * n


def check(cond, what):
    if not cond:
        print("FAIL " + what, flush=True)
        sys.exit(1)
    print("ok " + what, flush=True)


async def main(base):
    async with websockets.connect(base + "/echo", max_size=None) as ws:
        for n in SIZES:
            t = text(n)
            await ws.send(t)
            check(await asyncio.wait_for(ws.recv(), 30) == t, "text echo of %d bytes" % n)
            b = os.urandom(n)
            await ws.send(b)
            check(await asyncio.wait_for(ws.recv(), 30) == b, "binary echo of %d bytes" % n)
        await ws.send(["frag", "men", "", "ted é"])
        check(await asyncio.wait_for(ws.recv(), 10) == "fragmented é", "fragmented text reassembled")
        await ws.send([b"\x01\x02", b"", b"\x03"])
        check(await asyncio.wait_for(ws.recv(), 10) == b"\x01\x02\x03", "fragmented binary reassembled")
        pong = await ws.ping(b"ping-123")
        await asyncio.wait_for(pong, 10)
        check(True, "pong carries the ping payload")
        await ws.close(4001, "bye")
        check(ws.close_code == 4001, "client close 4001 echoed (got %s)" % ws.close_code)

    ws = await websockets.connect(base + "/echo")
    await ws.send("please-close")
    await asyncio.wait_for(ws.wait_closed(), 10)
    check(ws.close_code == 4002 and ws.close_reason == "server bye",
          "server close 4002 'server bye' received (got %s %r)" % (ws.close_code, ws.close_reason))

    ws = await websockets.connect(base + "/chat", subprotocols=["x-unknown", "chat.v1"])
    check(ws.subprotocol == "chat.v1", "subprotocol chat.v1 chosen (got %s)" % ws.subprotocol)
    await ws.close()

    try:
        ws = await websockets.connect(base + "/reject")
        await ws.close()
        check(False, "handshake refused")
    except websockets.exceptions.InvalidStatusCode as e:
        check(e.status_code == 403, "handshake refused with 403 (got %s)" % e.status_code)
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
