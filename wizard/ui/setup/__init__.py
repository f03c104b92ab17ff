"""The setup wizard: connect e-conomic, find the journal, save an export profile.

One module per page (`page_*.py`), Qt-free helpers beside them (`state`, `checks`, `save`),
and the `SetupWizard` that strings the pages together (`wizard.py`). Pages only show and ask;
every rule lives in `wizard.economic`, `wizard.settings` and `wizard.export`.
"""
