"""
Readers of one live page, simulated: each asks `<path>?after=<the newest post it has>` every
`interval` seconds (give or take 2.5 s, as static/js/live.js does), over a pool of keep-alive
connections, sending the ETag of its last answer as a browser's `fetch(…, {cache: "no-cache"})`
does. The schedule is fixed in advance (open loop): a slow site shows up as latency and lag, not
as fewer requests. Prints one JSON object: answers, latencies, bytes, and how long each new post
took to reach each reader.

    python -m bench.live_readers --base http://127.0.0.1:6081 --path /news/x/live/ --latest 200 \
        --readers 10000 --interval 20 --duration 120

Plain Python (asyncio), no Django: it runs as a process of its own beside the site.
"""

import argparse
import asyncio
import gzip
import heapq
import json
import random
import re
import statistics
import sys
import time
from datetime import datetime
from urllib.parse import urlsplit

JITTER = 5.0
LATEST = re.compile(rb'data-latest="(\d+)"')
POST_TIME = re.compile(rb'class="live-post__time"[^>]*><time datetime="([^"]+)"')


class Reader:
    __slots__ = ("etag", "latest")

    def __init__(self, latest):
        self.latest, self.etag = latest, None


class Results:
    def __init__(self):
        self.latencies, self.lags, self.delays = [], [], []
        self.statuses, self.errors = {}, []
        self.nothing_new_bytes, self.new_bytes = [], []
        self.cache = {}


async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if b":" in line:
            name, value = line.split(b":", 1)
            headers[name.strip().lower()] = value.strip()
    body = b""
    if headers.get(b"transfer-encoding") == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    elif b"content-length" in headers:
        body = await reader.readexactly(int(headers[b"content-length"]))
    return status, headers, body, len(head) + len(body)


async def connection(host, port, queue, results, path, readers):
    stream = None
    while True:
        due, index = await queue.get()
        if due is None:
            return
        reader = readers[index]
        try:
            if stream is None:
                stream = await asyncio.open_connection(host, port)
            lines = [
                f"GET {path}?after={reader.latest} HTTP/1.1",
                f"Host: {host}:{port}",
                "Accept-Encoding: gzip",
                "Cache-Control: no-cache",
            ]
            if reader.etag:
                lines.append(f"If-None-Match: {reader.etag}")
            started = time.time()
            results.lags.append(started - due)
            stream[1].write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await stream[1].drain()
            status, headers, body, size = await read_response(stream[0])
            finished = time.time()
        except (OSError, asyncio.IncompleteReadError, ValueError) as error:
            results.errors.append(repr(error))
            if stream is not None:
                stream[1].close()
            stream = None
            continue
        finally:
            queue.task_done()
        if headers.get(b"connection", b"").lower() == b"close":  # gunicorn's sync workers close after each answer
            stream[1].close()
            stream = None
        results.latencies.append(finished - started)
        results.statuses[status] = results.statuses.get(status, 0) + 1
        state = headers.get(b"x-cache", b"").decode()
        if state:
            results.cache[state] = results.cache.get(state, 0) + 1
        if status == 304:
            results.nothing_new_bytes.append(size)
            continue
        if status != 200:
            results.errors.append(f"HTTP {status}")
            continue
        reader.etag = headers.get(b"etag", b"").decode() or None
        text = gzip.decompress(body) if headers.get(b"content-encoding") == b"gzip" else body
        times = POST_TIME.findall(text)
        if not times:
            results.nothing_new_bytes.append(size)
        else:
            results.new_bytes.append(size)
            for stamp in times:
                results.delays.append(finished - datetime.fromisoformat(stamp.decode()).timestamp())
        if (found := LATEST.search(text)) and int(found.group(1)) != reader.latest:
            reader.latest, reader.etag = int(found.group(1)), None


async def run(args):
    url = urlsplit(args.base)
    readers = [Reader(args.latest) for _ in range(args.readers)]
    start = time.time() + 0.5
    schedule = [(start + random.uniform(0, args.interval), n) for n in range(args.readers)]
    heapq.heapify(schedule)
    queue = asyncio.Queue()
    results = Results()
    stop_at = start + args.duration
    workers = [
        asyncio.create_task(connection(url.hostname, url.port, queue, results, args.path, readers))
        for _ in range(args.connections)
    ]
    sent = 0
    while schedule:
        due, index = heapq.heappop(schedule)
        if due >= stop_at:
            break
        delay = due - time.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((due, index))
        sent += 1
        heapq.heappush(schedule, (due + args.interval + random.uniform(-JITTER / 2, JITTER / 2), index))
    await queue.join()
    for _ in workers:
        queue.put_nowait((None, None))
    await asyncio.gather(*workers)
    return summary(results, sent, args)


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(results, sent, args):
    ms = [latency * 1000 for latency in results.latencies]
    return {
        "readers": args.readers,
        "interval_s": args.interval,
        "duration_s": args.duration,
        "requests": sent,
        "rps": round(sent / args.duration, 1),
        "statuses": results.statuses,
        "errors": len(results.errors),
        "error_sample": results.errors[:5],
        "p50_ms": round(percentile(ms, 0.50), 2) if ms else None,
        "p99_ms": round(percentile(ms, 0.99), 2) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
        "send_lag_p99_ms": round(percentile(results.lags, 0.99) * 1000, 1) if results.lags else None,
        "nothing_new": len(results.nothing_new_bytes),
        "nothing_new_bytes_median": statistics.median(results.nothing_new_bytes) if results.nothing_new_bytes else None,
        "nothing_new_bytes_max": max(results.nothing_new_bytes) if results.nothing_new_bytes else None,
        "with_posts": len(results.new_bytes),
        "deliveries": len(results.delays),
        "delivery_p50_s": round(percentile(results.delays, 0.50), 1) if results.delays else None,
        "delivery_p95_s": round(percentile(results.delays, 0.95), 1) if results.delays else None,
        "delivery_max_s": round(max(results.delays), 1) if results.delays else None,
        "x_cache": results.cache,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--latest", type=int, required=True)
    parser.add_argument("--readers", type=int, default=10_000)
    parser.add_argument("--interval", type=float, default=20.0)
    parser.add_argument("--duration", type=float, default=120.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    sys.stdout.write(json.dumps(asyncio.run(run(args))) + "\n")


if __name__ == "__main__":
    main()
