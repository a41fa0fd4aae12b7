"""Fake venue WebSocket servers on 127.0.0.1, run on their own event loop in a thread.

Each server replays a scripted list of frames per connection (recorded samples and generated
messages) and answers the commands the venue would answer: Kalshi `subscribe` -> `subscribed`
and `get_snapshot` -> a fresh snapshot; Polymarket text `PING` -> `PONG` (unless told to play
dead). Special script entries: CLOSE ends the connection, SILENT stops sending and answering.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import websockets
from websockets.asyncio.server import ServerConnection

CLOSE = "__close__"
SILENT = "__silent__"


class ServerThread:
    """An event loop in a daemon thread for fake servers (a pytest fixture starts one)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


class FakeConnection:
    def __init__(self, ws: ServerConnection, index: int) -> None:
        self.ws = ws
        self.index = index
        # Case-insensitive, as HTTP headers are.
        self.headers = ws.request.headers if ws.request else {}
        self.received: list[Any] = []
        self.silent = False


class FakeVenue:
    """Base: accept connections, record what clients send, replay the script."""

    def __init__(self, scripts: list[list[Any]]) -> None:
        self.scripts = scripts
        self.connections: list[FakeConnection] = []
        self.url = ""
        self._server: Any = None

    async def start(self) -> FakeVenue:
        self._server = await websockets.serve(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, ws: ServerConnection) -> None:
        conn = FakeConnection(ws, len(self.connections))
        self.connections.append(conn)
        try:
            async for text in ws:
                conn.received.append(text if text in ("PING", "PONG") else json.loads(text))
                if conn.silent:
                    continue
                if await self.answer(conn, text) == CLOSE:
                    await ws.close()
                    return
        except websockets.ConnectionClosed:
            return

    async def play(self, conn: FakeConnection) -> str | None:
        """Send this connection's script; returns CLOSE or SILENT when the script says so."""
        script = self.scripts[min(conn.index, len(self.scripts) - 1)]
        for frame in script:
            if frame in (CLOSE, SILENT):
                conn.silent = frame == SILENT
                return frame
            await conn.ws.send(frame if isinstance(frame, str) else json.dumps(frame))
        return None

    async def answer(self, conn: FakeConnection, text: str) -> str | None:
        raise NotImplementedError


class FakeKalshi(FakeVenue):
    """Answers subscribe (sid 1) then plays the script; get_snapshot gets `snapshot(ticker)`."""

    def __init__(self, scripts: list[list[Any]],
                 snapshot: Callable[[str, int], dict[str, Any]] | None = None) -> None:
        super().__init__(scripts)
        self.snapshot = snapshot
        self.next_seq: dict[int, int] = {}

    async def answer(self, conn: FakeConnection, text: str) -> str | None:
        command = json.loads(text)
        if command.get("cmd") == "subscribe":
            await conn.ws.send(json.dumps({"id": command["id"], "type": "subscribed",
                                           "msg": {"channel": "orderbook_delta", "sid": 1}}))
            result = await self.play(conn)
            self.next_seq[conn.index] = _max_seq(self.scripts[min(conn.index,
                                                                  len(self.scripts) - 1)]) + 1
            return result
        params = command.get("params", {})
        if params.get("action") == "get_snapshot" and self.snapshot is not None:
            for ticker in params["market_tickers"]:
                seq = self.next_seq.get(conn.index, 1)
                self.next_seq[conn.index] = seq + 1
                await conn.ws.send(json.dumps(self.snapshot(ticker, seq)))
        else:
            await conn.ws.send(json.dumps({"id": command.get("id"), "type": "ok", "msg": {}}))
        return None


class FakePolymarket(FakeVenue):
    """Plays the script after the first subscription message; answers PING with PONG."""

    async def answer(self, conn: FakeConnection, text: str) -> str | None:
        if text == "PING":
            await conn.ws.send("PONG")
            return None
        message = json.loads(text)
        if message.get("type") == "market":
            return await self.play(conn)
        return None


def _max_seq(script: list[Any]) -> int:
    seqs = [f.get("seq", 0) for f in script if isinstance(f, dict)]
    return max(seqs, default=0)
