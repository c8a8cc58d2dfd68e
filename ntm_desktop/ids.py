"""Random identifiers in bulk (UUID version 4 text), for paths that make thousands at once."""

from __future__ import annotations

import os


def new_uuids(count: int) -> list[str]:
    """``count`` random RFC 4122 version-4 UUIDs as text, from one read of os.urandom."""
    raw = os.urandom(16 * count).hex()
    out = []
    for i in range(count):
        h = raw[32 * i : 32 * i + 32]
        variant = "89ab"[int(h[16], 16) & 3]
        out.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}")
    return out
