"""
Backups of the whole site: the database and the uploaded media, taken while the site runs.

The database is copied first, consistently (SQLite's online backup, or pg_dump's snapshot), then
the media folder: a photo uploaded in between is in the archive without its row, never a row
without its file. A backup holds the accounts' password hashes and unpublished stories: only the
user that takes it can read it (files 0600, folders 0700).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from common.keys import SITE
from common.purges import purge, restart_epoch

DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


def back_up(folder):
    """Write database, media and a manifest into `folder` (created, as its missing parents); returns the manifest."""
    folder = Path(folder)
    made = [parent for parent in folder.parents if not parent.exists()]  # var/backups, the first time
    previous = os.umask(0o077)  # every file and folder made here, pg_dump's included, is private
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=False)
        manifest = _write(folder)
    finally:
        os.umask(previous)
    for path in [*made, folder, *folder.rglob("*")]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return manifest


def _write(folder):
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / DATABASE_FILE[vendor])
        connection.connection.backup(target)
        target.close()
    elif vendor == "postgresql":
        _postgres("pg_dump", "--format=custom", "--no-owner", f"--file={folder / DATABASE_FILE[vendor]}")
    else:
        raise RuntimeError(f"No backup for {vendor} databases.")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {
        "taken_at": timezone.now().isoformat(),
        "database": vendor,
        "migrations": _latest_migrations(),
        "media_files": sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def restore(folder):
    """Replace the database and the media with those of a backup folder."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise RuntimeError(f"This backup is of a {manifest['database']} database; the site uses {vendor}.")
    if vendor == "sqlite":
        source = sqlite3.connect(folder / DATABASE_FILE[vendor])
        connection.ensure_connection()
        source.backup(connection.connection)
        source.close()
    else:
        dump = str(folder / DATABASE_FILE[vendor])
        _postgres("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", dump)
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    unpacked = Path(tempfile.mkdtemp(dir=media.parent, prefix=".restore-"))
    with tarfile.open(folder / "media.tar.gz") as archive:
        archive.extractall(unpacked, filter="data")
    if media.exists():
        shutil.rmtree(media)
    (unpacked / "media").rename(media) if (unpacked / "media").exists() else media.mkdir()
    shutil.rmtree(unpacked)
    # Everything may have changed: nothing kept here or at the edge may outlive the restore. The
    # restored purge log is as old as the backup: a new epoch makes every copy drawn before out of date.
    restart_epoch()
    cache.clear()
    purge(SITE, hard=True)
    return manifest


def _postgres(program, *args):
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    target = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    target += ["--username", db["USER"], "--dbname", db["NAME"]]
    subprocess.run([program, *target, *args], env=env, check=True, capture_output=True)


def _latest_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())
