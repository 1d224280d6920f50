"""The desktop GUI (PySide6): the only package that imports Qt. Entry point: :func:`fortsync_gui.gui.app.main`."""
