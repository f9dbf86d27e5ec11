"""Entry point of the PyInstaller bundles: the same `main()` as `python -m client`."""

from client.app.main import main

if __name__ == "__main__":
    raise SystemExit(main())
