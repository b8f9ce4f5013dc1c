"""Photo files for the media tests: good ones, hostile ones and ones carrying metadata."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PILImage

GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,52.0N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
SERIAL = "CAMERA-SERIAL-4242"


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo_bytes(width=320, height=180, fmt="JPEG", colour=(120, 40, 40), **save_options):
    buffer = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    PILImage.new(mode, (width, height), colour).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def two_colour_bytes(width=400, height=100):
    """Red on the left half, blue on the right: shows which part a crop kept."""
    image = PILImage.new("RGB", (width, height), (255, 0, 0))
    image.paste((0, 0, 255), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_metadata(width=320, height=180, orientation=1):
    """A JPEG carrying GPS position, camera serial and capture time in EXIF, GPS in XMP, and IPTC."""
    image = PILImage.new("RGB", (width, height), (90, 120, 60))
    exif = image.getexif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "NewsCam"
    exif[ExifTags.Base.DateTime] = "2025:12:23 14:20:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 52.0, 0.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (38.0, 6.0, 0.0)
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = SERIAL
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), xmp=GPS_XMP)
    data = buffer.getvalue()
    # An IPTC record (Photoshop APP13 segment) right after the start-of-image marker.
    iptc = b"\x1c\x02\x78" + struct.pack(">H", 17) + b"Secret front line"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    app13 = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + app13 + data[2:]


def png_bomb(width=60_000, height=60_000):
    """A tiny PNG whose header claims billions of pixels."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


HOSTILE_FILES = {
    "SVG renamed .jpg": ("photo.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "HTML renamed .jpg": ("photo.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    "script renamed .jpg": ("photo.jpg", b"#!/bin/sh\nrm -rf /\n"),
    "SVG": ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'),
    "random bytes": ("photo.jpg", bytes(range(256)) * 8),
}
