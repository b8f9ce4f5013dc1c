"""
Photo processing with Pillow: checking uploads, cleaning originals, planning and drawing renditions.

Nothing here touches the database or storage; media.models calls it and stores the results.
"""

import io
import math
import struct
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

#: Formats accepted from editors: Pillow's name -> (file extension, label for messages).
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WebP")}
if features.check("avif"):
    FORMATS["AVIF"] = ("avif", "AVIF")

#: Widths (px) made for the natural-shape and 16:9 crops, and for squares.
WIDTHS = (320, 480, 640, 960, 1280, 1600, 2048)
SQUARE_WIDTHS = (96, 192, 320, 640)
#: Crop name -> width/height ratio (None keeps the photo's own shape).
CROPS = {"full": None, "card": 16 / 9, "square": 1.0}
SOCIAL_SIZE = (1200, 630)
#: Rendition formats, best first; the last one is the fallback every browser reads.
RENDITION_FORMATS = ("webp", "jpg")
ENCODER_THREADS = 2
#: Bump to remake every rendition (e.g. after changing quality settings).
RENDITION_VERSION = "1"

#: What Pillow raises, depending on the plugin, when a file is corrupt or cut short.
_DAMAGED = (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, struct.error)


def accepted_formats_label():
    labels = [label for _ext, label in FORMATS.values()]
    return _("%(list)s or %(last)s") % {"list": ", ".join(labels[:-1]), "last": labels[-1]}


def _too_many_pixels(width, height):
    return ValidationError(
        _(
            "This photo is %(width)s × %(height)s pixels; the largest allowed is %(max_side)s pixels "
            "on a side and %(max_mp)s megapixels in all. Resize it and upload it again."
        ),
        params={
            "width": width,
            "height": height,
            "max_side": settings.IMAGE_MAX_DIMENSION,
            "max_mp": settings.IMAGE_MAX_PIXELS // 1_000_000,
        },
        code="too_many_pixels",
    )


def open_upload(file):
    """
    Open an uploaded file as a fully decoded photo, or raise a ValidationError saying what is wrong.

    Checks the format and the pixel count from the header before decoding, so a decompression
    bomb is refused without being unpacked, then decodes everything, so a truncated file is refused.
    """
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; the largest photo allowed is %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES)},
            code="file_too_large",
        )
    file.seek(0)
    not_an_image = ValidationError(
        _("This file is not a photo Newsroom can read. Upload a %(formats)s file."),
        params={"formats": accepted_formats_label()},
        code="not_an_image",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("This file claims to be a gigantic image (a decompression bomb) and was refused."),
                code="decompression_bomb",
            ) from None
        except (UnidentifiedImageError, *_DAMAGED):
            raise not_an_image from None
        if image.format not in FORMATS:
            raise ValidationError(
                _("This is a %(format)s file. Upload a %(formats)s photo."),
                params={"format": image.format or _("unknown"), "formats": accepted_formats_label()},
                code="format_not_allowed",
            )
        width, height = image.size
        if max(width, height) > settings.IMAGE_MAX_DIMENSION or width * height > settings.IMAGE_MAX_PIXELS:
            raise _too_many_pixels(width, height)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(width, height) from None
        except _DAMAGED:
            raise ValidationError(
                _("This photo is damaged or incomplete (the upload may have been cut off). Try again."),
                code="damaged",
            ) from None
    file.seek(0)
    return image


@dataclass
class CleanOriginal:
    data: bytes
    extension: str
    width: int
    height: int


def clean_original(file, *, keep_metadata=False):
    """
    The photo to store as the original: upright, and without EXIF, XMP or IPTC unless kept on purpose.

    An upright JPEG keeps its compressed pixels untouched (only metadata segments are dropped);
    anything that must turn, and other formats, is re-encoded. Width and height are those of the
    upright photo either way.
    """
    if getattr(file, "photo_checked", False):
        file.seek(0)
        image = Image.open(file)  # Checked already: the header is enough unless it must be re-encoded.
    else:
        image = open_upload(file)
    pillow_format = image.format
    extension = FORMATS[pillow_format][0]
    rotated = image.getexif().get(0x0112, 1) not in {0, 1}
    file.seek(0)
    if keep_metadata:
        size = image.size[::-1] if _rotates(image) else image.size
        return CleanOriginal(file.read(), extension, *size)
    if pillow_format == "JPEG" and not rotated:
        return CleanOriginal(strip_jpeg_metadata(file.read()), extension, *image.size)
    upright = ImageOps.exif_transpose(image) if rotated else image
    return CleanOriginal(_encode_without_metadata(upright, pillow_format), extension, *upright.size)


#: JPEG segments kept when metadata is stripped: JFIF header, ICC colour profile, Adobe colour transform.
_KEEP_APP_SEGMENTS = ((0xE0, b"JFIF\0"), (0xE0, b"JFXX\0"), (0xE2, b"ICC_PROFILE\0"), (0xEE, b"Adobe"))


