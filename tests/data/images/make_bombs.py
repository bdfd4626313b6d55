#!/usr/bin/env python3
"""Writes the PNGs whose IHDR claims a size over Galley's photo limits.

bomb-100000x100000.png claims 10^10 pixels (GALLEY_IMAGE_MAX_PIXELS is 10^8);
wide-40000x2.png claims 40000 pixels across (GALLEY_IMAGE_MAX_SIDE is 30000).
Each is a well-formed PNG of a few dozen bytes: signature, IHDR, a small IDAT
and IEND with correct CRCs, so only the size check can refuse it. Run from
this folder; the output is committed, this script only documents it.
"""
import struct
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width, height):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    idat = zlib.compress(b"\0" * 64, 9)  # a few rows' worth; never read
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat)
            + chunk(b"IEND", b""))


for name, w, h in (("bomb-100000x100000.png", 100000, 100000), ("wide-40000x2.png", 40000, 2)):
    with open(name, "wb") as f:
        f.write(png(w, h))
