"""e-conomic REST client. Never imports Qt: the CLI, the engine and the UI all share it."""
