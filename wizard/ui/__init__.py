"""Qt front ends (wizard, tray). Thin: every rule lives in the domain packages."""
