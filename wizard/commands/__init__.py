"""The headless sub-commands of `acubiz-export`: profile, connect, transfer, status.

Each module has `add_arguments(parser)` and `run(args) -> int` (see `wizard.cli`); what they
share — exit codes, reading a secret, showing a token's state — is in `common`. Module
top-level imports stay light: the parser imports every sub-command to build `--help`.
"""
