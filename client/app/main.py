"""Composition root: parse the command line, then build and run the app on one qasync loop."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from client import APP_NAME
from client.app.cli import build_parser, run_command

if TYPE_CHECKING:
    from client.app.bench_probe import BenchProbe
    from client.core.profile import AccountStore, Profile
    from client.services.accounts import PasswordLookup
    from client.services.secrets import SecretStore
    from client.services.single_instance import SingleInstance
    from client.ui.main_window import MainWindow

log = logging.getLogger("client")

# How long the window may take to be exposed before the rest loads anyway (another workspace,
# a slow window manager): loading blocks the loop, so it would only be delayed, never drawn.
EXPOSE_WAIT_MS = 300


def setup_logging(level: str, log_dir: Path | None) -> None:
    """stderr plus a file in the profile's log directory; SASL exchanges are always redacted."""
    _install_redaction(_add_log_handlers(level, log_dir))


def _install_redaction(handlers: list[logging.Handler]) -> None:
    # Imported late: it pulls in asyncio, and only slixmpp's records are ever redacted.
    from client.xmpp.safety import RedactingFilter

    for handler in handlers:
        handler.addFilter(RedactingFilter())


def _add_log_handlers(level: str, log_dir: Path | None) -> list[logging.Handler]:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if level == "DEBUG" else logging.INFO)
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    handlers[0].setLevel(level)
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_dir / "attend.log", encoding="utf-8")
        file_handler.setLevel(logging.DEBUG if level == "DEBUG" else logging.INFO)
        handlers.append(file_handler)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    # slixmpp logs every raw stanza at DEBUG; keep it at INFO unless asked (FIELD-NOTES §3).
    if level != "DEBUG":
        logging.getLogger("slixmpp").setLevel(logging.INFO)
    # qasync logs every callback it hands to a thread, arguments and all: never useful, and
    # the keyring's arguments include passwords.
    logging.getLogger("qasync").setLevel(logging.INFO)
    return handlers


def _configured_log_level(profile: Profile) -> str:
    from client.core.profile import SettingsStore, StoreError

    try:
        return SettingsStore(profile.settings_file).load().get_str("log.level")
    except StoreError as exc:
        print(f"attend: warning: {exc}", file=sys.stderr)
        return "INFO"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # xmpp: URIs come from the desktop's URI handler (`attend %u`): not options, hand them on.
    uris = [a for a in argv if a[:5].lower() == "xmpp:"]
    args = build_parser().parse_args([a for a in argv if a not in uris])
    status = run_command(args)
    if status is not None:
        return status
    return run_gui(args, uris)


def _configured_language(profile: Profile) -> str:
    from client.core.profile import SettingsStore, StoreError

    try:
        return SettingsStore(profile.settings_file).load().get_str("ui.language")
    except StoreError:
        return ""  # already reported while reading the log level


def run_gui(args: argparse.Namespace, uris: list[str] | None = None) -> int:
    """The window first, on screen before the rest of the app is even imported (start-up time).

    Only what the window needs comes before it: profile, logging, the QApplication and the
    single-instance check (a second launch must not flash a window). slixmpp, the keyring, the
    sessions and chat load afterwards, inside the running loop (slixmpp binds to it).
    """
    # PySide6 before qasync, or qasync probes for PyQt first (FIELD-NOTES §1).
    import PySide6.QtCore  # noqa: F401

    from client.core.profile import Profile
    from client.services.single_instance import SingleInstance, server_name
    from client.ui.application import create_application

    profile = Profile.resolve(args.profile)
    profile.ensure_dirs()
    level = args.log_level or _configured_log_level(profile)
    handlers = _add_log_handlers(level, profile.log_dir)
    app = create_application([sys.argv[0]], _configured_language(profile))
    try:
        # One app per profile: a second launch raises the first and hands over its xmpp: URIs.
        instance = SingleInstance(server_name(profile.config_dir))
        if instance.send_to_running(uris or []):
            log.info("%s is already running with this profile; asked it to come forward", APP_NAME)
            return 0
        instance.listen()
        shell = Shell(profile)  # the window is on screen from here on
        # Before anything imports slixmpp, whose records are the ones redacted.
        _install_redaction(handlers)
        _import_slixmpp_without_pygments()
        import asyncio

        import qasync

        start = run_app(
            profile, instance=instance, uris=uris or [], launch_profile=args.profile, shell=shell
        )
        del shell  # run_app's now, so the window goes with the app's parts, before the QApplication
        return asyncio.run(start, loop_factory=qasync.QEventLoop)
    finally:
        logging.shutdown()
        del app


