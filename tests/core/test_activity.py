"""Auto-away and CSI policy, as timelines on a fake clock: one line of expected output per step."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from client.core.activity import (
    ActivityChanges,
    ActivityDecision,
    ActivityInputs,
    ActivityPolicy,
    ActivitySettings,
    ActivityState,
    StatusShow,
    UserStatus,
    decide,
)

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def offset(moment: datetime | None) -> str:
    return "-" if moment is None else f"{(moment - T0).total_seconds():g}"


@dataclass
class Desk:
    """The fake user and desktop: the truth of the scenario, turned into policy inputs."""

    last_input: float = 0.0
    foreground: bool = True
    visible: bool = True
    locked: bool = False
    sleeping: bool = False
    idle_known: bool = True
    user: UserStatus = field(default_factory=UserStatus)

    def act(self, t: float, actions: str) -> ActivityInputs:
        """Apply space-separated actions at ``t``; ``idle=X`` overrides this step's reading."""
        reading: float | None = t - self.last_input
        override: float | None = None
        overridden = False
        for action in actions.split():
            match action.partition("="):
                case ("input", "", ""):
                    self.last_input = t
                    reading = 0.0
                case ("lock", "", ""):
                    self.locked = True
                case ("unlock", "", ""):
                    self.locked = False
                case ("sleep", "", ""):
                    self.sleeping = True
                case ("wake", "", ""):
                    self.sleeping = False
                case ("blur", "", ""):
                    self.foreground = False
                case ("focus", "", ""):
                    self.foreground = True
                case ("hide", "", ""):
                    self.visible = self.foreground = False
                case ("show", "", ""):
                    self.visible = True
                case ("unknown", "", ""):
                    self.idle_known = False
                case ("known", "", ""):
                    self.idle_known = True
                case ("idle", "=", value):
                    override, overridden = float(value), True
                case ("status", "=", value):
                    show, _, message = value.partition("/")
                    self.user = UserStatus(StatusShow(show), message)
                case _:
                    raise AssertionError(f"unknown action {action!r}")
        if overridden:
            reading = override
        elif not self.idle_known:
            reading = None
        return ActivityInputs(
            foreground=self.foreground,
            visible=self.visible,
            idle_seconds=reading,
            locked=self.locked,
            sleeping=self.sleeping,
        )


def summary(t: float, decision: ActivityDecision) -> str:
    """`<t> <show>[*=automatic] <A|I = CSI active/inactive> <since offset|-> ['message']`."""
    line = (
        f"{t:g} {decision.show.value}{'*' if decision.auto else ''} "
        f"{'A' if decision.csi_active else 'I'} {offset(decision.idle_since)}"
    )
    return f"{line} '{decision.status}'" if decision.status else line


Script = list[tuple[float, str]]


def run(
    script: Script, settings: ActivitySettings, user: UserStatus
) -> tuple[list[str], ActivityPolicy, Desk]:
    desk = Desk(user=user)
    policy = ActivityPolicy(settings, user)
    lines = []
    for t, actions in script:
        inputs = desk.act(t, actions)
        policy.set_user_status(desk.user)
        lines.append(summary(t, policy.evaluate(inputs, at(t))))
    return lines, policy, desk


AVAILABLE = UserStatus()
S = ActivitySettings

