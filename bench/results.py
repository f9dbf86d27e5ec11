"""Figures, medians, ratios, targets; the table printed and written to the README."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.common import median


@dataclass
class Figure:
    """One measured quantity: Attend's runs, the reference's runs in the same bench run."""

    key: str
    label: str
    unit: str  # "s", "ms", "MB", "/s", "" (a count)
    attend: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    ref_label: str = ""
    target: str = ""
    # (attend median, reference median) -> target met?
    check: Callable[[float, float | None], bool] | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, attend: float | None = None, reference: float | None = None) -> None:
        """Record one run; a value a run could not measure (None) is left out."""
        if attend is not None:
            self.attend.append(attend)
        if reference is not None:
            self.reference.append(reference)

    @property
    def attend_median(self) -> float | None:
        return median(self.attend)

    @property
    def reference_median(self) -> float | None:
        return median(self.reference)

    @property
    def ratio(self) -> float | None:
        a, r = self.attend_median, self.reference_median
        if a is None or r is None or r == 0:
            return None
        return a / r

    @property
    def met(self) -> bool | None:
        a = self.attend_median
        if self.check is None or a is None:
            return None
        return self.check(a, self.reference_median)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "attend_runs": self.attend,
            "reference_runs": self.reference,
            "attend_median": self.attend_median,
            "reference_median": self.reference_median,
            "reference": self.ref_label,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
            "notes": self.notes,
        }


def at_most(limit: float) -> Callable[[float, float | None], bool]:
    return lambda a, _r: a <= limit


def ratio_check(
    factor: float, plus: float = 0.0, op: Callable[[float, float], bool] = operator.le
) -> Callable[[float, float | None], bool]:
    """attend <= factor * reference + plus (or >=, with ``op=operator.ge``)."""
    return lambda a, r: r is not None and op(a, factor * r + plus)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:g}"


def table(figures: list[Figure]) -> str:
    """A Markdown table: median of each figure, the reference's median, the ratio, the target."""
    lines = [
        "| Figure | Attend (median) | Reference (median) | Ratio | Target | Met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for f in figures:
        ref = f"{fmt(f.reference_median, f.unit)} ({f.ref_label})" if f.ref_label else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "—"}[f.met]
        runs = len(f.attend)
        lines.append(
            f"| {f.label} | {fmt(f.attend_median, f.unit)} (n={runs}) | {ref} | {ratio}"
            f" | {f.target or '—'} | {met} |"
        )
    return "\n".join(lines)
