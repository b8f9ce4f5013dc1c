"""
`make bench`'s HTTP part: serve the current database with gunicorn and production settings on
127.0.0.1, and drive it from a second process with wrk (or a small Python client where wrk is
missing). Every page is measured in rounds interleaved with two references served by the same
gunicorn: /health/ (the framework's floor) and the stylesheet through whitenoise.
"""

import gzip
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Count

from articles.models import Article, Author, Section, Tag
from bench.http_report import REFERENCES, render
from bench.report import write_section
from locations.models import Location

# The third run: no cache of any kind, not even for page parts and counts.
NO_CACHE = {"CACHE_URL": "dummy://"}


class Command(BaseCommand):
    help = (
        "Measure reader pages over HTTP with gunicorn (production settings) and wrk, cached and "
        "uncached, against /health/ and a static file; optionally worker memory over many requests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=3, help="Seconds per measurement.")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument("--memory-requests", type=int, default=0, help="Also watch worker memory over N requests.")
        parser.add_argument(
            "--scale",
            nargs=2,
            metavar=("SMALL_DATABASE_URL", "LARGE_DATABASE_URL"),
            help="Serve both databases side by side and compare each page's p50 on the two, alternately.",
        )
        parser.add_argument("--pages-json", action="store_true", help="Print this database's pages as JSON.")
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, **options):
        self.options = options
        if options["pages_json"]:
            return self.stdout.write(json.dumps({"articles": Article.objects.count(), "pages": self.pages()}))
        if options["scale"]:
            return self.scale(*options["scale"], write=not options["no_write"])
        articles = Article.objects.count()
        pages = self.pages()
        self.stdout.write(f"{articles:,} articles, {connection.vendor}; load generator: {load_generator_name()}")
        results = {}
        modes = [("cached", 600, pages, {}), ("uncached", 0, pages, {}), ("nocache", 0, pages, NO_CACHE)]
        for mode, seconds, measured, env in modes:
            with serve(seconds, options["workers"], env) as (base, _master):
                css = stylesheet_path(base)
                targets = [(REFERENCES[0], "/health/"), (REFERENCES[1], css), *measured]
                for _label, path in targets:
                    fetch(base + path)  # warm: first renders, cache fill, connections
                runs = {label: [] for label, _path in targets}
                for n in range(options["rounds"]):
                    for label, path in targets:
                        runs[label].append(load(base + path, options["duration"], options["connections"]))
                    self.stdout.write(f"  {mode}: round {n + 1} of {options['rounds']} done")
                results[mode] = {label: summarise(samples) for label, samples in runs.items()}
                if mode == "cached":
                    weight = page_weight(base, dict(pages)["Article"], css)
        memory = None
        if options["memory_requests"]:
            memory = self.memory(pages, options["memory_requests"])
        report = {"articles": articles, "vendor": connection.vendor, "results": results, "weight": weight}
        report["load_generator"] = load_generator_name()
        report["memory"] = memory
        text = render(report, options)
        self.stdout.write(text)
        if not options["no_write"]:
            write_section(text, f"## HTTP: {articles:,} articles, {connection.vendor}")

    def pages(self):
        return self.edition_pages("en") + self.edition_pages("uk")

    def edition_pages(self, language):
        """
        Each kind of reader page in one edition (the English labels plain, the Ukrainian ones
        marked), the busiest of its kind; a kind the edition has nothing of is left out.
        """
        stories = Article.objects.published(language)
        story = stories.annotate(n=Count("tags")).filter(n__gt=0).order_by("-published_at").first()
        tagged = Tag.objects.filter(tagged_articles__content_object__language=language)
        busiest = {
            "Tag (most used)": tagged.annotate(n=Count("tagged_articles")),
            "Section (most stories)": Section.objects.filter(articles__language=language).annotate(n=Count("articles")),
            "Author (most stories)": Author.objects.filter(articles__language=language).annotate(n=Count("articles")),
        }
        ukraine = Location.objects.get(slug="ukraine")
        deep = min(1000, max(1, -(-stories.about(ukraine).count() // settings.ARTICLES_PER_PAGE)))
        prefix, mark = ("", "") if language == "en" else (f"/{language}", ", Ukrainian")
        pages = [
            ("Home", "/"),
            ("Article", story.get_absolute_url()[len(prefix) :] if story else None),
            *((label, found.get_absolute_url()) for label, found in _first_of_each(busiest)),
            ("Place: Ukraine", "/places/ukraine/"),
            (f"Place: Ukraine, page {deep:,}", f"/places/ukraine/?page={deep}"),
            ("Search", "/search/?q=" + quote("attacks" if language == "en" else "обстріли")),
        ]
        return [(label + mark, prefix + path) for label, path in pages if path]

    def memory(self, pages, requests):
        """Resident memory of the workers after a tenth of the requests and after all of them (cache off)."""
        with serve(0, self.options["workers"]) as (base, master):
            paths = [path for _label, path in pages]
            drive(base, paths, requests // 10, self.options["connections"])
            early = worker_rss(master)
            sent = drive(base, paths, requests - requests // 10, self.options["connections"])
            late = worker_rss(master)
        return {"requests": requests // 10 + sent, "early_mb": early, "late_mb": late}

    def scale(self, small_url, large_url, write):
        """
        p50 of every page on a small and a large database, served side by side (one gunicorn each,
        same settings) and measured alternately, page by page, in every round: whatever else the
        machine does in those minutes weighs on both sides alike.
        """
        sites = [pages_of(small_url), pages_of(large_url)]
        options = self.options
        rows = []
        for mode, seconds in (("cached", 600), ("uncached", 0)):
            with (
                serve(seconds, options["workers"], {"DATABASE_URL": small_url}) as (small, _),
                serve(seconds, options["workers"], {"DATABASE_URL": large_url}) as (large, _),
            ):
                pairs = list(zip(sites[0]["pages"], sites[1]["pages"], strict=True))
                for (_, small_path), (_, large_path) in pairs:  # warm: first renders, cache fill, connections
                    fetch(small + small_path)
                    fetch(large + large_path)
                samples = [([], []) for _pair in pairs]
                for n in range(options["rounds"]):
                    for (small_samples, large_samples), ((_, small_path), (_, large_path)) in zip(
                        samples, pairs, strict=True
                    ):
                        small_samples.append(load(small + small_path, options["duration"], options["connections"]))
                        large_samples.append(load(large + large_path, options["duration"], options["connections"]))
                    self.stdout.write(f"  side by side, {mode}: round {n + 1} of {options['rounds']} done")
                for (_, (label, _)), (small_samples, large_samples) in zip(pairs, samples, strict=True):
                    rows.append((label, mode, summarise(small_samples), summarise(large_samples)))
        small_n, large_n = sites[0]["articles"], sites[1]["articles"]
        lines = [
            f"## HTTP: {small_n:,} against {large_n:,} articles",
            "",
            f"p50 latency of each page at {large_n:,} articles divided by its p50 at {small_n:,} (target: at "
            f"most 1.5). Both sites served at once by their own gunicorn ({options['workers']} sync workers "
            f"each, production settings) and measured alternately, page by page, {options['rounds']} rounds "
            f"of {options['duration']:g} s with {load_generator_name()} at {options['connections']} connections; "
            "medians. The deep place page is page 1,000 on the large site and the last page on the small one.",
            "",
            "| page | mode | p50 ms, small | p50 ms, large | ratio | target |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for label, mode, before, after in rows:
            ratio = after["p50_ms"] / before["p50_ms"] if before["p50_ms"] else 0
            verdict = "met" if ratio <= 1.5 else "**missed**"
            lines.append(
                f"| {label} | {mode} | {before['p50_ms']:.2f} | {after['p50_ms']:.2f} | {ratio:.2f} | {verdict} |"
            )
        text = "\n".join(lines) + "\n"
        self.stdout.write(text)
        if write:
            write_section(text, lines[0])


def _first_of_each(querysets):
    """(label, the object with the highest count n) for each labelled queryset that has any."""
    for label, queryset in querysets.items():
        if (found := queryset.order_by("-n").first()) is not None:
            yield label, found


def pages_of(database_url):
    """The pages `pages()` picks on another database, from a process pointed at it."""
    out = subprocess.run(
        [sys.executable, "manage.py", "bench_http", "--pages-json"],
        env={**os.environ, "DATABASE_URL": database_url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


# Serving


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve(page_cache_seconds, workers, extra_env=None):
    """gunicorn with production settings on a free port, as the current process's database sees it."""
    port = free_port()
    env = {**os.environ, "NEWSROOM_PAGE_CACHE_SECONDS": str(page_cache_seconds), "DJANGO_DEBUG": "0"}
    env.update(extra_env or {})
    command = [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--limit-request-line", "16384"]
    server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(base + "/health/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextmanager
def queue_worker(extra_env=None):
    """The durable queue's worker (`manage.py db_worker`), as `make serve` runs it, for the current database."""
    env = {**os.environ, "DJANGO_DEBUG": "0", **(extra_env or {})}
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--queue-name", "*"]
    worker = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stderr=subprocess.DEVNULL)
    try:
        yield worker.pid
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read(), response.headers


def stylesheet_path(base):
    html = fetch(base + "/")[1].decode()
    return re.search(r'href="(/static/css/site[^"]*\.css)"', html).group(1)


def worker_rss(master):
    """Resident megabytes of each worker of a gunicorn master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return [round(size, 1) for size in sizes]


def page_weight(base, article_path, css_path):
    """Bytes a reader's browser downloads for the article page, gzip-compressed: HTML, CSS, scripts."""
    accept = {"Accept-Encoding": "gzip"}
    html_raw = fetch(base + article_path)[1]
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html_raw.decode())
    sizes = {"html": len(fetch(base + article_path, accept)[1]), "css": len(fetch(base + css_path, accept)[1])}
    sizes["js"] = sum(len(fetch(base + src, accept)[1]) for src in scripts)
    sizes["html_uncompressed"] = len(html_raw)
    sizes["html_gzip_check"] = len(gzip.compress(html_raw))
    return sizes


# Load


def load_generator_name():
    return "wrk" if _wrk() else "Python client (wrk not found)"


def _wrk():
    return next((p for p in ("/usr/bin/wrk", "/usr/local/bin/wrk") if os.path.exists(p)), None)


def load(url, duration, connections, wrk_options=()):
    """requests/s, p50 and p99 ms, and error counts for one URL (`wrk_options`: a script, headers)."""
    wrk = _wrk()
    if wrk is None:
        return python_load(url, duration, connections)
    out = subprocess.run(
        [wrk, "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--latency", *wrk_options, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99_ms": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
        "error_detail": "; ".join(match.group(0) for match in (errors, socket_errors) if match),
    }


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def python_load(url, duration, connections):
    """A keep-alive client per connection in threads: slower than wrk, but measures the same way."""
    host, port = re.match(r"http://([^:/]+):(\d+)", url).groups()
    path = url.split(f":{port}", 1)[1]
    latencies, errors, stop = [], [0], time.perf_counter() + duration

    def worker():
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        while time.perf_counter() < stop:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / duration,
        "p50_ms": latencies[len(latencies) // 2],
        "p99_ms": latencies[int(len(latencies) * 0.99)],
        "errors": errors[0],
        "socket_errors": "",
    }


def drive(base, paths, requests, connections):
    """Send about `requests` requests spread over `paths`; returns how many were sent."""
    wrk = _wrk()
    if wrk is None:
        sent = 0
        while sent < requests:
            for path in paths:
                fetch(base + path)
                sent += 1
        return sent
    quoted = ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            f"local paths = {{{quoted}}}\nlocal i = 0\n"
            "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
        )
    sent = 0
    try:
        while sent < requests:  # in 5-second runs until enough were sent
            out = subprocess.run(
                [wrk, "-t", "1", "-c", str(connections), "-d", "5s", "-s", script.name, base + "/"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            sent += int(re.search(r"(\d+) requests in", out).group(1))
    finally:
        os.unlink(script.name)
    return sent


def summarise(samples):
    return {
        "rps": statistics.median(s["rps"] for s in samples),
        "p50_ms": statistics.median(s["p50_ms"] for s in samples),
        "p99_ms": statistics.median(s["p99_ms"] for s in samples),
        "errors": sum(s["errors"] for s in samples),
    }
