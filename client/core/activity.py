"""Auto-away and CSI policy: from the user's activity to presence show, idle since and CSI state."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

__all__ = [
    "ActivityChanges",
    "ActivityDecision",
    "ActivityInputs",
    "ActivityPolicy",
    "ActivitySettings",
    "ActivityState",
    "AutoLevel",
    "StatusShow",
    "UserStatus",
    "decide",
    "next_check",
]

# Time model: every `now` is an aware datetime, converted to UTC. Wall-clock time is needed
# anyway for XEP-0319 `since`, and one clock avoids mixing bases. A backward step of the wall
# clock (NTP) is detected (now < the previous evaluation) and treated as no elapsed time: all
# stored instants move with the clock, so timers are not stretched. A forward step cannot be
# told apart from real elapsed time (such as a suspend) and is taken as such.

# An idle reading beyond this is garbage (e.g. a wrapped 32-bit tick count), not a user who
# left a year ago: treat it as unknown rather than publish a nonsense `since`.
_MAX_IDLE_SECONDS = 366 * 24 * 3600.0


class StatusShow(enum.StrEnum):
    """The user's availability: RFC 6121 §4.7.2.1 <show/> values, plus AVAILABLE (no <show/>).

    Values are the same strings as client.core.presence's show values, so convert by value.
    """

    AVAILABLE = "available"
    CHAT = "chat"
    AWAY = "away"
    XA = "xa"
    DND = "dnd"


# Only these may be replaced automatically. away/xa/dnd set by hand are the user's own
# statement about their availability; auto-away must never overwrite them.
_AUTO_REPLACEABLE = frozenset({StatusShow.AVAILABLE, StatusShow.CHAT})


class AutoLevel(enum.IntEnum):
    """How absent the user looks, in increasing order."""

    PRESENT = 0
    AWAY = 1
    XA = 2


_LEVEL_SHOW = {AutoLevel.AWAY: StatusShow.AWAY, AutoLevel.XA: StatusShow.XA}


@dataclass(frozen=True, slots=True)
class UserStatus:
    """The status the user chose by hand; restored unchanged whenever they are back."""

    show: StatusShow = StatusShow.AVAILABLE
    message: str = ""


@dataclass(frozen=True, slots=True)
class ActivityInputs:
    """One snapshot of what the platform reports about the user.

    ``foreground``: the app is active with a visible, non-minimised focus window.
    ``visible``: some window is shown and not minimised (False when hidden to tray).
    ``idle_seconds``: system-wide seconds since the last input; None when unknown.
    """

    foreground: bool = True
    visible: bool = True
    idle_seconds: float | None = 0.0
    locked: bool = False
    sleeping: bool = False


@dataclass(frozen=True, slots=True)
class ActivitySettings:
    """User preferences; all durations in seconds.

    ``away_message``/``xa_message``: the status text while automatically away; empty means
    keep the user's own message (the show and `since` already tell that they are away).
    ``min_active_dwell``: after CSI went back to active, a focus loss cannot make it
    inactive again before this long, so alt-tabbing cannot produce a stanza storm.
    ``return_poll``: while idle, how often to re-read the idle source to notice the return;
    a backstop for sources that are polled rather than event-driven.
    """

    auto_away: bool = True
    away_after: float = 300.0
    xa_after: float = 900.0
    xa_on_lock: bool = True
    inactive_grace: float = 120.0
    min_active_dwell: float = 10.0
    publish_idle: bool = True
    away_message: str = ""
    xa_message: str = ""
    return_poll: float = 5.0

    def __post_init__(self) -> None:
        for name in ("away_after", "xa_after", "inactive_grace", "min_active_dwell", "return_poll"):
            value = getattr(self, name)
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be finite and >= 0, not {value!r}")
        if self.away_after <= 0 or self.return_poll <= 0:
            raise ValueError("away_after and return_poll must be > 0")
        if self.xa_after < self.away_after:
            raise ValueError(
                f"xa_after ({self.xa_after}) must be >= away_after ({self.away_after})"
            )


@dataclass(frozen=True, slots=True)
class ActivityChanges:
    """Which parts of a decision differ from the previous one, i.e. what must be sent."""

    csi: bool
    presence: bool

    @property
    def any(self) -> bool:
        return self.csi or self.presence


@dataclass(frozen=True, slots=True)
class ActivityDecision:
    """What to tell the server (CSI) and contacts (presence). ``reason`` is for logs only.

    Equality ignores ``reason``, so ``decision != previous`` means "something must be sent".
    When both change towards absence, send the presence before ``<inactive/>`` (a server
    holding stanzas under XEP-0352 would otherwise hold our own away presence too); before a
    suspend, send both synchronously while the sleep is still delayed.
    """

    csi_active: bool
    show: StatusShow
    status: str
    idle_since: datetime | None
    auto: bool
    reason: str = field(default="", compare=False)

    def changes_from(self, previous: ActivityDecision | None) -> ActivityChanges:
        if previous is None:
            return ActivityChanges(csi=True, presence=True)
        return ActivityChanges(
            csi=self.csi_active != previous.csi_active,
            presence=(self.show, self.status, self.idle_since)
            != (previous.show, previous.status, previous.idle_since),
        )


@dataclass(frozen=True, slots=True)
class ActivityState:
    """What the policy remembers between evaluations (all instants in UTC).

    ``last_input``: the latest known time of user input; it only moves forward, so a reading
    that contradicts an earlier, more recent one (idle 0.5 s, then 302 s five seconds later)
    cannot pretend the user left long ago.
    ``since``: the `since` of the current absence, fixed when the absence began.
    """

    evaluated_at: datetime | None = None
    last_input: datetime | None = None
    idle_level: AutoLevel = AutoLevel.PRESENT
    since: datetime | None = None
    unfocused_since: datetime | None = None
    active_since: datetime | None = None
    csi_active: bool | None = None
    locked: bool = False
    sleeping: bool = False


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime (use datetime.now(UTC))")
    return now.astimezone(UTC)


def _shift(value: datetime | None, delta: timedelta) -> datetime | None:
    return None if value is None else value + delta


def _rebase(state: ActivityState, now: datetime) -> ActivityState:
    """Undo a backward wall-clock step: move every stored instant by the same amount."""
    if state.evaluated_at is None or now >= state.evaluated_at:
        return state
    delta = now - state.evaluated_at
    return replace(
        state,
        evaluated_at=now,
        last_input=_shift(state.last_input, delta),
        since=_shift(state.since, delta),
        unfocused_since=_shift(state.unfocused_since, delta),
        active_since=_shift(state.active_since, delta),
    )


def _clean_idle(idle: float | None) -> float | None:
    if idle is None or math.isnan(idle) or idle > _MAX_IDLE_SECONDS:
        return None
    # A negative reading (clock arithmetic in the source) can only mean "input just now".
    return max(idle, 0.0)


def _idle_level(idle_for: timedelta, settings: ActivitySettings) -> AutoLevel:
    if idle_for >= timedelta(seconds=settings.xa_after):
        return AutoLevel.XA
    if idle_for >= timedelta(seconds=settings.away_after):
        return AutoLevel.AWAY
    return AutoLevel.PRESENT


def _focus_deadline(
    unfocused_since: datetime | None, active_since: datetime | None, settings: ActivitySettings
) -> datetime | None:
    """When mere loss of focus makes CSI inactive: after the grace, and never within the dwell."""
    if unfocused_since is None:
        return None
    deadline = unfocused_since + timedelta(seconds=settings.inactive_grace)
    if active_since is not None:
        deadline = max(deadline, active_since + timedelta(seconds=settings.min_active_dwell))
    return deadline


def _ago(now: datetime, then: datetime) -> str:
    return f"{(now - then).total_seconds():.0f} s"


def decide(
    settings: ActivitySettings,
    state: ActivityState,
    user: UserStatus,
    inputs: ActivityInputs,
    now: datetime,
) -> tuple[ActivityDecision, ActivityState]:
    """The decision for ``inputs`` at ``now`` (aware), and the state to pass next time. Pure.

    Presence (contacts): sleeping → xa; locked → xa if ``xa_on_lock``; otherwise system idle
    past ``away_after`` → away, past ``xa_after`` → xa. Only a user-chosen available/chat is
    replaced, and only with ``auto_away``. ``idle_since`` (XEP-0319) is the last input before
    the absence began and stays fixed until the user is back; it is published whenever the
    user is absent and ``publish_idle`` is on, also under a hand-set away/xa/dnd or with
    ``auto_away`` off: it states a fact about input, independent of the chosen <show/>
    (XEP-0319 §1), and ``publish_idle`` is the one privacy switch for it.

    CSI (server, XEP-0352): inactive at once when asleep, locked, no window visible, or idle
    past ``away_after``; inactive after ``inactive_grace`` when merely in the background,
    and not within ``min_active_dwell`` of the last return to active. Active again at once.
    """
    now = _utc(now)
    state = _rebase(state, now)
    idle = _clean_idle(inputs.idle_seconds)
    foreground = inputs.foreground and inputs.visible

    # --- when did the user last touch the machine? ---
    last_input = state.last_input
    fresh = False
    if idle is not None:
        reading = now - timedelta(seconds=idle)
        last_input = reading if last_input is None else max(last_input, reading)
        fresh = True
    elif (state.locked and not inputs.locked) or (state.sleeping and not inputs.sleeping):
        # Unlocking takes a password and waking usually a lid or a key: without an idle
        # source they are the only sign of a return, and without this the absence would
        # last forever on systems where idle time is unknown.
        last_input = now
        fresh = True
    if fresh and last_input is not None:
        idle_level = _idle_level(now - last_input, settings)
    else:
        # Unknown idle time: keep what we knew rather than flap back to available because
        # one D-Bus call timed out.
        idle_level = state.idle_level

    # --- presence ---
    level = idle_level
    if inputs.sleeping or (inputs.locked and settings.xa_on_lock):
        level = AutoLevel.XA
    since: datetime | None = None
    if level > AutoLevel.PRESENT:
        since = state.since
        if since is None:
            # The absence begins now. With a fresh reading, `since` is the last input. With
            # the idle time unknown (a lock or sleep is what told us), it is the lock/sleep
            # moment: the latest possible value, which never overstates idleness, and exact
            # for a lock made by hand.
            since = last_input if fresh and last_input is not None else now
    replace_show = settings.auto_away and user.show in _AUTO_REPLACEABLE
    if replace_show and level > AutoLevel.PRESENT:
        show = _LEVEL_SHOW[level]
        custom = settings.away_message if level == AutoLevel.AWAY else settings.xa_message
        message = custom or user.message
        auto = True
    else:
        show, message, auto = user.show, user.message, False
    idle_since = since if settings.publish_idle else None

    # --- CSI ---
    unfocused_since: datetime | None = None
    if not foreground:
        unfocused_since = now if state.unfocused_since is None else state.unfocused_since
    if inputs.sleeping:
        csi_why = "asleep"
    elif inputs.locked:
        csi_why = "screen locked"
    elif not inputs.visible:
        csi_why = "no window visible"
    elif idle_level > AutoLevel.PRESENT:
        csi_why = "system idle"
    else:
        csi_why = ""
        deadline = _focus_deadline(unfocused_since, state.active_since, settings)
        if unfocused_since is not None and deadline is not None and now >= deadline:
            csi_why = f"in background for {_ago(now, unfocused_since)}"
    csi_active = not csi_why
    active_since = state.active_since
    if csi_active and state.csi_active is False:
        # Only a *return* starts the dwell; the first evaluation does not.
        active_since = now

    # --- reason, for logs and the status bar ---
    if level == AutoLevel.PRESENT:
        presence_why = show.value
    else:
        cause = (
            "asleep"
            if inputs.sleeping
            else "screen locked"
            if inputs.locked and settings.xa_on_lock
            else f"idle for {_ago(now, last_input)}"
            if fresh and last_input is not None
            else "idle (time unknown)"
        )
        kept = "auto" if auto else "kept by hand" if user.show not in _AUTO_REPLACEABLE else "kept"
        presence_why = f"{show.value} ({kept}; {cause})"
    if csi_active:
        csi_text = "csi active"
        if unfocused_since is not None:
            csi_text += f" (in background for {_ago(now, unfocused_since)}, within grace)"
    else:
        csi_text = f"csi inactive ({csi_why})"

    decision = ActivityDecision(
        csi_active=csi_active,
        show=show,
        status=message,
        idle_since=idle_since,
        auto=auto,
        reason=f"{presence_why}; {csi_text}",
    )
    new_state = ActivityState(
        evaluated_at=now,
        last_input=last_input,
        idle_level=idle_level,
        since=since,
        unfocused_since=unfocused_since,
        active_since=active_since,
        csi_active=csi_active,
        locked=inputs.locked,
        sleeping=inputs.sleeping,
    )
    return decision, new_state


def next_check(
    settings: ActivitySettings,
    state: ActivityState,
    user: UserStatus,
    inputs: ActivityInputs,
    now: datetime,
) -> datetime | None:
    """When to evaluate again if no signal arrives first; None when only a signal can matter.

    ``state`` and ``inputs`` are those of the last evaluation. The answer is the first
    instant at which the decision would change if the user touched nothing more (a grace
    expiring, an idle threshold crossed), or, while idle, the next ``return_poll`` to notice
    the return. An input only postpones a threshold, so sleeping until then misses nothing;
    the answer is never earlier than ``now`` (an overdue check returns ``now``).
    """
    now = _utc(now)
    if state.evaluated_at is None:
        return None
    base_time = state.evaluated_at
    known_idle = _clean_idle(inputs.idle_seconds) is not None

    def decision_at(moment: datetime) -> ActivityDecision:
        idle: float | None = None
        if known_idle and state.last_input is not None:
            # The hypothesis "no input since last_input", stated exactly.
            idle = (moment - state.last_input).total_seconds()
        return decide(settings, state, user, replace(inputs, idle_seconds=idle), moment)[0]

    candidates: list[datetime] = []
    if inputs.visible:
        deadline = _focus_deadline(state.unfocused_since, state.active_since, settings)
        if deadline is not None:
            candidates.append(deadline)
    if known_idle and state.last_input is not None:
        candidates.append(state.last_input + timedelta(seconds=settings.away_after))
        candidates.append(state.last_input + timedelta(seconds=settings.xa_after))

    answer: datetime | None = None
    current = decision_at(base_time)
    for moment in sorted(c for c in candidates if c > base_time):
        if decision_at(moment) != current:
            answer = moment
            break
    # The return from idleness is only seen by reading the idle source again. While locked
    # or asleep the unlock/wake signal is what matters, so no polling then.
    if state.idle_level > AutoLevel.PRESENT and not (inputs.locked or inputs.sleeping):
        poll = base_time + timedelta(seconds=settings.return_poll)
        answer = poll if answer is None else min(answer, poll)
    if answer is None:
        return None
    return max(answer, now)


class ActivityPolicy:
    """The stateful wrapper the activity service holds: feed it snapshots, send what changed.

    Typical use: ``d = policy.evaluate(inputs, now)``; if ``policy.changes.any``, send;
    then arm a single-shot timer for ``policy.next_check(now)``.
    """

    def __init__(
        self, settings: ActivitySettings | None = None, user: UserStatus | None = None
    ) -> None:
        self._settings = settings or ActivitySettings()
        self._user = user or UserStatus()
        self._state = ActivityState()
        self._inputs = ActivityInputs()
        self._decision: ActivityDecision | None = None
        self._changes = ActivityChanges(csi=False, presence=False)

    @property
    def settings(self) -> ActivitySettings:
        return self._settings

    @property
    def user_status(self) -> UserStatus:
        return self._user

    @property
    def state(self) -> ActivityState:
        return self._state

    @property
    def decision(self) -> ActivityDecision | None:
        """The last decision, None before the first evaluation."""
        return self._decision

    @property
    def changes(self) -> ActivityChanges:
        """What the last ``evaluate`` changed compared with the decision before it."""
        return self._changes

    def set_settings(self, settings: ActivitySettings) -> None:
        """Takes effect at the next ``evaluate``."""
        self._settings = settings

    def set_user_status(self, status: UserStatus) -> None:
        """The status chosen by hand; takes effect at the next ``evaluate``.

        Auto-away never modifies it, so the return restores exactly this show and message.
        """
        self._user = status

    def evaluate(self, inputs: ActivityInputs, now: datetime) -> ActivityDecision:
        decision, self._state = decide(self._settings, self._state, self._user, inputs, now)
        self._inputs = inputs
        self._changes = decision.changes_from(self._decision)
        self._decision = decision
        return decision

    def next_check(self, now: datetime) -> datetime | None:
        return next_check(self._settings, self._state, self._user, self._inputs, now)
