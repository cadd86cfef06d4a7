#!/usr/bin/env python3
"""make_test_image.py: writes test.png, a small RGBA picture for basis image-map (standard library only).

A letter F on a gradient with a transparent border pixel row: F has no symmetry, so every
rotation and reflection shows. 96 x 64 pixels, a few kilobytes.
"""
import struct
import sys
import zlib

W, H = 96, 64


def pixel(x, y):
    # the F: a vertical bar and two arms, in the left half
    bar = 20 <= x < 30 and 10 <= y < 54
    top = 20 <= x < 60 and 10 <= y < 20
    mid = 20 <= x < 50 and 28 <= y < 36
    if bar or top or mid:
        return (200, 30, 40, 255)
    if y == H - 1:
        return (0, 0, 0, 0)
    return (40 + 2 * x, 60 + 2 * y, 160, 255)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def main(path):
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(W)) for y in range(H))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "test.png")
