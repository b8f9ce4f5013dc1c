"""
Demo photos, drawn with Pillow: a sky, a horizon and a scene in a few flat layers.

They stand in for agency photos so the demo site can be shown without any
third-party image. Each drawing is seeded by its name, so it is the same on
every run.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

PALETTES = {
    # sky top, sky bottom, far land, near land, accent
    "winter": ((168, 180, 192), (226, 230, 232), (120, 128, 136), (236, 238, 240), (60, 64, 70)),
    "dusk": ((52, 48, 92), (238, 146, 88), (86, 62, 78), (40, 32, 40), (250, 200, 120)),
    "night": ((10, 16, 38), (38, 52, 96), (22, 26, 44), (12, 14, 22), (255, 214, 120)),
    "morning": ((140, 182, 222), (250, 226, 190), (110, 130, 120), (84, 100, 78), (250, 250, 240)),
    "summer": ((96, 156, 214), (214, 230, 240), (92, 128, 70), (196, 170, 60), (40, 60, 30)),
    "smoke": ((110, 108, 104), (186, 176, 160), (90, 86, 80), (60, 56, 52), (210, 200, 190)),
    "steel": ((70, 84, 100), (168, 178, 188), (84, 92, 100), (50, 56, 62), (220, 224, 228)),
}

WIDTH, HEIGHT = 1600, 900


def _sky(draw, top, bottom):
    for y in range(HEIGHT):
        t = y / HEIGHT
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=False))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _hills(draw, rnd, base, colour, roughness):
    points = [(0, HEIGHT)]
    y = base
    for x in range(0, WIDTH + 80, 80):
        y = max(base - roughness, min(base + roughness, y + rnd.randint(-roughness // 2, roughness // 2)))
        points.append((x, y))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=colour)


def _buildings(draw, rnd, base, colour, light, broken=False, lit=0.0):
    x = rnd.randint(-40, 40)
    while x < WIDTH:
        w = rnd.randint(60, 180)
        h = rnd.randint(80, 320)
        top = base - h
        if broken and rnd.random() < 0.5:
            jag = [(x, base), (x, top + rnd.randint(0, 60))]
            for step in range(1, 5):
                jag.append((x + w * step // 5, top + rnd.randint(0, h // 2)))
            jag += [(x + w, top + rnd.randint(0, 80)), (x + w, base)]
            draw.polygon(jag, fill=colour)
        else:
            draw.rectangle([x, top, x + w, base], fill=colour)
            if rnd.random() < 0.15:
                draw.rectangle([x + w // 3, top - 120, x + w // 3 + 18, top], fill=colour)
        for wy in range(top + 20, base - 20, 34):
            for wx in range(x + 12, x + w - 12, 28):
                if rnd.random() < lit:
                    draw.rectangle([wx, wy, wx + 12, wy + 16], fill=light)
        x += w + rnd.randint(0, 30)


def _scene(draw, rnd, scene, palette):
    top, bottom, far, near, accent = palette
    horizon = int(HEIGHT * rnd.uniform(0.55, 0.68))
    _hills(draw, rnd, horizon, far, 40)
    if scene in {"skyline", "ruins", "street"}:
        # On a light (snowy) ground the buildings take the darker far colour, so they stand out.
        walls = far if sum(near) > 450 else near
        _buildings(draw, rnd, horizon + 60, walls, accent, broken=scene == "ruins", lit=0.12 if scene != "ruins" else 0)
        draw.rectangle([0, horizon + 60, WIDTH, HEIGHT], fill=near)
    elif scene == "fields":
        _hills(draw, rnd, horizon + 50, near, 20)
        for i in range(14):
            y = horizon + 80 + i * 30
            draw.line([(0, y), (WIDTH, y + rnd.randint(-20, 20))], fill=far, width=3)
        for _ in range(rnd.randint(6, 14)):
            x = rnd.randint(0, WIDTH)
            draw.polygon([(x, horizon + 90), (x + 24, horizon + 60), (x + 48, horizon + 90)], fill=accent)
    elif scene == "river":
        draw.rectangle([0, horizon + 40, WIDTH, horizon + 200], fill=bottom)
        _buildings(draw, rnd, horizon + 40, far, accent, lit=0.05)
        draw.rectangle([0, horizon + 200, WIDTH, HEIGHT], fill=near)
        gap = rnd.randint(500, 900)
        draw.rectangle([0, horizon + 120, gap, horizon + 136], fill=near)
    elif scene == "forest":
        draw.rectangle([0, horizon + 40, WIDTH, HEIGHT], fill=near)
        for _ in range(40):
            x = rnd.randint(0, WIDTH)
            h = rnd.randint(180, 420)
            draw.line(
                [(x, horizon + 60), (x + rnd.randint(-10, 10), horizon + 60 - h)], fill=accent, width=rnd.randint(5, 12)
            )
    elif scene == "road":
        draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=near)
        draw.polygon(
            [
                (WIDTH // 2 - 30, horizon),
                (WIDTH // 2 + 30, horizon),
                (WIDTH // 2 + 520, HEIGHT),
                (WIDTH // 2 - 520, HEIGHT),
            ],
            fill=far,
        )
        for i in range(18):
            t = i / 18
            x_off = int(40 + 600 * t)
            y = int(horizon + (HEIGHT - horizon) * t)
            draw.line([(WIDTH // 2 - x_off, y), (WIDTH // 2 - x_off, y - int(200 * t) - 20)], fill=accent, width=3)
            draw.line([(WIDTH // 2 + x_off, y), (WIDTH // 2 + x_off, y - int(200 * t) - 20)], fill=accent, width=3)
        for y in range(horizon - 200, horizon, 12):
            draw.line([(WIDTH // 2 - 640, y + 200), (WIDTH // 2 + 640, y + 200)], fill=accent, width=1)
    elif scene == "train":
        draw.rectangle([0, horizon + 40, WIDTH, HEIGHT], fill=near)
        draw.rectangle([120, horizon - 80, WIDTH - 200, horizon + 60], fill=far)
        for x in range(160, WIDTH - 240, 90):
            draw.rectangle([x, horizon - 56, x + 56, horizon - 16], fill=accent)
        draw.rectangle([0, horizon + 60, WIDTH, horizon + 90], fill=accent)
    elif scene == "table":
        draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=near)
        draw.polygon(
            [(300, horizon + 60), (WIDTH - 300, horizon + 60), (WIDTH - 120, HEIGHT - 60), (120, HEIGHT - 60)], fill=far
        )
        for x in range(260, WIDTH - 200, 160):
            draw.rectangle([x, horizon, x + 70, horizon + 50], fill=accent)
    if scene in {"ruins", "fields"} and rnd.random() < 0.8:
        x = rnd.randint(200, WIDTH - 200)
        for i in range(9):
            r = 40 + i * 22
            draw.ellipse(
                [x - r + i * 14, horizon - 80 - i * 60 - r, x + r + i * 14, horizon - 80 - i * 60 + r], fill=(*far, 255)
            )


def draw(name, palette_name, scene):
    """A 1600×900 JPEG (bytes) of `scene` in `palette_name`'s colours, seeded by `name`."""
    rnd = random.Random(name)
    palette = PALETTES[palette_name]
    image = Image.new("RGB", (WIDTH, HEIGHT))
    canvas = ImageDraw.Draw(image)
    _sky(canvas, palette[0], palette[1])
    _scene(canvas, rnd, scene, palette)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def portrait(name, hue):
    """A 600×600 JPEG (bytes): a head-and-shoulders silhouette, for a byline photo."""
    from colorsys import hls_to_rgb

    r, g, b = (round(c * 255) for c in hls_to_rgb(hue / 360, 0.42, 0.45))
    image = Image.new("RGB", (600, 600), (r, g, b))
    canvas = ImageDraw.Draw(image)
    canvas.ellipse([150, 90, 450, 390], fill=(min(r + 60, 255), min(g + 60, 255), min(b + 60, 255)))
    canvas.ellipse([70, 360, 530, 820], fill=(min(r + 40, 255), min(g + 40, 255), min(b + 40, 255)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
