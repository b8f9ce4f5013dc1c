"""`make load-test`: a bounded load on 127.0.0.1 against a mix of reader pages; it must end with no errors."""

import re
import subprocess
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.models import Article
from bench.report import write_section

from .bench_http import Command as Bench
from .bench_http import _wrk, serve, stylesheet_path


class Command(BaseCommand):
    help = "Serve with gunicorn and production settings, drive a page mix with wrk, and fail on any error."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, seconds, connections, workers, no_write, **options):
        wrk = _wrk()
        if wrk is None:
            raise CommandError("The load test needs wrk: apt-get install wrk")
        pages = [path for _label, path in Bench().pages()]
        pages += ["/feeds/latest/", "/sitemap-news.xml", "/places/donetsk-oblast/", "/corrections/", "/no-such-page/"]
        with serve(600, workers) as (base, _master):
            pages.append(stylesheet_path(base))
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                quoted = ", ".join(f'"{path}"' for path in pages)
                script.write(
                    f"local paths = {{{quoted}}}\nlocal i = 0\n"
                    "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
                )
            try:
                command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", "--timeout", "10s"]
                out = subprocess.run(
                    [*command, "-s", script.name, base + "/"], capture_output=True, text=True, check=True
                ).stdout
            finally:
                Path(script.name).unlink()
        requests = int(re.search(r"(\d+) requests in", out).group(1))
        socket_errors = re.search(r"Socket errors: (.*)", out)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        # The one missing page answers 404 by design; anything else non-2xx would be an error.
        missing = requests // len(pages)
        unexpected = max(0, (int(non_2xx.group(1)) if non_2xx else 0) - missing - 1)
        report = "\n".join(
            [
                f"## Load test ({Article.objects.count():,} articles, {connection.vendor})",
                "",
                f"`make load-test`: gunicorn ({workers} sync workers, production settings, whole-page cache on) on "
                f"127.0.0.1; wrk from a second process, {connections} connections for {seconds} s, cycling through "
                f"{len(pages)} addresses (home, article, tag, place, deep page, author, search, feed, sitemap, "
                "stylesheet, and one missing page that answers 404).",
                "",
                "```",
                out.strip(),
                "```",
                "",
                f"{requests:,} requests; socket errors: {socket_errors.group(1) if socket_errors else 'none'}; "
                f"answers other than the expected 404s: {unexpected}.",
                "",
            ]
        )
        self.stdout.write(report)
        if not no_write:
            write_section(report, report.splitlines()[0])
        if socket_errors or unexpected:
            raise CommandError("The load test saw errors.")