# (id, settings, user status, script, expected line per step)
TIMELINES: list[tuple[str, ActivitySettings, UserStatus, Script, list[str]]] = [
    (
        "idle crosses away then xa, since = last input",
        S(),
        AVAILABLE,
        [(0, "input"), (299, ""), (300, ""), (899, ""), (900, ""), (1500, "")],
        [
            "0 available A -",
            "299 available A -",
            "300 away* I 0",
            "899 away* I 0",
            "900 xa* I 0",
            "1500 xa* I 0",
        ],
    ),
    (
        "input ends the absence at once",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (410, "input"), (415, "")],
        ["0 available A -", "400 away* I 0", "410 available A -", "415 available A -"],
    ),
    (
        "custom thresholds",
        S(away_after=60, xa_after=120),
        AVAILABLE,
        [(0, "input"), (59, ""), (60, ""), (119, ""), (120, "")],
        ["0 available A -", "59 available A -", "60 away* I 0", "119 away* I 0", "120 xa* I 0"],
    ),
    (
        "xa_after equal to away_after goes straight to xa",
        S(away_after=300, xa_after=300),
        AVAILABLE,
        [(0, "input"), (299, ""), (300, "")],
        ["0 available A -", "299 available A -", "300 xa* I 0"],
    ),
    (
        "auto_away off: show kept, CSI and since still follow idle",
        S(auto_away=False),
        AVAILABLE,
        [(0, "input"), (300, ""), (900, ""), (910, "input")],
        ["0 available A -", "300 available I 0", "900 available I 0", "910 available A -"],
    ),
    (
        "screensaver lock: xa and inactive at once, since = last input",
        S(),
        AVAILABLE,
        [(0, "input"), (60, "lock"), (61, ""), (120, "unlock input")],
        ["0 available A -", "60 xa* I 0", "61 xa* I 0", "120 available A -"],
    ),
    (
        "lock by hand while typing: since = lock time",
        S(),
        AVAILABLE,
        [(0, "input"), (50, "input lock"), (51, "unlock input")],
        ["0 available A -", "50 xa* I 50", "51 available A -"],
    ),
    (
        "lock while idle unknown: since = lock time; unlock is the return",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "unknown"), (100, "lock"), (200, "unlock")],
        ["0 available A -", "10 available A -", "100 xa* I 100", "200 available A -"],
    ),
    (
        "xa_on_lock off: the lock only affects CSI, presence follows idle",
        S(xa_on_lock=False),
        AVAILABLE,
        [(0, "input"), (10, "lock"), (300, ""), (900, ""), (950, "unlock input")],
        [
            "0 available A -",
            "10 available I -",
            "300 away* I 0",
            "900 xa* I 0",
            "950 available A -",
        ],
    ),
    (
        "lock while already away: xa, since kept",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (500, "lock"), (600, "unlock input")],
        ["0 available A -", "400 away* I 0", "500 xa* I 0", "600 available A -"],
    ),
    (
        "minimise: inactive at once, presence untouched; restore: active at once",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "hide input"), (20, "show focus input")],
        ["0 available A -", "10 available I -", "20 available A -"],
    ),
    (
        "hidden to tray and idle: presence back on input, CSI only when shown",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "hide"), (400, ""), (410, "input"), (420, "show focus input")],
        [
            "0 available A -",
            "10 available I -",
            "400 away* I 0",
            "410 available I -",
            "420 available A -",
        ],
    ),
    (
        "focus loss within grace, refocus: nothing changes",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "blur input"), (129, "input"), (129.5, "focus input")],
        ["0 available A -", "10 available A -", "129 available A -", "129.5 available A -"],
    ),
    (
        "focus loss past grace: inactive at grace end, active at once on refocus",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "blur input"), (129, "input"), (130, "input"), (200, "focus input")],
        [
            "0 available A -",
            "10 available A -",
            "129 available A -",
            "130 available I -",
            "200 available A -",
        ],
    ),
    (
        "grace 0: inactive on focus loss; after a return, not before the dwell",
        S(inactive_grace=0),
        AVAILABLE,
        [
            (0, "input"),
            (10, "blur input"),
            (20, "focus input"),
            (25, "blur input"),
            (29.9, "input"),
            (30, "input"),
        ],
        [
            "0 available A -",
            "10 available I -",
            "20 available A -",
            "25 available A -",
            "29.9 available A -",
            "30 available I -",
        ],
    ),
    (
        "dwell holds back focus only: hide and lock are immediate",
        S(inactive_grace=0),
        AVAILABLE,
        [
            (0, "input"),
            (10, "blur input"),
            (20, "focus input"),
            (22, "hide input"),
            (23, "show focus input"),
            (24, "lock input"),
        ],
        [
            "0 available A -",
            "10 available I -",
            "20 available A -",
            "22 available I -",
            "23 available A -",
            "24 xa* I 24",
        ],
    ),
    (
        "hand-set dnd never overridden; since still published",
        S(),
        UserStatus(StatusShow.DND, "Busy"),
        [(0, "input"), (300, ""), (900, ""), (1000, "lock"), (1100, "unlock input")],
        [
            "0 dnd A - 'Busy'",
            "300 dnd I 0 'Busy'",
            "900 dnd I 0 'Busy'",
            "1000 dnd I 0 'Busy'",
            "1100 dnd A - 'Busy'",
        ],
    ),
    (
        "hand-set away not promoted to xa by lock or sleep",
        S(),
        UserStatus(StatusShow.AWAY, "Lunch"),
        [(0, "input"), (10, "lock"), (20, "sleep"), (3000, "wake"), (3010, "unlock input")],
        [
            "0 away A - 'Lunch'",
            "10 away I 0 'Lunch'",
            "20 away I 0 'Lunch'",
            "3000 away I 0 'Lunch'",
            "3010 away A - 'Lunch'",
        ],
    ),
    (
        "hand-set xa keeps its message",
        S(away_message="auto", xa_message="auto"),
        UserStatus(StatusShow.XA, "Holiday"),
        [(0, "input"), (400, ""), (900, ""), (910, "input")],
        [
            "0 xa A - 'Holiday'",
            "400 xa I 0 'Holiday'",
            "900 xa I 0 'Holiday'",
            "910 xa A - 'Holiday'",
        ],
    ),
    (
        "chat replaced by away, then chat and its message restored",
        S(),
        UserStatus(StatusShow.CHAT, "Talk to me"),
        [(0, "input"), (300, ""), (301, "input")],
        ["0 chat A - 'Talk to me'", "300 away* I 0 'Talk to me'", "301 chat A - 'Talk to me'"],
    ),
    (
        "away_message and xa_message while automatic, user's message restored",
        S(away_message="Stepped away", xa_message="Gone"),
        UserStatus(StatusShow.AVAILABLE, "At desk"),
        [(0, "input"), (300, ""), (900, ""), (901, "input")],
        [
            "0 available A - 'At desk'",
            "300 away* I 0 'Stepped away'",
            "900 xa* I 0 'Gone'",
            "901 available A - 'At desk'",
        ],
    ),
    (
        "status chosen by hand on return becomes the new base",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (401, "input status=dnd/Meeting"), (800, "")],
        ["0 available A -", "400 away* I 0", "401 dnd A - 'Meeting'", "800 dnd I 401 'Meeting'"],
    ),
    (
        "sleep with lock: xa at once, since = last input, kept over wake; unlock restores",
        S(),
        AVAILABLE,
        [(0, "input"), (100, "input"), (160, "lock sleep"), (4000, "wake"), (4010, "unlock input")],
        [
            "0 available A -",
            "100 available A -",
            "160 xa* I 100",
            "4000 xa* I 100",
            "4010 available A -",
        ],
    ),
    (
        "sleep while away keeps the absence's since",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (500, "sleep"), (9000, "wake input")],
        ["0 available A -", "400 away* I 0", "500 xa* I 0", "9000 available A -"],
    ),
    (
        "wake unlocked, idle source counted the sleep: xa until real input",
        S(),
        AVAILABLE,
        [(0, "input"), (50, "sleep"), (4000, "wake"), (4005, "input")],
        ["0 available A -", "50 xa* I 0", "4000 xa* I 0", "4005 available A -"],
    ),
    (
        "sleep and wake with idle unknown: since = sleep time, wake is the return",
        S(),
        AVAILABLE,
        [(0, "input"), (5, "unknown"), (60, "sleep"), (4000, "wake")],
        ["0 available A -", "5 available A -", "60 xa* I 60", "4000 available A -"],
    ),
    (
        "publish_idle off: never a since",
        S(publish_idle=False),
        AVAILABLE,
        [(0, "input"), (300, ""), (900, ""), (950, "lock"), (960, "sleep"), (9000, "wake")],
        [
            "0 available A -",
            "300 away* I -",
            "900 xa* I -",
            "950 xa* I -",
            "960 xa* I -",
            "9000 xa* I -",
        ],
    ),
    (
        "publish_idle off with hand-set dnd: nothing about idleness reaches contacts",
        S(publish_idle=False),
        UserStatus(StatusShow.DND),
        [(0, "input"), (1000, ""), (1001, "lock")],
        ["0 dnd A -", "1000 dnd I -", "1001 dnd I -"],
    ),
    (
        "since fixed under polling jitter",
        S(),
        AVAILABLE,
        [
            (0, "input"),
            (301, "idle=301"),
            (306, "idle=305.8"),
            (311, "idle=310.6"),
            (316, "idle=316.1"),
        ],
        ["0 available A -", "301 away* I 0", "306 away* I 0", "311 away* I 0", "316 away* I 0"],
    ),
    (
        "idle=299,301,0.5,302 five seconds apart: one real input, two changes",
        S(),
        AVAILABLE,
        [
            (0, "input"),
            (299, "idle=299"),
            (304, "idle=301"),
            (309, "idle=0.5"),
            (314, "idle=302"),
            (319, "idle=307"),
        ],
        [
            "0 available A -",
            "299 available A -",
            "304 away* I 3",
            "309 available A -",
            "314 available A -",
            "319 available A -",
        ],
    ),
    (
        "the same readings far enough apart are real: away again, new since",
        S(),
        AVAILABLE,
        [
            (0, "input"),
            (299, "idle=299"),
            (304, "idle=301"),
            (309, "idle=0.5"),
            (610.5, "idle=302"),
        ],
        [
            "0 available A -",
            "299 available A -",
            "304 away* I 3",
            "309 available A -",
            "610.5 away* I 308.5",
        ],
    ),
    (
        "idle unknown while away: held, no flap, no xa guessed",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (405, "unknown"), (2000, ""), (2005, "known input")],
        [
            "0 available A -",
            "400 away* I 0",
            "405 away* I 0",
            "2000 away* I 0",
            "2005 available A -",
        ],
    ),
    (
        "idle unknown: unlock ends even an idle absence held from before",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (405, "unknown"), (500, "lock"), (600, "unlock")],
        ["0 available A -", "400 away* I 0", "405 away* I 0", "500 xa* I 0", "600 available A -"],
    ),
    (
        "idle unknown: wake ends an idle absence held from before",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (405, "unknown"), (500, "sleep"), (900, "wake")],
        ["0 available A -", "400 away* I 0", "405 away* I 0", "500 xa* I 0", "900 available A -"],
    ),
    (
        "idle unknown while present: only lock and sleep count",
        S(),
        AVAILABLE,
        [(0, "input"), (1, "unknown"), (5000, ""), (5001, "lock"), (5002, "unlock")],
        [
            "0 available A -",
            "1 available A -",
            "5000 available A -",
            "5001 xa* I 5001",
            "5002 available A -",
        ],
    ),
    (
        "unlock into a background window: presence back, CSI stays inactive",
        S(),
        AVAILABLE,
        [(0, "input"), (5, "blur input"), (10, "lock"), (600, "unlock input")],
        ["0 available A -", "5 available A -", "10 xa* I 5", "600 available I -"],
    ),
    (
        "nonsense readings: negative means now, NaN and huge mean unknown",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (401, "idle=-3"), (402, "idle=nan"), (403, "idle=1e12")],
        [
            "0 available A -",
            "400 away* I 0",
            "401 available A -",
            "402 available A -",
            "403 available A -",
        ],
    ),
]


