"""A local, faithful stand-in for e-conomic's REST API and its "add app" page."""
