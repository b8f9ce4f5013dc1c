"""
`make bench-newsletter`: a day's digest to 10,000 and then 100,000 readers, through the queue's
worker (`manage.py queue_worker`, a process of its own) into a local SMTP server (bench/smtp_sink.py,
another process): emails a second, the worker's peak memory at both sizes (it must not grow with
the list), and sends whose worker is stopped part-way, asked to (SIGTERM) and outright (SIGKILL),
then started again: who got the email once, twice or not at all, counted from what the SMTP server
received.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Article
from bench.report import write_section
from newsletters.emails import delivery_message_id
from newsletters.models import Delivery, Mailing, Subscriber
from newsletters.sending import send_mailing

SECTION = "## Email: a digest to 100,000 readers"
INBOX = Path(settings.BASE_DIR) / "var" / "bench-newsletter-inbox.txt"


class Command(BaseCommand):
    help = "Send a digest to 10,000 and 100,000 readers into a local SMTP server; kill the worker mid-send once."

    def add_arguments(self, parser):
        parser.add_argument("--readers", type=int, default=100_000)
        parser.add_argument("--small", type=int, default=10_000)
        parser.add_argument("--kill-at", type=float, default=0.4, help="Share of the send after which to stop it.")
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, **options):
        self.send_at = self.digest_time()
        INBOX.unlink(missing_ok=True)
        port = free_port()
        sink = subprocess.Popen([sys.executable, "bench/smtp_sink.py", "--port", str(port), "--out", str(INBOX)])
        self.env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "DJANGO_LOG_LEVEL": "ERROR"}
        time.sleep(1)
        try:
            rows = []
            small, large = options["small"], options["readers"]
            # The sizes in turn; then a send stopped part-way both ways, on a list of the small size.
            for n, stop in ((small, None), (large, None), (small, signal.SIGTERM), (small, signal.SIGKILL)):
                self.readers(n)
                rows.append(self.send(n, len(rows), stop, options["kill_at"]))
        finally:
            sink.terminate()
            sink.wait()
        report = self.render(rows)
        self.stdout.write(report)
        if not options["no_write"]:
            write_section(report, SECTION)

    def digest_time(self):
        """Now, with the newest dozen English stories of this copy of the database moved into the last day."""
        newest = list(Article.objects.published("en").order_by("-published_at").values_list("pk", flat=True)[:12])
        if not newest:
            raise CommandError("No public English story: run on a bench database (make bench-data).")
        now = timezone.now()
        for minutes, pk in enumerate(newest):
            Article.objects.filter(pk=pk).update(published_at=now - timedelta(hours=1, minutes=minutes * 40))
        return now

    def readers(self, n):
        """n confirmed English readers who take the digest (the first n bench readers; the others unsubscribed)."""
        have = Subscriber.objects.filter(email__startswith="bench-reader-").count()
        batch = [
            Subscriber(email=f"bench-reader-{i:06d}@example.com", language="en", status=Subscriber.Status.CONFIRMED)
            for i in range(have, n)
        ]
        Subscriber.objects.bulk_create(batch, batch_size=5000)
        readers = Subscriber.objects.filter(email__startswith="bench-reader-").order_by("email")
        last = readers.values_list("email", flat=True)[n - 1]
        readers.filter(email__lte=last).update(status=Subscriber.Status.CONFIRMED)
        Subscriber.objects.exclude(email__startswith="bench-reader-", email__lte=last).update(
            status=Subscriber.Status.UNSUBSCRIBED
        )

    def send(self, n, run, stop, kill_at):
        day = (timezone.now() - timedelta(days=run + 1)).date()
        Mailing.objects.filter(kind=Mailing.Kind.DIGEST, language="en", day=day).delete()
        mailing = Mailing.objects.create(kind=Mailing.Kind.DIGEST, language="en", day=day, send_at=self.send_at)
        send_mailing.enqueue(mailing.pk)
        before = lines_received()
        started = time.monotonic()
        peaks, killed_after = [], None
        worker = self.worker()
        if stop is not None:
            while lines_received() - before < kill_at * n and worker.poll() is None:
                peaks.append(peak_memory(worker.pid))
                time.sleep(0.05)
            worker.send_signal(stop)
            worker.wait()
            killed_after = (signal.Signals(stop).name, lines_received() - before)
            self.stdout.write(f"  {killed_after[0]} after {killed_after[1]:,} emails; starting another worker")
            worker = self.worker()
        while worker.poll() is None:
            peaks.append(peak_memory(worker.pid))
            time.sleep(0.2)
        seconds = time.monotonic() - started
        return self.count(mailing, n, seconds, max(peaks or [0]), killed_after)

    def worker(self):
        command = [sys.executable, "manage.py", "queue_worker", "--batch", "--interval", "0", "--queue-name", "*"]
        return subprocess.Popen(command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def count(self, mailing, n, seconds, peak_kb, killed_after):
        pks = Delivery.objects.filter(mailing=mailing).values_list("pk", flat=True)
        ids = {delivery_message_id(pk) for pk in pks}
        lines = [line.split(" ") for line in INBOX.read_text().splitlines()]
        per_reader = Counter(line[1] for line in lines if line[0] in ids)
        sizes = [int(line[2]) for line in lines if line[0] in ids]
        statuses = Counter(Delivery.objects.filter(mailing=mailing).values_list("status", flat=True))
        row = {
            "readers": n,
            "seconds": seconds,
            "rate": len(sizes) / seconds if seconds else 0,
            "peak_mb": peak_kb / 1024,
            "once": sum(1 for count in per_reader.values() if count == 1),
            "twice": sum(1 for count in per_reader.values() if count > 1),
            "missing": n - len(per_reader),
            "unknown": statuses.get(Delivery.Status.UNKNOWN, 0),
            "killed_after": killed_after,
            "bytes": max(sizes or [0]),
        }
        self.stdout.write(f"  {row}")
        return row

    def render(self, rows):
        lines = [
            SECTION,
            "",
            "`make bench-newsletter`: the day's digest (twelve English stories of the 1,000-story bench "
            "database, in a copy of it, moved into the last day) to every confirmed reader, sent by the queue's worker "
            "(`manage.py queue_worker --batch`, a process of its own) over SMTP to a local server "
            "(`bench/smtp_sink.py`, aiosmtpd, another process) that records each message it accepts. Peak memory is "
            "the worker's (VmHWM). The last two runs stop the worker part-way, asked to (SIGTERM: a deploy) and "
            "outright (SIGKILL: a crash), and start another; the counts come from what the SMTP server received.",
            "",
            "| readers | worker stopped | seconds | emails/s | worker peak memory | got it once | twice | not at all "
            "| marked unknown | largest email |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in rows:
            killed = f"{row['killed_after'][0]} after {row['killed_after'][1]:,}" if row["killed_after"] else "no"
            lines.append(
                f"| {row['readers']:,} | {killed} | {row['seconds']:.0f} | {row['rate']:.0f} | {row['peak_mb']:.0f} MB "
                f"| {row['once']:,} | {row['twice']:,} | {row['missing']:,} | {row['unknown']:,} "
                f"| {row['bytes'] / 1024:.1f} KB |"
            )
        return "\n".join(lines) + "\n"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lines_received():
    """How many messages the SMTP server has taken so far (a line each)."""
    if not INBOX.exists():
        return 0
    with INBOX.open("rb") as inbox:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: inbox.read(1 << 20), b""))


def peak_memory(pid):
    """The process's peak resident memory so far, in kB (0 once it has gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
