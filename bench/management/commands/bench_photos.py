import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from PIL import Image, ImageFilter

from bench.report import write_section
from media import processing

SECTION = "## Photo renditions"


def camera_like_jpeg(width=6000, height=4000):
    """A 24-megapixel JPEG with photo-like detail (noise, gradients, fine structure) and GPS EXIF."""
    noise = Image.effect_noise((width, height), 70).filter(ImageFilter.GaussianBlur(0.6))
    gradient = Image.linear_gradient("L").resize((width, height))
    detail = Image.effect_mandelbrot((width, height), (-2.2, -1.3, 1.0, 1.3), 60)
    texture = Image.effect_noise((width, height), 50)
    image = Image.merge("RGB", (noise, Image.blend(gradient, texture, 0.5), Image.blend(detail, noise, 0.4)))
    exif = image.getexif()
    exif.get_ifd(0x8825)[2] = (48.0, 52.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def max_rss_mb():
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss keeps the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "Time the upload pipeline (checks, clean original, every rendition) on a 24-megapixel JPEG."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--child", help=argparse.SUPPRESS)
        parser.add_argument("--no-write", action="store_true", help="Print only; do not update docs/benchmarks.md.")

    def handle(self, *args, runs, child, no_write, **options):
        if child:
            self.stdout.write(json.dumps(self.measure_once(Path(child))))
            return
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "camera.jpg"
            source.write_bytes(camera_like_jpeg())
            results = [self.run_child(source) for _ in range(runs)]
        summary = {
            "file_mb": round(results[0]["file_bytes"] / 1e6, 1),
            "renditions": results[0]["renditions"],
            "bytes_out_mb": results[0]["bytes_out_mb"],
            "check_s": round(statistics.median(r["check_s"] for r in results), 3),
            "original_s": round(statistics.median(r["original_s"] for r in results), 3),
            "renditions_s": round(statistics.median(r["renditions_s"] for r in results), 3),
            "total_s": round(statistics.median(r["total_s"] for r in results), 3),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
            "baseline_rss_mb": min(r["baseline_rss_mb"] for r in results),
        }
        report = self.report(summary, runs)
        self.stdout.write(report)
        if not no_write:
            write_section(report, SECTION)

    def run_child(self, source):
        # A fresh process per run, so the peak memory is this run's own.
        completed = subprocess.run(
            [sys.executable, "manage.py", "bench_photos", "--child", str(source)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(completed.stdout.strip().splitlines()[-1])

    def measure_once(self, source):
        data = source.read_bytes()
        baseline = max_rss_mb()
        written = []
        start = time.perf_counter()
        upload = SimpleUploadedFile("camera.jpg", data, content_type="image/jpeg")
        processing.open_upload(upload)
        upload.photo_checked = True  # As the admin's form field marks it.
        checked = time.perf_counter()
        original = processing.clean_original(upload)
        cleaned = time.perf_counter()
        sizes = processing.plan(original.width, original.height)
        processing.render(io.BytesIO(original.data), sizes, write=lambda name, blob: written.append(len(blob)))
        done = time.perf_counter()
        return {
            "file_bytes": len(data),
            "renditions": len(written),
            "bytes_out_mb": round(sum(written) / 1e6, 2),
            "check_s": round(checked - start, 3),
            "original_s": round(cleaned - checked, 3),
            "renditions_s": round(done - cleaned, 3),
            "total_s": round(done - start, 3),
            "baseline_rss_mb": round(baseline, 1),
            "peak_rss_mb": round(max_rss_mb(), 1),
        }

    @staticmethod
    def report(s, runs):
        return "\n".join(
            [
                SECTION,
                "",
                f"`make bench-photos` ({runs} runs, median time, highest peak; one process per run).",
                f"Input: a 6000×4000 (24-megapixel) JPEG of {s['file_mb']} MB with GPS EXIF.",
                "",
                "| step | seconds |",
                "| --- | --- |",
                f"| check the upload (format, pixel limits, full decode) | {s['check_s']} |",
                f"| clean original (metadata dropped; an upright JPEG is not re-encoded) | {s['original_s']} |",
                f"| {s['renditions']} renditions (WebP + JPEG, 3 crops, social card) | {s['renditions_s']} |",
                f"| **total upload work** | **{s['total_s']}** |",
                "",
                f"Peak resident memory: {s['peak_rss_mb']} MB (process baseline {s['baseline_rss_mb']} MB). "
                f"Renditions written: {s['bytes_out_mb']} MB in all.",
                "",
            ]
        )
