"""Pictures made for the tests (#14): drawn with Pillow, with camera data when asked."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

# Vimmerby's town hall, roughly: a GPS position a camera would write into the file.
GPS = {1: "N", 2: (57.0, 40.0, 0.0), 3: "E", 4: (15.0, 51.0, 0.0)}
XMP_WITH_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><exif:GPSLatitude>57,40.0N'
    b"</exif:GPSLatitude></rdf:RDF></x:xmpmeta>"
)


def picture_bytes(width=1200, height=800, fmt="JPEG", *, orientation=None, gps=False) -> bytes:
    """A picture of simple shapes; ``orientation`` and ``gps`` go into its EXIF (and XMP)."""
    mode = "RGBA" if fmt == "PNG" else "RGB"
    image = Image.new(mode, (width, height), (30, 90, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 2, height // 2), fill=(240, 200, 40))
    draw.ellipse((width // 2, height // 2, width - 1, height - 1), fill=(200, 40, 40))
    options = {}
    if orientation or gps:
        exif = Image.Exif()
        if orientation:
            exif[0x0112] = orientation
        if gps:
            exif[0x8825] = GPS
        options["exif"] = exif
    if gps and fmt == "JPEG":
        options["xmp"] = XMP_WITH_GPS
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def picture_upload(name="bild.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(**kwargs), content_type="image/jpeg")


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_claiming(width: int, height: int) -> bytes:
    """A small PNG file whose header claims ``width`` × ``height`` pixels (a decompression
    bomb's shape): its data is a few bytes, so decoding it would fail, not unpack."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )
