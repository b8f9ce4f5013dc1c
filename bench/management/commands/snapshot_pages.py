"""
Every public page of the current database, rendered at one fixed moment, written to a folder: the
"before" and "after" of work that must not change what readers get (make snapshot).

The pages are found as a crawler finds them: from the two home pages, robots.txt and the sitemaps,
following every link to the site itself. Run it with nothing kept (CACHE_URL=dummy://) so that
every page is drawn from the database.
"""

import filecmp
import hashlib
import re
from collections import deque
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urlsplit

import time_machine
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import timezone

START = ["/", "/uk/", "/robots.txt", "/sitemap.xml"]
LINK = re.compile(rb"""(?:href|src|<loc>)=?["']?([^"'<> ]+)""")
NOT_PAGES = ("/admin/", "/static/", "/media/", "/accounts/", "/__")
MOMENT = "_moment.txt"


class Command(BaseCommand):
    help = "Write every public page, rendered at one moment, to a folder; with --against, compare with an earlier one."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--against", type=Path, help="an earlier snapshot: render at its moment and compare")
        parser.add_argument("--limit", type=int, default=5000, help="pages at most (default 5,000)")

    def handle(self, *args, folder, against, limit, **options):
        if settings.CACHE_SCHEME != "dummy":
            # A kept part drawn before the moment, or by other code, would be compared, not this code's page.
            raise CommandError("Run with CACHE_URL=dummy:// so that every page is drawn now (make snapshot does).")
        moment = self.moment_of(against) if against else timezone.now().replace(microsecond=0)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MOMENT).write_text(moment.isoformat())
        with time_machine.travel(moment, tick=False):
            pages = crawl(Client(HTTP_HOST=urlsplit(settings.SITE_URL).netloc), limit)
        if pages["/"][0] != 200:
            raise CommandError(f"The home page answers {pages['/'][0]}: {pages['/'][1][:300]!r}")
        for address, (status, body) in pages.items():
            (folder / file_name(address)).write_bytes(f"{status}\n".encode() + body)
        self.stdout.write(f"{len(pages):,} pages at {moment.isoformat()} in {folder}")
        if against:
            self.compare(against, folder)

    def moment_of(self, snapshot):
        try:
            return datetime.fromisoformat((snapshot / MOMENT).read_text().strip())
        except (OSError, ValueError) as error:
            raise CommandError(f"{snapshot} is not a snapshot of this command: {error}") from error

    def compare(self, before, after):
        names = {path.name for path in before.iterdir()} | {path.name for path in after.iterdir()}
        names.discard(MOMENT)
        _match, differ, missing = filecmp.cmpfiles(before, after, sorted(names), shallow=False)
        for name in differ:
            self.stdout.write(f"differs: {name}")
        for name in missing:
            self.stdout.write(f"only in {'before' if (before / name).exists() else 'after'}: {name}")
        self.stdout.write(f"{len(names) - len(differ) - len(missing):,} of {len(names):,} pages the same")
        if differ or missing:
            raise CommandError(f"{len(differ) + len(missing)} pages differ")


def crawl(client, limit):
    """{address: (status, body)} of every page reachable from START, at most `limit`."""
    site = urlsplit(settings.SITE_URL)
    seen, queue, pages = set(START), deque(START), {}
    while queue and len(pages) < limit:
        address = queue.popleft()
        response = client.get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[address] = (response.status_code, body)
        for link in LINK.findall(body):
            found = own_address(link.decode(errors="replace").replace("&amp;", "&"), site)
            if found and found not in seen:
                seen.add(found)
                queue.append(found)
    return pages


def own_address(link, site):
    """The path and query of a link to one of the site's own pages, or None."""
    parts = urlsplit(link)
    if parts.netloc and parts.netloc not in {site.netloc, "testserver"}:
        return None
    if not parts.path.startswith("/") or parts.path.startswith(NOT_PAGES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def file_name(address):
    """The address as a file name; a long one cut short keeps a digest of the whole, so two never meet."""
    quoted = quote(address, safe="")
    if len(quoted) > 200:
        quoted = quoted[:180] + "-" + hashlib.sha256(address.encode()).hexdigest()[:16]
    return quoted + ".html"
