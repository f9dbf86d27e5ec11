"""The roster request leaves before the initial presence (RFC 6121 §2.2), whoever was wired
first: otherwise the server broadcasts and probes for every contact before answering it."""

from __future__ import annotations

import asyncio

from client.core.connection import ConnectionState
from client.xmpp.activity import SessionActivity
from client.xmpp.roster import RosterSync
from client.xmpp.session import XmppSession
from tests.xmpp.conftest import wait_for
from tests.xmpp.test_roster import Recorder
from tests.xmpp.test_session import options


def test_roster_is_requested_before_initial_presence(prosody, make_account) -> None:
    me, my_pw = make_account("me")
    friend, _pw = make_account("friend")
    prosody.write_roster(me.split("@")[0], {friend: "Friend"})

    async def scenario() -> None:
        session = XmppSession(options(prosody, me), my_pw, lambda _s: None)
        SessionActivity(session)  # as SessionBridge does: the activity side is wired first
        rec = Recorder()
        RosterSync(session, rec)
        sent: list[str] = []
        send_raw = session.xmpp.send_raw

        def recording(data: str | bytes) -> None:
            sent.append(data.decode() if isinstance(data, bytes) else data)
            send_raw(data)

        session.xmpp.send_raw = recording
        session.start()
        try:
            await wait_for(lambda: session.status.state == ConnectionState.ONLINE)
            await wait_for(lambda: bool(rec.rosters))
            await asyncio.sleep(0.1)
        finally:
            await session.stop()
        roster = next(i for i, s in enumerate(sent) if "jabber:iq:roster" in s)
        presence = next(i for i, s in enumerate(sent) if s.startswith("<presence"))
        assert roster < presence, sent
        assert [i.jid for i in rec.rosters[0][0]] == [friend]

    asyncio.run(scenario())