def _import_slixmpp_without_pygments() -> None:
    """slixmpp colours its DEBUG stanza log with pygments whenever that happens to be installed.

    That costs ~15 ms of start-up and writes terminal escape codes into the log file; a module
    set to None in ``sys.modules`` makes its optional import fail, so it logs plain text.
    """
    if "slixmpp" in sys.modules or "pygments" in sys.modules:
        return
    sys.modules["pygments"] = None  # type: ignore[assignment]
    try:
        import slixmpp.xmlstream.tostring  # noqa: F401
    finally:
        del sys.modules["pygments"]  # anything else may still use it


class Shell:
    """The main window on screen before the rest of the app exists; ``Attend`` takes it over.

    A quit asked for meanwhile (window closed, Ctrl+Q) is remembered until someone listens.
    """

    def __init__(self, profile: Profile) -> None:
        from client.core.profile import AccountStore, StoreError
        from client.ui.main_window import MainWindow

        self.window = MainWindow()
        self.quit_requested = False
        self.window.quit_requested.connect(self._remember_quit)
        # Read now, so a profile with accounts shows the roster pane, not "No accounts yet".
        self.account_store: AccountStore | None = AccountStore(profile.accounts_file)
        try:
            self.window.set_has_accounts(bool(self.account_store.load()))
        except StoreError:
            self.account_store = None  # Attend reads it again and reports it as it always has
        # Not connected to the chat window yet: nothing should look clickable and do nothing.
        self.window.new_chat_action.setEnabled(False)
        self.window.show_chats_action.setEnabled(False)
        self.probe: BenchProbe | None = None
        if os.environ.get("ATTEND_BENCH_EVENTS"):  # opt-in instrumentation for `make bench`
            from client.app.bench_probe import attach

            self.probe = attach(self.window)  # before show: it reports the first expose
        self.window.show()
        self._wait_until_exposed()

    def _remember_quit(self) -> None:
        self.quit_requested = True

    def _wait_until_exposed(self) -> None:
        """Let the first expose (and with it the first paint) through before loading the rest."""
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

        handle = self.window.windowHandle()
        if handle is None or handle.isExposed():
            return
        loop = QEventLoop()

        class ExposeWatch(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Expose and handle.isExposed():
                    loop.quit()
                return False

        watch = ExposeWatch()
        handle.installEventFilter(watch)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(EXPOSE_WAIT_MS)
        # Clicks and keys wait for the app that handles them (Qt keeps them queued).
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        timer.stop()
        handle.removeEventFilter(watch)

    def hand_over(self, attend: Attend) -> None:
        """``attend`` now owns the window; a quit asked for before it existed takes effect."""
        self.window.quit_requested.disconnect(self._remember_quit)
        self.window.new_chat_action.setEnabled(True)
        self.window.show_chats_action.setEnabled(True)
        if self.probe is not None:
            self.probe.watch(attend)
            attend.probe = self.probe
        if self.quit_requested:
            attend.quit_event.set()


async def run_app(
    profile: Profile,
    *,
    instance: SingleInstance | None = None,
    uris: list[str] | None = None,
    launch_profile: Path | None = None,
    shell: Shell | None = None,
) -> int:
    """Build every part inside the running loop (slixmpp binds to it), run until asked to quit."""
    from client.services.secrets import SecretStore

    secrets = await SecretStore.open()
    app = Attend(
        profile,
        secrets.get_password,
        secrets,
        instance=instance,
        launch_profile=launch_profile,
        window=shell.window if shell is not None else None,
        account_store=shell.account_store if shell is not None else None,
    )
    app.uris = uris or []
    if shell is not None:
        shell.hand_over(app)
    return await app.run()


class Attend:
    """The running app: window, sessions and OS signal handling, wired together."""

    def __init__(
        self,
        profile: Profile,
        password_lookup: PasswordLookup,
        secrets: SecretStore | None = None,
        *,
        instance: SingleInstance | None = None,
        launch_profile: Path | None = None,
        window: MainWindow | None = None,
        account_store: AccountStore | None = None,
    ) -> None:
        """``window`` and ``account_store`` (already loaded): a ``Shell``'s, if one was shown."""
        import asyncio
        import signal

        from client.core.profile import AccountStore
        from client.platform.unix_signals import SignalWatcher
        from client.services.accounts import AccountManager
        from client.ui.accounts_controller import AccountsController
        from client.ui.main_window import MainWindow

        self.profile = profile
        self.quit_event = asyncio.Event()
        self.window = window if window is not None else MainWindow()
        self.window.quit_requested.connect(self.quit_event.set)
        self.signals = SignalWatcher((signal.SIGINT, signal.SIGTERM))
        self.signals.signal_received.connect(self._on_signal)
        if account_store is None:
            account_store = AccountStore(profile.accounts_file)
            account_store.load()
        self.account_store = account_store
        self.accounts = account_store.accounts  # the store's own list: edits show up here
        self.probe: BenchProbe | None = None  # `make bench` only: closed last
        self.manager = AccountManager(password_lookup, store=self.account_store, secrets=secrets)
        self.manager.status_changed.connect(self.window.set_account_status)
        from client.platform.network import NetworkSource

        self.network = NetworkSource()
        self.network.network_returned.connect(self.manager.reconnect_now)
        self.accounts_ui = AccountsController(self.window, self.manager)
        self._wire_activity(profile)
        self._wire_roster()
        self._wire_desktop(instance, launch_profile)
        self._wire_chat(profile)
        from client.ui.about import add_help_menu

        self.about_action = add_help_menu(self.window)  # last, so Help ends the menu bar
        self.started = asyncio.Event()

    def _wire_chat(self, profile: Profile) -> None:
        """Sessions → ChatService (history file, outbox) → chat window; the roster opens chats."""
        from client.services.chat_service import ChatService
        from client.ui.chat_window import ChatWindow

        self.chat = ChatService.open(profile.data_dir)
        # Attached before the session starts, so nothing it receives is missed.
        self.manager.session_added.connect(lambda jid: self.chat.attach(self.manager.sessions[jid]))
        self.manager.session_removed.connect(self.chat.forget)
        desktop = getattr(self, "desktop", None)  # tray (notifications) and unread badge
        self.chat_window = ChatWindow(self.chat, tray=getattr(desktop, "tray", None))
        self.window.roster_widget.contact_activated.connect(self.chat_window.open_chat)
        # Unread counts on the contacts' rows (the window title and tray show the total).
        model = self.roster_model
        model.set_unread_counts(self.chat.history.unread_counts())
        self.chat.unread_changed.connect(
            lambda account, peer, count: model.set_unread_counts({(account, peer): count})
        )
        self.window.new_chat_action.triggered.connect(self.chat_window.ask_new_chat)
        self.window.show_chats_action.triggered.connect(self.chat_window.present)
        if desktop is not None:
            self.chat.total_unread_changed.connect(desktop.set_unread)
            desktop.set_unread(self.chat.total_unread)
            desktop.uri_received.connect(self.chat_window.open_uri)

    def _wire_roster(self) -> None:
        """Sessions → RosterService → RosterModel → the roster pane, and its actions back."""
        from client.models.roster_model import RosterModel
        from client.services.roster_service import RosterService

        self.roster_model = RosterModel()
        self.roster = RosterService(self.roster_model)
        widget = self.window.roster_widget
        widget.set_model(self.roster_model)
        # Attached before the session starts, so its roster and first presences are seen.
        self.manager.session_added.connect(
            lambda jid: self.roster.attach(self.manager.sessions[jid])
        )
        roster = self.roster
        widget.add_contact_requested.connect(
            lambda acc, jid, name, groups: roster.add_contact(acc, jid, name, tuple(groups))
        )
        widget.rename_requested.connect(roster.rename_contact)
        widget.move_to_group_requested.connect(
            lambda acc, jid, groups: roster.move_contact(acc, jid, tuple(groups))
        )
        widget.remove_requested.connect(roster.remove_contact)
        widget.subscription_accept_requested.connect(
            lambda acc, jid: roster.answer_subscription(acc, jid, accept=True)
        )
        widget.subscription_deny_requested.connect(
            lambda acc, jid: roster.answer_subscription(acc, jid, accept=False)
        )
        self.roster_model.set_sort(self.settings.get_str("roster.sort"))
        self.roster_model.set_show_offline(self.settings.get_bool("roster.show_offline"))
        widget.sort_changed.connect(lambda mode: self._save_settings({"roster.sort": mode}))
        widget.show_offline_changed.connect(
            lambda show: self._save_settings({"roster.show_offline": show})
        )
        widget.last_activity_requested.connect(
            lambda acc, jid, resource: roster.query_last_activity(
                acc, f"{jid}/{resource}" if resource else jid
            )
        )

    def _save_settings(self, values: dict[str, object]) -> None:
        """Change settings the user set through the UI and write the file once."""
        from client.core.profile import StoreError

        try:
            for key, value in values.items():
                self.settings.set(key, value)
            self.settings_store.save(self.settings)
        except (StoreError, ValueError, OSError) as exc:
            log.warning("could not save %s: %s", ", ".join(values), exc)

    def _wire_activity(self, profile: Profile) -> None:
        """Focus, idle, lock and sleep drive every session's presence and CSI state."""
        from client.core.activity import StatusShow, UserStatus
        from client.core.profile import SettingsStore, StoreError
        from client.core.settings import Settings
        from client.services.activity_service import ActivityService
        from client.ui.activity_ui import ActivityUi

        self.settings_store = SettingsStore(profile.settings_file)
        try:
            self.settings = self.settings_store.load()
        except StoreError as exc:
            log.warning("using default settings: %s", exc)
            self.settings = Settings()
        self.activity = ActivityService(self.settings)
        # The status the user chose last time (dnd with a message, say) is theirs again.
        self.activity.set_user_status(
            UserStatus(
                StatusShow(self.settings.get_str("status.show")),
                self.settings.get_str("status.message"),
            )
        )
        self.activity_ui = ActivityUi(
            self.window, self.activity, self.settings, self.settings_store
        )
        self.activity_ui.selector.status_chosen.connect(
            lambda status: self._save_settings(
                {"status.show": status.show.value, "status.message": status.message}
            )
        )
        # Attached before the session starts, so its first presence already says the right thing.
        self.manager.session_added.connect(
            lambda jid: self.activity.attach(self.manager.sessions[jid])
        )
        self.manager.session_removed.connect(self.activity.detach)

    def _wire_desktop(self, instance: SingleInstance | None, launch_profile: Path | None) -> None:
        """Tray icon, raise-on-second-launch, xmpp: URIs and the login autostart entry."""
        from client.ui.desktop import DesktopIntegration, apply_autostart

        self.instance = instance
        self.uris: list[str] = []
        self.desktop = DesktopIntegration(
            self.window,
            self.window.quit_action,
            instance=instance,
            tray=self.settings.get_bool("ui.tray_icon"),
        )
        apply_autostart(self.settings.get_bool("ui.autostart"), launch_profile)

    def _on_signal(self, signum: int) -> None:
        log.info("received signal %d; shutting down", signum)
        self.quit_event.set()

    async def run(self) -> int:
        self.window.set_has_accounts(bool(self.accounts))
        self.window.show()
        log.info("started with %d account(s)", len(self.accounts))
        self.activity.start()
        await self.manager.start(self.accounts)
        self.started.set()
        self.desktop.open_uris(self.uris)
        await self.quit_event.wait()
        log.info("disconnecting")
        # Disconnect first, while the loop still runs; only then let the window go.
        await self.activity.close()
        await self.roster.close()
        await self.manager.stop()
        await self.chat.close()  # after the sessions: pending writes land, the file closes
        self.signals.close()
        self.desktop.close()
        if self.instance is not None:
            self.instance.close()
        self.chat_window.hide()
        self.chat_window.deleteLater()
        self.window.hide()
        self.window.deleteLater()
        if self.probe is not None:
            self.probe.close()
        log.info("bye")
        return 0
