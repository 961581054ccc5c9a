"""Stand-ins the fault tests can break and mend: a TCP proxy in front of
PostgreSQL and a small SMTP server, each on a loopback port in a thread of the
test process."""

from __future__ import annotations

import asyncio
import contextlib
import threading


class _LoopThread:
    """An asyncio loop of its own in a daemon thread."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coroutine, timeout: float = 10):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


class TcpProxy(_LoopThread):
    """Forwards 127.0.0.1:<port> to a target. `cut()` drops every connection
    and closes new ones at once, as a database restart does; `restore()` lets
    them through again."""

    def __init__(self, target_port: int):
        super().__init__()
        self.target_port = target_port
        self.open = True
        self.writers: set[asyncio.StreamWriter] = set()
        self.server = self.call(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]

    async def _handle(self, reader, writer):
        if not self.open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(
                "127.0.0.1", self.target_port
            )
        except OSError:
            writer.close()
            return
        self.writers |= {writer, up_writer}
        await asyncio.gather(
            self._pipe(reader, up_writer),
            self._pipe(up_reader, writer),
            return_exceptions=True,
        )

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            self.writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.close()

    async def _cut(self):
        self.open = False
        for writer in list(self.writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self.writers.clear()

    def cut(self) -> None:
        self.call(self._cut())

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self.server.close()
        self.stop()


class SmtpServer(_LoopThread):
    """Enough SMTP for Django's backend. While `refusing`, it greets every
    connection with 554 and hangs up; while `silent`, it accepts connections
    and never answers; otherwise it keeps each message."""

    def __init__(self):
        super().__init__()
        self.refusing = False
        self.silent = False
        self.messages: list[bytes] = []
        self.server = self.call(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]

    async def _handle(self, reader, writer):
        try:
            if self.silent:
                await reader.read()  # until the client gives up
                return
            if self.refusing:
                writer.write(b"554 5.3.2 Not accepting mail just now\r\n")
                await writer.drain()
                return
            writer.write(b"220 faults.test ESMTP\r\n")
            await writer.drain()
            while line := await reader.readline():
                command = line.strip().upper()
                if command.startswith((b"EHLO", b"HELO")):
                    writer.write(b"250 faults.test\r\n")
                elif command == b"DATA":
                    writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    await writer.drain()
                    body = await reader.readuntil(b"\r\n.\r\n")
                    self.messages.append(body)
                    writer.write(b"250 2.0.0 Queued\r\n")
                elif command == b"QUIT":
                    writer.write(b"221 Bye\r\n")
                    await writer.drain()
                    return
                else:  # MAIL, RCPT, RSET, NOOP
                    writer.write(b"250 OK\r\n")
                await writer.drain()
        finally:
            writer.close()

    def close(self) -> None:
        self.server.close()
        self.stop()
