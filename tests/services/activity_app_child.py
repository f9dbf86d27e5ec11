"""Child process: the real app (Attend) with short activity thresholds; prints each state as JSON.

Usage: ``activity_app_child.py PROFILE_DIR JID SETTINGS_JSON`` with the password on stdin. The
schema does not allow thresholds of seconds, so the policy settings are set directly.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any


def main() -> int:
    profile_dir, jid, settings_json = sys.argv[1:4]
    password = sys.stdin.readline().rstrip("\n")

    import PySide6.QtCore  # noqa: F401 - before qasync (FIELD-NOTES §1)
    import qasync

    from client.app.main import Attend, setup_logging
    from client.core.activity import ActivitySettings
    from client.core.profile import Profile
    from client.core.xmpp_time import format_datetime
    from client.services.activity_service import ActivitySnapshot
    from client.ui.application import create_application

    profile = Profile.in_directory(Path(profile_dir))
    profile.ensure_dirs()
    setup_logging("INFO", profile.log_dir)
    app = create_application([sys.argv[0]])

    def report(snapshot: ActivitySnapshot) -> None:
        d = snapshot.decision
        line: dict[str, Any] = {
            "t": time.time(),
            "show": d.show.value if d else None,
            "since": format_datetime(d.idle_since) if d and d.idle_since else None,
            "csi": d.csi_active if d else None,
            "told": [s.told for s in snapshot.sessions if s.online],
            "locked": snapshot.locked,
            "sleeping": snapshot.sleeping,
            "reason": d.reason if d else "",
        }
        print(json.dumps(line), flush=True)

    async def run() -> int:
        async def lookup(account: str) -> str | None:
            return password if account == jid else None

        attend = Attend(profile, lookup)
        attend.activity.set_policy_settings(ActivitySettings(**json.loads(settings_json)))
        attend.activity.state_changed.connect(report)
        return await attend.run()

    try:
        return asyncio.run(run(), loop_factory=qasync.QEventLoop)
    finally:
        del app


if __name__ == "__main__":
    sys.exit(main())
