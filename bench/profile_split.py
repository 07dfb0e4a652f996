"""``--profile`` of the speed benches: cProfile over a run, its own time summed by where it is
spent (a module of ours, a third-party package, or a built-in such as a regex method).

The stage split (load, tokenise, each component) comes from the benches' own timers; this
split says which code inside those stages takes the time.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("extractor", "models", "tracker", "bench")


def profiled(run: Callable[[], object]) -> tuple[object, pstats.Stats]:
    profile = cProfile.Profile(time.process_time)  # CPU time: other processes do not move it
    result = profile.runcall(run)
    return result, pstats.Stats(profile)


def where(filename: str, function: str) -> str:
    """A module of ours by path, a third-party package by name, a built-in by its name."""
    if filename == "~":  # a built-in: "<method 'finditer' of 're.Pattern' objects>"
        return f"built-in {function.strip('<>').replace('built-in method ', '')}"
    path = Path(filename)
    if not path.is_absolute():  # compiled code (Cython) names its source inside its package
        return path.parts[0] if path.parts else filename
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    try:
        relative = path.resolve().relative_to(ROOT)
    except ValueError:
        return "python (stdlib)"
    return str(relative) if relative.parts[0] in OURS else "python (stdlib)"


def split(stats: pstats.Stats) -> tuple[float, list[tuple[str, float]]]:
    """(total seconds, [(where, own seconds)] largest first)."""
    own: Counter[str] = Counter()
    for (filename, _line, function), (_calls, _primitive, tottime, _cum, _callers) in (
        stats.stats.items()  # type: ignore[attr-defined]
    ):
        own[where(filename, function)] += tottime
    return sum(own.values()), own.most_common()


def render(stats: pstats.Stats, title: str, top: int = 25) -> str:
    total, rows = split(stats)
    lines = [f"{title}: own time by module (cProfile, {total:.2f} s profiled)",
             f"{'where':<64}{'seconds':>9}{'share':>8}"]
    lines += [f"{name[:63]:<64}{seconds:>9.3f}{seconds / total:>8.1%}"
              for name, seconds in rows[:top]]
    return "\n".join(lines)