@pytest.mark.parametrize(
    ("settings", "user", "script", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in TIMELINES],
)
def test_timeline(
    settings: ActivitySettings, user: UserStatus, script: Script, expected: list[str]
) -> None:
    lines, _, _ = run(script, settings, user)
    assert lines == expected


def test_enough_timeline_rows() -> None:
    assert len(TIMELINES) >= 25
    assert len({row[0] for row in TIMELINES}) == len(TIMELINES)


# --- next_check -----------------------------------------------------------------------

# (id, settings, user, script, expected next check as an offset from T0, or None)
NEXT_CHECKS: list[tuple[str, ActivitySettings, UserStatus, Script, float | None]] = [
    ("present: the away threshold", S(), AVAILABLE, [(0, "input"), (10, "")], 300),
    ("present, input later: threshold moves", S(), AVAILABLE, [(0, "input"), (50, "input")], 350),
    ("away by idle: poll for the return", S(), AVAILABLE, [(0, "input"), (400, "")], 405),
    ("slower return poll", S(return_poll=30), AVAILABLE, [(0, "input"), (400, "")], 430),
    (
        "away, xa due before the next poll",
        S(return_poll=30),
        AVAILABLE,
        [(0, "input"), (880, "")],
        900,
    ),
    (
        "background within grace: grace expiry",
        S(),
        AVAILABLE,
        [(0, "input"), (10, "blur input"), (20, "input")],
        130,
    ),
    (
        "grace 0 held back by the dwell: dwell end",
        S(inactive_grace=0),
        AVAILABLE,
        [(0, "input"), (10, "blur input"), (20, "focus input"), (25, "blur input")],
        30,
    ),
    ("locked: nothing until unlock", S(), AVAILABLE, [(0, "input"), (10, "lock")], None),
    (
        "locked, xa_on_lock off: the away threshold",
        S(xa_on_lock=False),
        AVAILABLE,
        [(0, "input"), (10, "lock")],
        300,
    ),
    ("asleep: nothing until wake", S(), AVAILABLE, [(0, "input"), (10, "sleep")], None),
    ("idle unknown, present: none", S(), AVAILABLE, [(0, "input"), (10, "unknown")], None),
    (
        "idle unknown while away: keep polling",
        S(),
        AVAILABLE,
        [(0, "input"), (400, ""), (410, "unknown")],
        415,
    ),
    (
        "hidden, no auto-away, no since: the threshold changes nothing",
        S(auto_away=False, publish_idle=False),
        AVAILABLE,
        [(0, "input"), (10, "hide")],
        None,
    ),
    (
        "hand-set dnd, since off, visible: the threshold changes CSI only",
        S(publish_idle=False),
        UserStatus(StatusShow.DND),
        [(0, "input"), (10, "")],
        300,
    ),
    (
        "hand-set dnd, hidden: the threshold brings the since",
        S(),
        UserStatus(StatusShow.DND),
        [(0, "input"), (10, "hide")],
        300,
    ),
]


