"""Entry point for `python -m client`."""

from client.app.main import main

raise SystemExit(main())
