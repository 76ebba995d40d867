"""usage: python3 py_server.py [WINDOW_BITS]

Runs the websockets package's server (Debian's python3-websockets) on a free loopback port and
prints "listening <port>". It echoes every message; answers "please-close" by closing with
4002 "server bye"; refuses /reject with 403; chooses chat.v1 when offered; prints
"closed <code> <reason>" as each connection closes. With WINDOW_BITS, permessage-deflate is held
to windows of that many bits both ways (server_max_window_bits and client_max_window_bits).
"""
import asyncio
import http
import sys

import websockets


async def handler(ws, path):
    try:
        async for msg in ws:
            if msg == "please-close":
                await ws.close(4002, "server bye")
                break
            await ws.send(msg)
    except websockets.ConnectionClosed:
        pass
    await ws.wait_closed()
    print("closed %s %s" % (ws.close_code, ws.close_reason), flush=True)


async def refuse(path, headers):
    if path == "/reject":
        return http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")], b"go away"
    return None


async def main():
    options = {}
    if len(sys.argv) > 1:
        from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
        bits = int(sys.argv[1])
        options["extensions"] = [ServerPerMessageDeflateFactory(server_max_window_bits=bits,
                                                                client_max_window_bits=bits)]
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, subprotocols=["chat.v1"],
                                process_request=refuse, **options) as server:
        print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
