"""How much each scenario does: the full `make bench`, or `--quick` (seconds, for smoke tests)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    runs: int = 3  # measured runs per scenario (medians are taken over these)
    roster_sizes: tuple[int, ...] = (5_000, 20_000)
    flood_roster: int = 5_000  # contacts of the flooded account (all of them send presence)
    flood_count: int = 20_000  # presences in the flood
    refresh_contacts: int = 20_000
    refresh_ticks: int = 40
    csi_seconds: float = 60.0  # how long the client stays inactive under churn
    # Contact presences per second while inactive: below mod_csi_simple's queue of 256 in 60 s,
    # so every flush in the window is one the client caused (or an important stanza).
    csi_churn_rate: float = 3.0
    quick: bool = False

    @classmethod
    def quick_mode(cls, csi_seconds: float = 5.0) -> Config:
        return cls(
            runs=1,
            roster_sizes=(500,),
            flood_roster=500,
            flood_count=2_000,
            refresh_contacts=2_000,
            refresh_ticks=10,
            csi_seconds=csi_seconds,
            quick=True,
        )
