#!/usr/bin/env python3
"""The client's CPU per HTTP request, by way of sending it: what ``clients/transport.py`` saves.

    .venv/bin/python benchmarks/http_transport.py [--requests 3000]

A server in a child process on 127.0.0.1 answers every request at once with a 0.6 kB JSON body (its CPU is not
counted). Each way sends the same POST with a JSON body and reads the answer as JSON; the figure is this thread's
CPU time per request, the best of three rounds. Prints one JSON object (microseconds per request):
- ``httpx_client``: ``httpx.Client`` on httpx's own transport (httpcore and h11), what clients/http.py used before;
- ``httpx_transport``: httpx's own transport called directly (no Client);
- ``stdlib_transport``: ``StdlibTransport`` called with an ``httpx.Request``, as clients/http.py did in the fifth round;
- ``http_api``: ``HttpApi.request`` and ``HttpApi.json``, what the clients do (on ``StdlibTransport.exchange``, no
  ``httpx.Request`` or ``httpx.Response`` made; with its rate limiter, counting and headers);
- ``http_client``: the standard library's ``http.client`` alone, the floor.
"""

from __future__ import annotations

import argparse
import http.client
import json
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

from fortsync_gui.clients.errors import ApiError
from fortsync_gui.clients.http import HttpApi
from fortsync_gui.clients.ratelimit import RateLimit, SlidingWindowLimiter
from fortsync_gui.clients.transport import StdlibTransport

SERVER = r"""
import asyncio, json
body = json.dumps({"Customer": {"CustomerNumber": "1", "Name": "x" * 600}}).encode()
answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)) + body

async def serve(reader, writer):
    while True:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return
        length = [int(h.split(b":")[1]) for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:")]
        if length:
            await reader.readexactly(length[0])
        writer.write(answer)
        await writer.drain()

async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""

BODY = {"name": "Exempel AB", "phone": "08-123 45 67", "custom": [{"fieldId": 1, "value": "x"}]}
HEADERS = {"Authorization": "Bearer " + "x" * 40, "Accept": "application/json", "User-Agent": "Fortsync/0.1"}
TIMEOUT = {"timeout": httpx.Timeout(30.0).as_dict()}


def cpu_us_per_request(send: Callable[[], object], requests: int) -> float:
    send()  # the connection is made outside the measurement
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        for _ in range(requests):
            send()
        best = min(best, (time.thread_time() - started) / requests * 1e6)
    return round(best)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port}/api/v2/accounts"

        client = httpx.Client()
        transports = {"httpx_transport": httpx.HTTPTransport(), "stdlib_transport": StdlibTransport()}

        def through(transport: httpx.BaseTransport) -> Callable[[], object]:
            def send() -> object:
                response = transport.handle_request(
                    httpx.Request("POST", url, json=BODY, headers=HEADERS, extensions=TIMEOUT))
                response.read()
                return response.json()
            return send

        api = HttpApi("bench", f"http://127.0.0.1:{port}", limiter=SlidingWindowLimiter(RateLimit(10**9, 1.0)),
                      error_mapper=lambda r: ApiError("bench", r.text),
                      auth_headers=lambda: {"Authorization": HEADERS["Authorization"]})
        connection = http.client.HTTPConnection("127.0.0.1", port)

        def plain() -> object:
            connection.request("POST", "/api/v2/accounts", body=json.dumps(BODY).encode(),
                               headers={**HEADERS, "Content-Type": "application/json"})
            return json.loads(connection.getresponse().read())

        figures = {"requests": args.requests,
                   "httpx_client": cpu_us_per_request(
                       lambda: client.post(url, json=BODY, headers=HEADERS, timeout=30.0).json(), args.requests)}
        figures |= {name: cpu_us_per_request(through(t), args.requests) for name, t in transports.items()}
        figures["http_api"] = cpu_us_per_request(
            lambda: api.json(api.request("POST", "/api/v2/accounts", json_body=BODY)), args.requests)
        figures["http_client"] = cpu_us_per_request(plain, args.requests)
    finally:
        server.terminate()
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
