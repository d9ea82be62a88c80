"""The app package's two icons, drawn here and written as PNG with the standard library.

Teams wants a 192x192 full-colour icon and a 32x32 outline icon: white on a transparent
background. Both show the same shield, so no image files need shipping.
"""

import struct
import zlib
from collections.abc import Callable

Pixel = tuple[int, int, int, int]  # RGBA
ACCENT = (0x1F, 0x5C, 0x99, 0xFF)
WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An 8-bit RGBA PNG whose pixel at (x, y) is `pixel(x, y)`."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _in_shield(u: float, v: float) -> bool:
    """Inside a shield drawn in the unit square (u right, v down)."""
    if not 0.2 <= u <= 0.8 or not 0.15 <= v <= 0.88:
        return False
    if v <= 0.55:
        return True
    # Below the shoulders the sides close in to a point at the bottom.
    half_width = 0.3 * (0.88 - v) / 0.33
    return abs(u - 0.5) <= half_width


def _on_outline(u: float, v: float, width: float) -> bool:
    inside = _in_shield(u, v)
    return inside and not all(
        _in_shield(u + du, v + dv) for du, dv in ((width, 0), (-width, 0), (0, width), (0, -width))
    )


def color_icon() -> bytes:
    """192x192: a white shield on the accent colour."""
    size = 192

    def pixel(x: int, y: int) -> Pixel:
        return WHITE if _in_shield((x + 0.5) / size, (y + 0.5) / size) else ACCENT

    return png(size, size, pixel)


def outline_icon() -> bytes:
    """32x32: the shield's outline in white, everything else transparent."""
    size = 32

    def pixel(x: int, y: int) -> Pixel:
        return WHITE if _on_outline((x + 0.5) / size, (y + 0.5) / size, 2 / size) else CLEAR

    return png(size, size, pixel)
