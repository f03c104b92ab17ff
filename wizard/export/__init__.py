"""The export engine: ready data → vouchers → e-conomic, exactly once. Never imports Qt."""