def strip_jpeg_metadata(data):
    """
    The same JPEG without EXIF, XMP, IPTC, comments or other application segments, pixels untouched.
    Raises ValueError when the file's structure cannot be followed.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out = bytearray(data[:2])
    position = 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = data[position + 1]
        if marker == 0xFF:  # Fill byte before a marker.
            position += 1
            continue
        if marker == 0xDA:  # Start of scan: the compressed pixels and the rest of the file follow.
            out += data[position:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[position : position + 2]
            position += 2
            continue
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        segment = data[position : position + 2 + length]
        is_app = 0xE0 <= marker <= 0xEF
        keep = (
            not is_app
            and marker != 0xFE
            or any(marker == kept and segment[4 : 4 + len(prefix)] == prefix for kept, prefix in _KEEP_APP_SEGMENTS)
        )
        if keep:
            out += segment
        position += 2 + length
    raise ValueError("JPEG ended before its image data")


def _encode_without_metadata(image, pillow_format):
    icc_profile = image.info.get("icc_profile")
    # Everything Pillow might copy into the new file (EXIF, XMP, comments, text chunks) goes.
    image.info = {}
    options = {"JPEG": {"quality": 92, "optimize": True}, "WEBP": {"quality": 92}, "AVIF": {"quality": 90}}.get(
        pillow_format, {"optimize": True}
    )
    if pillow_format == "JPEG" and image.mode not in {"RGB", "L", "CMYK"}:
        image = image.convert("RGB")
    if icc_profile:
        options["icc_profile"] = icc_profile
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def crop_box(width, height, ratio, focal_x=0.5, focal_y=0.5):
    """The largest `ratio`-shaped box inside width×height, centred as near the focal point as fits."""
    if ratio is None:
        return (0, 0, width, height)
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return (left, top, left + box_w, top + box_h)


def plan(width, height):
    """
    Every rendition to make for a width×height photo: {crop: [(w, h), ...]}, smallest first.

    Sizes follow from the photo's size alone, so pages know them without opening any file.
    """
    sizes = {}
    for crop, ratio in CROPS.items():
        left, top, right, bottom = crop_box(width, height, ratio)
        box_w, box_h = right - left, bottom - top
        widths = [w for w in (SQUARE_WIDTHS if crop == "square" else WIDTHS) if w <= box_w] or [box_w]
        sizes[crop] = [(w, max(1, round(w * box_h / box_w))) for w in widths]
    sizes["social"] = [SOCIAL_SIZE]
    return sizes


def rendition_name(crop, size, extension):
    return f"{crop}-{size[0]}x{size[1]}.{extension}"


def rendition_names(sizes):
    for crop, crop_sizes in sizes.items():
        extensions = ("jpg",) if crop == "social" else RENDITION_FORMATS
        for size in crop_sizes:
            for extension in extensions:
                yield rendition_name(crop, size, extension)


def _to_srgb(image):
    icc_profile = image.info.get("icc_profile")
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile: keep the pixels as they are rather than refuse the photo.
    if image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    return image


def _flatten(image):
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def _encode(image, extension):
    buffer = io.BytesIO()
    if extension == "webp":
        image.save(buffer, "WEBP", quality=80, method=4)
    else:
        _flatten(image).save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _crop_ratio(crop):
    return SOCIAL_SIZE[0] / SOCIAL_SIZE[1] if crop == "social" else CROPS[crop]


def _needed_scale(width, height, sizes):
    """The smallest scale of the original at which every rendition still comes from real pixels."""
    scale = 0
    for crop, crop_sizes in sizes.items():
        left, _top, right, _bottom = crop_box(width, height, _crop_ratio(crop))
        scale = max(scale, max(w for w, _h in crop_sizes) / (right - left))
    return min(scale, 1)


def render(file, sizes, *, focal_x=0.5, focal_y=0.5, write):
    """
    Draw every rendition in `sizes` (from plan()) from the stored original and pass each
    `(name, bytes)` to `write`. Renditions never carry metadata.
    """
    file.seek(0)
    image = Image.open(file)
    upright_w, upright_h = image.size[::-1] if _rotates(image) else image.size
    scale = _needed_scale(upright_w, upright_h, sizes)
    if image.format == "JPEG" and scale < 0.5:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a fraction of the memory and time.
        image.draft("RGB", (math.ceil(image.size[0] * scale), math.ceil(image.size[1] * scale)))
    image = _to_srgb(ImageOps.exif_transpose(image))
    # Pillow releases the GIL while resizing and encoding, so two threads use two cores.
    with ThreadPoolExecutor(max_workers=ENCODER_THREADS) as pool:
        encoded = {}
        pending = [
            (rendition_name(crop, size, extension), future)
            for crop, crop_sizes in sizes.items()
            for size, extension, future in _encode_crop(image, crop, crop_sizes, (focal_x, focal_y), pool, encoded)
        ]
        for name, future in pending:
            write(name, future.result())
    image.close()


def _encode_crop(image, crop, crop_sizes, focus, pool, encoded):
    """
    [(size, extension, future bytes)] of one crop's renditions. `encoded` holds what earlier crops
    drew, by (box, size, extension): a crop that comes out as an earlier one (the 16:9 crop of a
    16:9 photo) is drawn once.
    """
    box = crop_box(*image.size, _crop_ratio(crop), *focus)
    extensions = ("jpg",) if crop == "social" else RENDITION_FORMATS
    wanted = [(size, extension) for size in sorted(crop_sizes, reverse=True) for extension in extensions]
    if any((box, size, extension) not in encoded for size, extension in wanted):
        resized = image.crop(box)
        # Largest first, each from the one before: cheaper than starting from the crop every time.
        for size in sorted(crop_sizes, reverse=True):
            resized = resized.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            for extension in extensions:
                if (box, size, extension) not in encoded:
                    # Image.save() keeps per-call state on the image, so each thread gets its own copy.
                    encoded[box, size, extension] = pool.submit(_encode, resized.copy(), extension)
    return [(size, extension, encoded[box, size, extension]) for size, extension in wanted]


def upright_size(file):
    """(width, height) of a stored photo as it is displayed, after its EXIF orientation."""
    file.seek(0)
    with Image.open(file) as image:
        return image.size[::-1] if _rotates(image) else image.size


def _rotates(image):
    """True when the EXIF orientation turns the photo on its side (width and height swap)."""
    return image.getexif().get(0x0112, 1) in {5, 6, 7, 8}
