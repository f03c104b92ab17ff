"""A local, faithful stand-in for e-conomic's REST API and its "add app" page.

Start it with `server.SandboxServer` (or `acubiz-export sandbox`). One job per module:
`server` (threads, addresses), `app` (routing + faults + request log), `api` (REST routes),
`vouchers` (voucher validation/numbering/booking), `attachments`, `listing` (filters, sorting,
pagination), `render` (e-conomic JSON shapes), `addapp` (grant pages), `admin` (/__sandbox__),
`faults`, `idempotency`, `errors`, `store` (SQLite), `seed` (demo company and tokens), `cli`.
Importing this package imports nothing else.
"""