@pytest.mark.parametrize(
    ("settings", "user", "script", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in NEXT_CHECKS],
)
def test_next_check(
    settings: ActivitySettings, user: UserStatus, script: Script, expected: float | None
) -> None:
    _, policy, _ = run(script, settings, user)
    now = at(script[-1][0])
    assert offset(policy.next_check(now)) == ("-" if expected is None else f"{expected:g}")


def test_next_check_overdue_is_now() -> None:
    _, policy, _ = run([(0, "input"), (10, "")], S(), AVAILABLE)
    assert policy.next_check(at(400)) == at(400)


def test_next_check_before_any_evaluation() -> None:
    assert ActivityPolicy().next_check(T0) is None


def drive(
    desk: Desk, policy: ActivityPolicy, events: Script, end: float
) -> list[tuple[float, ActivityDecision]]:
    """A fake service: evaluate on each event and whenever the policy's single-shot timer fires.

    Returns every evaluation that changed something, with its time.
    """
    changes: list[tuple[float, ActivityDecision]] = []
    pending = sorted(events)
    t = 0.0

    def evaluate(moment: float, actions: str) -> None:
        decision = policy.evaluate(desk.act(moment, actions), at(moment))
        if policy.changes.any:
            changes.append((moment, decision))

    evaluate(t, "")
    while True:
        timer = policy.next_check(at(t))
        timer_t = None if timer is None else (timer - T0).total_seconds()
        event_t = pending[0][0] if pending else None
        if event_t is not None and (timer_t is None or event_t <= timer_t):
            t, actions = pending.pop(0)
            evaluate(t, actions)
        elif timer_t is not None and timer_t <= end:
            assert timer_t > t, "a timer due now would spin the service"
            t = timer_t
            evaluate(t, "")
        else:
            return changes


