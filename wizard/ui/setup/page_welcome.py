"""Page 1: what the wizard will do, what the admin needs, the language, and which export."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
)

from wizard import __version__
from wizard.settings.secrets import SecretStoreError, load_grant_token
from wizard.ui.i18n import LANGUAGES
from wizard.ui.setup.widgets import ErrorPanel, SetupPage, wrap_label


class WelcomePage(SetupPage):
    language_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.language_label = QLabel()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language named in itself
        self.language_label.setBuddy(self.language)
        top.addStretch(1)
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        layout.addLayout(top)

        self.steps = wrap_label(rich=True)
        self.needs = wrap_label(rich=True)
        self.switch_note = wrap_label(rich=True)
        layout.addWidget(self.steps)
        layout.addWidget(self.needs)
        layout.addWidget(self.switch_note)

        self.profiles_box = QGroupBox()
        grid = QGridLayout(self.profiles_box)
        self.new_profile = QRadioButton()
        self.edit_profile = QRadioButton()
        self.profile_choice = QComboBox()
        self.profile_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        group = QButtonGroup(self)
        group.addButton(self.new_profile)
        group.addButton(self.edit_profile)
        grid.addWidget(self.edit_profile, 0, 0)
        choice = QHBoxLayout()  # the list only as wide as its names, at the left
        choice.addWidget(self.profile_choice)
        choice.addStretch(1)
        grid.addLayout(choice, 0, 1)
        grid.addWidget(self.new_profile, 1, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addWidget(self.profiles_box)

        # The error panel (and the icon drawing and fonts it needs) is built only when there is
        # an error to show: most starts have none, and this page is the one the admin waits for.
        self._error: ErrorPanel | None = None
        self._error_index = layout.count()
        layout.addStretch(1)
        layout.addWidget(self.next_reason)
        self.version = QLabel()
        self.version.setStyleSheet("color: #6b7785;")
        self.version.setProperty("alignment", "AlignRight")  # by name: see wrap_label
        layout.addWidget(self.version)

        self.language.currentIndexChanged.connect(self._language_changed)
        self.edit_profile.toggled.connect(self.profile_choice.setEnabled)
        self.retranslate()

    # -- life cycle ------------------------------------------------------------------------

    def initializePage(self) -> None:
        context = self.context()
        index = self.language.findData(context.language)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(index, 0))
        self.language.blockSignals(False)
        self.profile_choice.clear()
        for profile in context.profiles:
            self.profile_choice.addItem(profile.name, profile.name)
        has_profiles = bool(context.profiles)
        self.profiles_box.setVisible(has_profiles)
        wanted = context.wanted_profile
        if context.existing is not None:
            wanted = context.existing.name
        position = self.profile_choice.findData(wanted) if wanted else 0
        if has_profiles and position >= 0 and (wanted or context.existing):
            self.profile_choice.setCurrentIndex(position)
            self.edit_profile.setChecked(True)
        else:
            self.new_profile.setChecked(True)
        self.profile_choice.setEnabled(self.edit_profile.isChecked())
        self._show_profiles_problem()

    def isComplete(self) -> bool:
        return self.context().profiles_problem is None

    def blocked_reason(self) -> str:
        return self.tr(
            "To go on, repair or move away the settings file named above, then start the setup "
            "again."
        )

    def validatePage(self) -> bool:
        context = self.context()
        chosen = None
        if self.edit_profile.isChecked() and self.profiles_box.isVisible():
            name = self.profile_choice.currentData()
            chosen = next((p for p in context.profiles if p.name == name), None)
        if chosen is not context.existing:
            self.wizard().choose_profile(chosen)
        if chosen is not None and context.saved_grant_token is None:
            try:
                context.saved_grant_token = load_grant_token(chosen.name)
                context.saved_token_problem = None
            except SecretStoreError as error:
                context.saved_token_problem = error
        return True

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Set up the export to e-conomic"))
        self.setSubTitle(
            self.tr(
                "Acubiz e-conomic Export sends approved expenses from Acubiz to a cash journal "
                "in e-conomic every day, by itself."
            )
        )
        self.language_label.setText(self.tr("&Language:"))
        self.language.setAccessibleName(self.tr("Language"))
        self.steps.setText(
            self.tr(
                "<p>This wizard takes three steps, about five minutes:</p><ol>"
                "<li><b>Connect the app in e-conomic</b> — you click <i>ADD APP</i> in "
                "e-conomic.</li>"
                "<li><b>Choose the journal</b> (kassekladde) the expenses go to.</li>"
                "<li><b>Set up the export</b>: folders, time of day and accounts.</li></ol>"
            )
        )
        self.needs.setText(
            self.tr(
                "<b>You need</b> an e-conomic login that is allowed to add apps. An accountant "
                "who administers several agreements must first click <i>Administer</i> on the "
                "right company in e-conomic."
            )
        )
        self.switch_note.setText(
            self.tr(
                "<b>Moving to e-conomic from another accounting system?</b> Turn off the old "
                "integration in Acubiz first, so no expense is exported twice."
            )
        )
        self.profiles_box.setTitle(self.tr("Export profile"))
        self.edit_profile.setText(self.tr("&Edit the export:"))
        self.new_profile.setText(self.tr("Set up a ne&w export"))
        self.profile_choice.setAccessibleName(self.tr("Export profile to edit"))
        self.version.setText(self.tr("Version {version}").format(version=__version__))
        if self.wizard() is not None:
            self._show_profiles_problem()

    @property
    def error(self) -> ErrorPanel:
        """The panel that shows why the settings file cannot be read (built on first use)."""
        if self._error is None:
            self._error = ErrorPanel()
            self.layout().insertWidget(self._error_index, self._error)
        return self._error

    def _show_profiles_problem(self) -> None:
        problem = self.context().profiles_problem
        if problem is None:
            if self._error is not None:
                self._error.clear()
        else:
            title, message = problem.text(self.context().language)
            self.error.show_error(title, message)

    def _language_changed(self) -> None:
        self.language_chosen.emit(self.language.currentData())
