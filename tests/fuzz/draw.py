"""Where a mutation's choices come from: Hypothesis (the test suite, which shrinks a failure
to a small case) or a seeded ``random.Random`` (scripts/fuzz_long.py, which runs hundreds of
thousands of cases and keeps going after a crash). The mutators only ask for integers,
choices and bytes, so either source drives the same code."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Draw(Protocol):
    def int(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...

    def bytes(self, low: int, high: int) -> bytes: ...


class RandomDraw:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def int(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def bytes(self, low: int, high: int) -> bytes:
        return self.rng.randbytes(self.rng.randint(low, high))


class HypothesisDraw:
    """Choices drawn from Hypothesis' ``st.data()`` object."""

    def __init__(self, data: Any) -> None:
        from hypothesis import strategies as st

        self.data = data
        self.st = st

    def int(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return options[self.data.draw(self.st.integers(0, len(options) - 1))]

    def bytes(self, low: int, high: int) -> bytes:
        return self.data.draw(self.st.binary(min_size=low, max_size=high))
