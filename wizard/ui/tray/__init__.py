"""The tray exporter: icon, menu, History and status windows, schedule, runs in child processes.

`app.py` holds the tray itself; the other modules each do one thing for it and are testable
without a display where they can be (`state`, `text`, `scheduler`, `store`).
"""