def test_timer_driven_service_hits_thresholds_exactly() -> None:
    desk, policy = Desk(), ActivityPolicy()
    changes = drive(desk, policy, [(1000, "input")], end=2000)
    assert [(t, d.show, d.csi_active) for t, d in changes] == [
        (0, StatusShow.AVAILABLE, True),
        (300, StatusShow.AWAY, False),
        (900, StatusShow.XA, False),
        (1000, StatusShow.AVAILABLE, True),
        (1300, StatusShow.AWAY, False),
        (1900, StatusShow.XA, False),
    ]


def test_timer_driven_service_does_not_busy_poll_while_present() -> None:
    desk, policy = Desk(), ActivityPolicy()
    evaluations = 0
    original = policy.evaluate

    def counting(inputs: ActivityInputs, now: datetime) -> ActivityDecision:
        nonlocal evaluations
        evaluations += 1
        return original(inputs, now)

    policy.evaluate = counting  # type: ignore[method-assign]
    # Typing every 60 s for an hour: the timer should fire only at each estimated threshold.
    drive(desk, policy, [(60.0 * k, "input") for k in range(1, 61)], end=3600)
    assert evaluations <= 1 + 60 + 60


# --- hysteresis: alt-tab storms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("grace", "dwell", "bound"),
    [
        (120.0, 10.0, 0),  # defaults: every blur is shorter than the grace
        (5.0, 10.0, 0),
        (0.0, 10.0, 2 * (1 + 60 // 10)),  # one inactive per dwell at most, each followed by active
        (0.0, 20.0, 2 * (1 + 60 // 20)),
        (1.0, 10.0, 2 * (1 + 60 // 10)),
    ],
)
def test_alt_tab_storm(grace: float, dwell: float, bound: int) -> None:
    """50 focus toggles in 60 s while typing, with the timer-driven service evaluating too."""
    settings = S(inactive_grace=grace, min_active_dwell=dwell)
    desk, policy = Desk(), ActivityPolicy(settings)
    events = [(1.2 * k, ("blur" if k % 2 else "focus") + " input") for k in range(1, 51)]
    changes = drive(desk, policy, events, end=60)
    csi_flips = [t for t, _ in changes[1:]]
    assert all(d.show is StatusShow.AVAILABLE and d.idle_since is None for _, d in changes)
    assert len(csi_flips) <= bound
    if bound:
        # The bound is tight enough to matter, and focus loss still takes effect at all.
        assert len(csi_flips) >= bound - 4
        assert not changes[-1][1].csi_active or len(csi_flips) % 2 == 0
    # Never two inactive transitions closer than the dwell (except the first, before any return).
    inactive_at = [t for t, d in changes[1:] if not d.csi_active]
    assert all(b - a >= dwell for a, b in itertools.pairwise(inactive_at[1:]))


def test_storm_without_dwell_would_flap() -> None:
    """The storm test can fail: without a dwell every blur beyond the grace flips CSI."""
    settings = S(inactive_grace=0, min_active_dwell=0)
    desk, policy = Desk(), ActivityPolicy(settings)
    events = [(1.2 * k, ("blur" if k % 2 else "focus") + " input") for k in range(1, 51)]
    assert len(drive(desk, policy, events, end=60)) - 1 == 50


# --- clock, purity, API ----------------------------------------------------------------------


def test_backward_clock_step_does_not_stretch_the_grace() -> None:
    """Without the rebase the grace would end an hour late; only the unobserved second is lost."""
    policy = ActivityPolicy()
    policy.evaluate(ActivityInputs(), at(0))
    policy.evaluate(ActivityInputs(foreground=False), at(10))
    policy.evaluate(ActivityInputs(foreground=False), at(49))
    # At real t=50 the wall clock is set back an hour. The policy cannot see the real time
    # between its last evaluation (49) and the step, so it counts it as zero: 1 s late.
    step = -3600
    assert policy.evaluate(ActivityInputs(foreground=False), at(50 + step)).csi_active
    assert policy.next_check(at(50 + step)) == at(131 + step)
    assert policy.evaluate(ActivityInputs(foreground=False), at(130.9 + step)).csi_active
    assert not policy.evaluate(ActivityInputs(foreground=False), at(131 + step)).csi_active


def test_backward_clock_step_moves_since_with_the_clock() -> None:
    policy = ActivityPolicy()
    policy.evaluate(ActivityInputs(idle_seconds=0), at(0))
    assert policy.evaluate(ActivityInputs(idle_seconds=300), at(300)).idle_since == at(0)
    policy.evaluate(ActivityInputs(idle_seconds=309), at(309))
    # The clock was an hour fast; corrected at real t=310, `since` follows the correction
    # (off by the one unobserved second, as above) instead of staying an hour in the future.
    decision = policy.evaluate(ActivityInputs(idle_seconds=310), at(310 - 3600))
    assert decision.show is StatusShow.AWAY
    assert decision.idle_since == at(1 - 3600)


def test_now_must_be_aware_and_is_converted_to_utc() -> None:
    policy = ActivityPolicy()
    with pytest.raises(ValueError, match="timezone-aware"):
        policy.evaluate(ActivityInputs(), datetime(2025, 3, 3, 9, 0))
    plus_two = timezone(timedelta(hours=2))
    decision = policy.evaluate(ActivityInputs(idle_seconds=400), at(400).astimezone(plus_two))
    assert decision.idle_since == at(0)
    assert decision.idle_since is not None
    assert decision.idle_since.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"away_after": 0},
        {"away_after": -1},
        {"xa_after": 100},
        {"inactive_grace": -1},
        {"min_active_dwell": math.inf},
        {"return_poll": 0},
        {"away_after": math.nan},
    ],
)
def test_settings_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        ActivitySettings(**kwargs)  # type: ignore[arg-type]


def test_settings_defaults() -> None:
    s = ActivitySettings()
    assert (s.auto_away, s.away_after, s.xa_after, s.xa_on_lock) == (True, 300, 900, True)
    assert (s.inactive_grace, s.publish_idle, s.away_message, s.xa_message) == (120, True, "", "")


def test_decide_is_pure() -> None:
    settings, user = ActivitySettings(), UserStatus(StatusShow.CHAT, "hi")
    state = ActivityState()
    first, state1 = decide(settings, state, user, ActivityInputs(idle_seconds=10), at(10))
    again, state1b = decide(settings, state, user, ActivityInputs(idle_seconds=10), at(10))
    assert (first, state1) == (again, state1b)
    assert state == ActivityState()
    away, state2 = decide(settings, state1, user, ActivityInputs(idle_seconds=310), at(310))
    assert away.show is StatusShow.AWAY
    assert state2.since == at(0)
    assert state1.since is None


def test_changes_from_ignores_reason_and_separates_csi_from_presence() -> None:
    base = ActivityDecision(True, StatusShow.AVAILABLE, "", None, False, reason="a")
    assert base.changes_from(None) == ActivityChanges(csi=True, presence=True)
    assert base == replace(base, reason="b")
    assert not base.changes_from(replace(base, reason="b")).any
    assert base.changes_from(replace(base, csi_active=False)) == ActivityChanges(True, False)
    assert base.changes_from(replace(base, idle_since=T0)) == ActivityChanges(False, True)
    assert base.changes_from(replace(base, status="x")) == ActivityChanges(False, True)


def test_policy_reports_changes_and_restores_exact_status() -> None:
    user = UserStatus(StatusShow.CHAT, "Ask me anything")
    policy = ActivityPolicy(user=user)
    policy.evaluate(ActivityInputs(idle_seconds=0), at(0))
    assert policy.changes == ActivityChanges(True, True)
    policy.evaluate(ActivityInputs(idle_seconds=100), at(100))
    assert not policy.changes.any
    policy.evaluate(ActivityInputs(idle_seconds=1000, locked=True), at(1000))
    assert policy.changes == ActivityChanges(True, True)
    back = policy.evaluate(ActivityInputs(idle_seconds=1), at(1001))
    assert (back.show, back.status, back.idle_since, back.auto) == (
        user.show,
        user.message,
        None,
        False,
    )
    assert policy.user_status == user


@pytest.mark.parametrize(
    ("inputs", "needle"),
    [
        (ActivityInputs(sleeping=True), "asleep"),
        (ActivityInputs(locked=True), "screen locked"),
        (ActivityInputs(visible=False, foreground=False), "no window visible"),
        (ActivityInputs(idle_seconds=400), "idle for 400 s"),
    ],
)
def test_reason_names_the_cause(inputs: ActivityInputs, needle: str) -> None:
    assert needle in ActivityPolicy().evaluate(inputs, at(400)).reason
