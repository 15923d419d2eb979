#!/usr/bin/env python3
"""Load test for `trellis serve`: N clients connect at once, each signs in and finishes site
setup, and every answer is then checked in the store. Prints timings for BENCHMARKS.md.

Usage: scripts/load.py [CLIENTS] [path/to/trellis]   (default 1000, .build/release/trellis)
Needs only Python 3. Starts its own server on a free port with a fresh data folder.
"""
import asyncio, json, os, signal, statistics, subprocess, sys, tempfile, time

CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
TRELLIS = sys.argv[2] if len(sys.argv) > 2 else ".build/release/trellis"
ANSWERS = ["site setup", "SCHOOL", "Riverbend", "hybrid", "1", "Riverbend Health", "health",
           "Maternal health sessions", "yes", "City Council", "local", "", "no", "embedded", "Riverbend Health"]
# The text that follows each answer: the next question (or the end).
EXPECT = ["What is the site called?", "Which community", "Which model", "Which phase", "organisation's name",
          "Which sector", "bring to the site", "add another partner", "organisation's name", "Which sector",
          "bring to the site", "add another partner", "How is the backbone arranged", "Which partner hosts", "Done. Thank you!"]


def cpu_seconds(pid):
    """User + system CPU of a process, all threads, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Barrier:
    """Holds every client after sign-in until all have signed in, noting the server's CPU then."""
    def __init__(self, count, pid):
        self.left, self.pid, self.event, self.cpu = count, pid, asyncio.Event(), 0.0

    async def wait(self):
        self.left -= 1
        if self.left == 0:
            self.cpu = cpu_seconds(self.pid)
            self.event.set()
        await self.event.wait()


async def client(n, port, code, latencies, signins, barrier):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    buffer = ""

    async def until(text):
        nonlocal buffer
        while text not in buffer:
            chunk = await asyncio.wait_for(reader.read(65536), timeout=120)
            if not chunk:
                raise RuntimeError(f"client {n}: closed waiting for {text!r}")
            buffer += chunk.decode()
        buffer = buffer[buffer.index(text) + len(text):]

    async def send(line, expect, into):
        start = time.perf_counter()
        writer.write((line + "\n").encode())
        await writer.drain()
        await until(expect)
        into.append(time.perf_counter() - start)

    await until("Which site are you with?")
    await send("demo", "access code?", signins)
    await send(code, "What is your name?", signins)
    await send(f"Person {n}", "Which dialogue would you like to start?", signins)
    await barrier.wait()
    for answer, expect in zip(ANSWERS, EXPECT):
        await send(answer.replace("SCHOOL", f"School {n}"), expect, latencies)
    writer.close()


async def main():
    data = tempfile.mkdtemp(prefix="trellis-load-")
    created = subprocess.run([TRELLIS, "site", "create", "demo", "--name", "Load", "--data", data],
                             check=True, capture_output=True, text=True).stdout
    code = [l for l in created.splitlines() if l.startswith("Access code: ")][0].split(": ")[1]
    server = subprocess.Popen([TRELLIS, "serve", "--port", "0", "--data", data, "--max-clients", str(CLIENTS + 10),
                               "--log-level", "warn"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = int(server.stdout.readline().strip().rsplit(":", 1)[1])
    latencies, signins = [], []
    barrier = Barrier(CLIENTS, server.pid)
    start = time.perf_counter()
    results = await asyncio.gather(*(client(n, port, code, latencies, signins, barrier) for n in range(CLIENTS)), return_exceptions=True)
    elapsed = time.perf_counter() - start
    failures = [r for r in results if isinstance(r, Exception)]
    cpu = cpu_seconds(server.pid)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    log = server.stderr.read()
    history = subprocess.run([TRELLIS, "history", "demo", "--json", "--data", data], check=True, capture_output=True, text=True).stdout
    rows = [json.loads(l) for l in history.splitlines()]
    people = {r["person"] for r in rows if r["path"] == "backbone.host"}
    names = {r["value"] for r in rows if r["path"] == "site.name"}
    def spread(values):
        values = sorted(values)
        q = lambda p: values[min(len(values) - 1, int(p * len(values)))] * 1000
        return f"p50 {q(0.5):.1f}, p90 {q(0.9):.1f}, p99 {q(0.99):.1f}, max {values[-1] * 1000:.1f}"
    print(f"clients: {CLIENTS}, finished: {CLIENTS - len(failures)}, failures: {len(failures)} {failures[:3]}")
    print(f"wall time: {elapsed:.2f} s, lines sent: {len(latencies) + len(signins)}, {(len(latencies) + len(signins)) / elapsed:.0f} lines/s")
    print(f"sign-in steps, ms (site, code, name; the code check is yescrypt): {spread(signins)}")
    print(f"answers, ms (send an answer -> its commit -> the next question): {spread(latencies)}")
    answer_cpu = cpu - barrier.cpu
    print(f"server CPU, all threads: sign-in {barrier.cpu:.2f} s ({barrier.cpu / CLIENTS * 1000:.1f} ms per person, mostly yescrypt); "
          f"answers {answer_cpu:.2f} s for {len(latencies)} lines = {answer_cpu / len(latencies) * 1000:.3f} ms per line "
          f"(engine, rendering, socket I/O and the SQLite commits)")
    print(f"store: {len(rows)} answer rows, {len(people)} people reached the last answer, {len(names)} distinct site names")
    print("server exit:", server.returncode, "| last log line:", log.strip().splitlines()[-1] if log.strip() else "(none)")
    ok = not failures and len(people) == CLIENTS and len(names) == CLIENTS and server.returncode == 0
    print("ALL ANSWERS STORED" if ok else "CHECK FAILED")
    sys.exit(0 if ok else 1)

asyncio.run(main())
