"""usage: python3 py_server.py

Runs the websockets package's server (Debian's python3-websockets) on a free loopback port and
prints "listening <port>". It echoes every message; answers "please-close" by closing with
4002 "server bye"; refuses /reject with 403; chooses chat.v1 when offered; prints
"closed <code> <reason>" as each connection closes.
"""
import asyncio
import http

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
    async with websockets.serve(handler, "127.0.0.1", 0, max_size=None, subprotocols=["chat.v1"],
                                process_request=refuse) as server:
        print("listening %d" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
