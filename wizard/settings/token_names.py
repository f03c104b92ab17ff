"""The keyring user names tokens are kept under, in one place below both stores.

Why its own module: the OS-keyring store (`secrets`) and the demo-only file (`demo_tokens`)
both read these names, and `secrets` chooses the demo file; with the names here neither has
to import the other's module to know them.
"""

GRANT_PREFIX = "grant-token/"
APP_SECRET_PREFIX = "app-secret-token/"
