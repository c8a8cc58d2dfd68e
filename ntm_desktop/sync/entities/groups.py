"""The (commune, period, criterion) groups an import touches, held small.

An import notes every group whose indicator values it wrote (their computed status is due)
and every group whose criterion result it wrote with its computed status (nothing more is
due there): a national package touches about a million of each. As a set of tuples that
is about 150 MB per set (a tuple, its period string and a set slot per group); here a
group is one bit of an integer kept per commune and period (about 50,000 of them), so
both take a few megabytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

Group = tuple[int, str, Any]  # (commune id, period code, criterion id; None for an indicator of no criterion)


class Groups:
    """A set of groups (``add``, ``update``, ``|=``, ``in``, ``len``, iteration); its
    difference with another (sharing its ``bits``: :meth:`sharing`) is a plain set."""

    def __init__(self, bits: dict[Any, int] | None = None) -> None:
        self.bits: dict[Any, int] = {} if bits is None else bits  # criterion id → its bit (shared)
        self.masks: dict[tuple[int, str], int] = {}  # (commune id, period) → bits of its criteria

    def sharing(self) -> Groups:
        """An empty set of groups with this one's bits (cheap differences)."""
        return Groups(self.bits)

    def _bit(self, criterion: Any) -> int:
        bit = self.bits.get(criterion)
        if bit is None:
            bit = self.bits[criterion] = 1 << len(self.bits)
        return bit

    def add(self, group: Group) -> None:
        commune, period, criterion = group
        key = (commune, period)
        self.masks[key] = self.masks.get(key, 0) | self._bit(criterion)

    def update(self, groups: Iterable[Group]) -> None:
        masks, bits, bit_of = self.masks, self.bits, self._bit
        for commune, period, criterion in groups:
            key = (commune, period)
            bit = bits.get(criterion) or bit_of(criterion)
            masks[key] = masks.get(key, 0) | bit

    def __ior__(self, groups: Iterable[Group]) -> Groups:
        self.update(groups)
        return self

    def __contains__(self, group: object) -> bool:
        if not isinstance(group, tuple) or len(group) != 3:
            return False
        bit = self.bits.get(group[2])
        return bit is not None and bool(self.masks.get((group[0], group[1]), 0) & bit)

    def _groups(self, masks: Iterable[tuple[tuple[int, str], int]]) -> Iterator[Group]:
        criteria = list(self.bits)  # in the order of their bits
        for (commune, period), mask in masks:
            index = 0
            while mask:
                if mask & 1:
                    yield commune, period, criteria[index]
                mask >>= 1
                index += 1

    def __iter__(self) -> Iterator[Group]:
        return self._groups(self.masks.items())

    def __len__(self) -> int:
        return sum(mask.bit_count() for mask in self.masks.values())

    def __sub__(self, other: Groups) -> set[Group]:
        """The groups of this one not in ``other`` (both with the same bits), as a set."""
        if other.bits is not self.bits:
            return set(self) - set(other)
        theirs = other.masks
        return set(self._groups((key, mask & ~theirs.get(key, 0)) for key, mask in self.masks.items()))
