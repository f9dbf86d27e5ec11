"""The demo's contacts: a dozen scripted XMPP peers (slixmpp) in one process, for `make demo`.

`python -m demo.peers CONFIG.json` connects every contact in CAST to the demo's private
Prosody, sets each one's presence (active, idle for minutes or days, away, busy, two devices,
one that comes and goes, an echo bot, ...), prints "ready" and runs until SIGTERM or SIGINT.
demo/run.py writes CONFIG (ports, CA, passwords) and registers the accounts from CAST.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import ssl
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import slixmpp
from slixmpp.xmlstream import ET

log = logging.getLogger("demo.peers")

DOMAIN = "localhost"
ELSEWHERE = "example.org"  # a contact "on another server": an XEP-0114 component here
YOU = "you"
NS_IDLE = "urn:xmpp:idle:1"
NS_DELAY = "urn:xmpp:delay"
NS_LAST = "jabber:iq:last"


@dataclass(frozen=True)
class Device:
    """One connected resource and the presence it shows."""

    resource: str
    show: str = ""  # "", chat, away, xa, dnd
    status: str = ""
    idle_for: timedelta | None = None  # XEP-0319 <idle since=now-idle_for>
    priority: int = 0


@dataclass(frozen=True)
class Contact:
    user: str
    name: str
    group: str
    devices: tuple[Device, ...] = ()
    behaviour: str = ""  # "", "echo", "comes-and-goes", "logged-out", "offline-for-days"
    note: str = ""  # what the demo shows with this contact (printed at start)
    domain: str = DOMAIN

    @property
    def jid(self) -> str:
        return f"{self.user}@{self.domain}"


MIN = timedelta(minutes=1)
CAST: tuple[Contact, ...] = (
    Contact("alice", "Alice Martin", "Work",
            (Device("laptop", status="Reviewing the release notes"),),
            note="available and at the keyboard"),
    Contact("bruno", "Bruno Costa", "Friends",
            (Device("desktop", show="chat", status="Ask me anything about XMPP"),),
            note="free for chat"),
    Contact("chen", "Chen Wei", "Work",
            (Device("workstation", status="Compiling…", idle_for=4 * MIN),),
            note="online, idle for 4 minutes (XEP-0319)"),
    Contact("dana", "Dana Kowalska", "Friends",
            (Device("home-pc", idle_for=timedelta(days=3, hours=2)),),
            note="online, but idle for 3 days: left logged in"),
    Contact("emil", "Emil Nowak", "Friends",
            (Device("laptop", show="away", status="Lunch, back at 2"),),
            note="away, set by hand (no idle time)"),
    Contact("fatima", "Fatima Rahman", "Work",
            (Device("laptop", show="dnd", status="In a meeting until 15:00"),),
            note="do not disturb"),
    Contact("gustav", "Gustav Berg", "Friends",
            (Device("desktop", show="xa", status="On holiday until Monday",
                    idle_for=timedelta(days=1, hours=5)),),
            note="extended away, idle for a day"),
    Contact("ivan", "Ivan Petrov", "Work",
            (Device("laptop", status="At my desk", priority=5),
             Device("phone", status="Mobile", idle_for=25 * MIN, priority=0)),
            note="two devices: the laptop active, the phone idle for 25 minutes"),
    Contact("julia", "Julia Fischer", "Work", (Device("laptop"),), behaviour="comes-and-goes",
            note="goes idle and comes back every 40 seconds while you watch"),
    Contact("kai", "Kai Müller", "Friends", (Device("tablet"),), behaviour="logged-out",
            note='signed in and out just before you: offline with no stamp to date it; '
            '"Ask for last activity" gets it from his server (XEP-0012)'),
    Contact("hana", "Hana Sato", "Friends", behaviour="offline-for-days", domain=ELSEWHERE,
            note="offline for 2 days (answers last-activity queries, XEP-0012)"),
    Contact("echo", "Echo Bot", "Bots",
            (Device("bot", show="chat", status="Send me a message: I answer every one"),),
            behaviour="echo", note="answers every message you send"),
)  # fmt: skip

HANA_GONE = timedelta(days=2, hours=3)
HANA_STATUS = "Travelling, back next week"
CYCLE_SECONDS = 40.0


def xmpp_stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Peer:
    """One device of one contact: a slixmpp client that sets its presence and stays online."""

    def __init__(self, contact: Contact, device: Device, password: str, config: dict[str, Any]):
        self.contact, self.device = contact, device
        self.you = f"{YOU}@{DOMAIN}"
        self.xmpp = slixmpp.ClientXMPP(f"{contact.jid}/{device.resource}", password)
        self.xmpp.ssl_context = ssl.create_default_context(cafile=config["ca_file"])
        self.xmpp.enable_direct_tls = False
        # Never answer subscription requests for anyone (FIELD-NOTES §3).
        self.xmpp.auto_authorize = None
        self.xmpp.auto_subscribe = False
        for plugin in ("xep_0030", "xep_0115", "xep_0085", "xep_0184"):
            self.xmpp.register_plugin(plugin)
        self.port = int(config["c2s_port"])
        self.started = asyncio.Event()
        self.greeted = False
        self.answering: set[asyncio.Future[None]] = set()
        self.xmpp.add_event_handler("session_start", self._on_session_start)
        if contact.behaviour == "echo":
            self.xmpp.add_event_handler("message", self._on_message)
            self.xmpp.add_event_handler("presence_available", self._on_presence)

    async def _on_session_start(self, _event: Any) -> None:
        # Advertise XEP-0319 support, so the client trusts our idle reports (and our silence).
        self.xmpp.plugin["xep_0030"].add_feature(NS_IDLE)
        await self.xmpp.plugin["xep_0115"].update_caps(broadcast=False)
        self.started.set()

    async def connect(self) -> None:
        self.xmpp.connect("127.0.0.1", self.port)
        await asyncio.wait_for(self.started.wait(), 20)

    def send_presence(
        self, show: str | None = None, status: str | None = None, idle_for: Any = "device"
    ) -> None:
        device = self.device
        show = device.show if show is None else show
        status = device.status if status is None else status
        idle = device.idle_for if idle_for == "device" else idle_for
        presence = self.xmpp.make_presence(
            pshow=show or None, pstatus=status or None, ppriority=device.priority
        )
        if idle is not None:
            since = datetime.now(UTC) - idle
            presence.xml.append(ET.Element(f"{{{NS_IDLE}}}idle", {"since": xmpp_stamp(since)}))
        presence.send()

    async def disconnect(self, status: str | None = None) -> None:
        if self.xmpp.transport is None:
            return
        if status is not None:
            self.xmpp.send_presence(ptype="unavailable", pstatus=status)
        await self.xmpp.disconnect(wait=2)

    # -- echo bot --------------------------------------------------------------------------

    def _on_presence(self, presence: Any) -> None:
        if presence["from"].bare != self.you or self.greeted:
            return
        self.greeted = True
        self.xmpp.send_message(
            mto=presence["from"].bare,
            mbody="Hello! I'm the demo's echo bot: send me anything and I'll answer.",
            mtype="chat",
        )

    def _on_message(self, message: Any) -> None:
        if message["type"] not in ("chat", "normal") or not message["body"]:
            return
        task = asyncio.ensure_future(self._answer(message))
        self.answering.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(self.answering.discard)

    async def _answer(self, message: Any) -> None:
        typing = self.xmpp.make_message(mto=message["from"], mtype="chat")
        typing["chat_state"] = "composing"
        typing.send()
        await asyncio.sleep(1.0)
        body = message["body"]
        reply = message.reply(f"You said: “{body}” ({len(body)} characters)")
        reply["chat_state"] = "active"
        reply.send()


class Elsewhere:
    """A contact on "another server" (a component here) who has been offline for days.

    Prosody keeps last-activity times in memory only, so a "last seen two days ago" needs
    someone to answer for it: the component replies to presence probes with an unavailable
    presence stamped when she left (XEP-0203) and to XEP-0012 queries with the seconds since.
    """

    def __init__(self, contact: Contact, config: dict[str, Any]) -> None:
        self.contact = contact
        self.left = datetime.now(UTC) - HANA_GONE
        self.xmpp = slixmpp.ComponentXMPP(
            contact.domain, config["elsewhere_secret"], "127.0.0.1", int(config["component_port"])
        )
        self.xmpp.register_plugin("xep_0030")
        self.xmpp.del_event_handler("presence_probe", self.xmpp._handle_probe)
        self.xmpp.add_event_handler("presence_probe", self._on_probe)
        self.xmpp.register_handler(
            slixmpp.Callback(
                "last activity",
                slixmpp.MatchXPath(f"{{{self.xmpp.default_ns}}}iq/{{{NS_LAST}}}query"),
                self._on_last_activity,
            )
        )
        self.started = asyncio.Event()
        self.xmpp.add_event_handler("session_start", lambda _e: self.started.set())

    async def connect(self) -> None:
        self.xmpp.connect()
        await asyncio.wait_for(self.started.wait(), 20)

    def _on_probe(self, probe: Any) -> None:
        if probe["to"].bare != self.contact.jid:
            return
        presence = self.xmpp.make_presence(
            pto=probe["from"].bare, pfrom=self.contact.jid, ptype="unavailable", pstatus=HANA_STATUS
        )
        presence.xml.append(ET.Element(f"{{{NS_DELAY}}}delay", {"stamp": xmpp_stamp(self.left)}))
        presence.send()

    def _on_last_activity(self, iq: Any) -> None:
        if iq["type"] != "get" or iq["to"].bare != self.contact.jid:
            return
        reply = iq.reply(clear=True)
        seconds = int((datetime.now(UTC) - self.left).total_seconds())
        query = ET.Element(f"{{{NS_LAST}}}query", {"seconds": str(seconds)})
        query.text = HANA_STATUS
        reply.xml.append(query)
        reply.send()

    async def disconnect(self) -> None:
        if self.xmpp.transport is not None:
            await self.xmpp.disconnect(wait=2)


@dataclass
class Troupe:
    """Everyone in CAST, connected; ``run`` keeps them there until told to stop."""

    config: dict[str, Any]
    peers: list[Peer] = field(default_factory=list)
    elsewhere: list[Elsewhere] = field(default_factory=list)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> None:
        passwords: dict[str, str] = self.config["passwords"]
        for contact in CAST:
            if contact.behaviour == "offline-for-days":
                self.elsewhere.append(Elsewhere(contact, self.config))
                continue
            for device in contact.devices:
                self.peers.append(Peer(contact, device, passwords[contact.user], self.config))
        await asyncio.gather(*(e.connect() for e in self.elsewhere))
        await asyncio.gather(*(p.connect() for p in self.peers))
        for peer in self.peers:
            if peer.contact.behaviour == "logged-out":
                peer.send_presence()
                await asyncio.sleep(0.5)
                await peer.disconnect(status="Back on Monday")
            else:
                peer.send_presence()
            if peer.contact.behaviour == "comes-and-goes":
                task = asyncio.ensure_future(self._comes_and_goes(peer))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)

    async def _comes_and_goes(self, peer: Peer) -> None:
        """Active, then away with idle time (as an auto-away client sends it), then back."""
        cycle = float(self.config.get("cycle_seconds", CYCLE_SECONDS))
        while True:
            await asyncio.sleep(cycle)
            log.info("%s goes idle", peer.contact.name)
            peer.send_presence(show="away", status="", idle_for=5 * MIN)
            await asyncio.sleep(cycle)
            log.info("%s is back", peer.contact.name)
            peer.send_presence(idle_for=None)

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*(p.disconnect() for p in self.peers), return_exceptions=True)
        await asyncio.gather(*(e.disconnect() for e in self.elsewhere), return_exceptions=True)


async def run(config: dict[str, Any]) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    troupe = Troupe(config)
    try:
        await troupe.start()
        print("ready", flush=True)
        await stop.wait()
    finally:
        await troupe.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m demo.peers CONFIG.json", file=sys.stderr)
        return 2
    config = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    # slixmpp's own INFO lines (connection attempts, ...) are noise in the demo's log.
    logging.getLogger("slixmpp").setLevel(logging.WARNING)
    return asyncio.run(run(config))


if __name__ == "__main__":
    raise SystemExit(main())
