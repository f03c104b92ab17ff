"""Page 6: categories → expense accounts and VAT codes, the default contra account, and
departments. Shown only when the files need it: Acubiz files carry their own account numbers,
so for them only the department part appears (and only if the agreement has departments).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from wizard.settings.profiles import CategoryMapping
from wizard.ui.setup.checks import (
    DIMENSIONS,
    InboxScan,
    Lookups,
    fetch_lookups,
    match_departments,
    suggest_departments,
)
from wizard.ui.setup.errors import error_texts
from wizard.ui.setup.widgets import ErrorPanel, SearchableCombo, SetupPage, StatusLine, wrap_label


class AccountsPage(SetupPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        self.intro = wrap_label()
        layout.addWidget(self.intro)
        self.status = StatusLine()
        layout.addWidget(self.status)

        # -- categories ---------------------------------------------------------------------
        self.accounts_box = QGroupBox()
        box = QVBoxLayout(self.accounts_box)
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setMinimumHeight(110)
        box.addWidget(self.table)
        adding = QHBoxLayout()
        self.new_category = QLineEdit()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        adding.addWidget(self.new_category, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        box.addLayout(adding)
        contra = QFormLayout()
        self.contra_label = QLabel()
        self.contra = SearchableCombo()
        self.contra_label.setBuddy(self.contra)
        contra.addRow(self.contra_label, self.contra)
        box.addLayout(contra)
        self.missing = wrap_label()
        self.missing.setStyleSheet("color: #8a5300;")
        box.addWidget(self.missing)
        layout.addWidget(self.accounts_box)

        # -- departments --------------------------------------------------------------------
        self.departments_box = QGroupBox()
        departments = QVBoxLayout(self.departments_box)
        pick = QFormLayout()
        pick.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.dimension_label = QLabel()
        self.dimension = QComboBox()
        self.dimension.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.dimension.addItem("", None)
        for number in range(1, DIMENSIONS + 1):
            self.dimension.addItem(str(number), number)
        self.dimension_label.setBuddy(self.dimension)
        pick.addRow(self.dimension_label, self.dimension)
        departments.addLayout(pick)
        self.department_table = QTableWidget(0, 2)
        self.department_table.verticalHeader().setVisible(False)
        self.department_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.department_table.setMinimumHeight(90)
        departments.addWidget(self.department_table)
        layout.addWidget(self.departments_box)

        self.error = ErrorPanel()
        self.retry = QPushButton()
        self.retry.setAutoDefault(False)
        layout.addWidget(self.error)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.next_reason)

        self.add_button.clicked.connect(self._add_typed_category)
        self.new_category.returnPressed.connect(self._add_typed_category)
        self.remove_button.clicked.connect(self._remove_category)
        self.dimension.currentIndexChanged.connect(self._dimension_changed)
        self.retry.clicked.connect(self._load)
        self.contra.edited.connect(self.completeChanged)
        self.completeChanged.connect(self._update_missing)

        self.show_accounts = True
        self.show_departments = False
        self._task: int | None = None
        self._lookups: Lookups | None = None
        self._loaded_for: str | None = None
        self._error: BaseException | None = None
        self._filled_for: object = None
        self.retranslate()

    # -- what the page shows ---------------------------------------------------------------

    @staticmethod
    def mapping_needed(scan: InboxScan | None, input_format: str) -> bool:
        """Categories must be mapped unless the files carry account numbers."""
        if input_format == "acubiz":
            return False
        if scan is None or scan.empty:
            return input_format == "simple" or input_format == "auto"
        return bool(scan.categories) or not scan.carries_accounts

    @staticmethod
    def departments_possible(scan: InboxScan | None, agreement: Any) -> bool:
        return bool(
            agreement is not None and agreement.has_departments and scan is not None
            and any(scan.dimension_values)
        )  # fmt: skip

    # -- life cycle ------------------------------------------------------------------------

    def initializePage(self) -> None:
        wizard = self.wizard()
        context = self.context()
        scan = wizard.inbox_scan
        fields = wizard.page(wizard.PROFILE).fields()
        self.show_accounts = self.mapping_needed(scan, fields["input_format"])
        self.show_departments = self.departments_possible(scan, context.agreement)
        self.accounts_box.setVisible(self.show_accounts)
        self.departments_box.setVisible(self.show_departments)
        key = (id(context.existing), scan)
        if self._filled_for != key:
            self._filled_for = key
            self._fill_categories(scan)
        if self._loaded_for != context.grant_token and self._task is None:
            self._load()
        self.retranslate()

    def isComplete(self) -> bool:
        if self._task is not None or self._lookups is None:
            return False
        if self.show_accounts:
            for row in range(self.table.rowCount()):
                if self._account_combo(row).value() is None:
                    return False
            if not self.contra.is_valid():
                return False
        return True

    def blocked_reason(self) -> str:
        if self._task is not None:
            return self.tr("Next is available when e-conomic has answered.")
        if self._lookups is None:
            return self.tr("To go on, click Try again: the accounts could not be fetched.")
        if self.show_accounts and not self.contra.is_valid():
            return self.tr("To go on, choose the contra account (modkonto).")
        return self.tr("To go on, choose an account for every category.")

    def fields(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.show_accounts:
            mapping = {}
            for row in range(self.table.rowCount()):
                category = self.table.item(row, 0).text()
                account = self._account_combo(row).value()
                vat = self.table.cellWidget(row, 2).currentData()
                if account is not None:
                    mapping[category] = CategoryMapping(account=account, vat_code=vat)
            result["category_map"] = mapping
            result["default_contra_account"] = self.contra.value()
        if self.show_departments:
            dimension = self.dimension.currentData()
            result["department_dimension"] = dimension
            departments = {}
            if dimension is not None:
                for row in range(self.department_table.rowCount()):
                    number = self.department_table.cellWidget(row, 1).currentData()
                    if number is not None:
                        departments[self.department_table.item(row, 0).text()] = number
            result["department_map"] = departments
        return result

    # -- loading the choices ---------------------------------------------------------------

    def _load(self) -> None:
        context = self.context()
        departments = bool(context.agreement and context.agreement.has_departments)
        self._error = None

        def work() -> Lookups:
            with context.client() as client:
                return fetch_lookups(client, departments=departments)

        self._task = self.runner().run(work, self._loaded, self._failed)
        self._render()
        self.completeChanged.emit()

    def _loaded(self, lookups: Lookups) -> None:
        self._task = None
        self._lookups = lookups
        self._loaded_for = self.context().grant_token
        self._fill_choices(initial=True)
        self._render()
        self.completeChanged.emit()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._error = error
        self._render()
        self.completeChanged.emit()

    # -- the category table ----------------------------------------------------------------

    def _fill_categories(self, scan: InboxScan | None) -> None:
        existing = self.context().existing
        categories = list(scan.categories) if scan else []
        if existing is not None:
            categories += [c for c in existing.category_map if c not in categories]
        self.table.setRowCount(0)
        for category in categories:
            self._add_row(category)
        self._fill_departments()

    def _add_row(self, category: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        item = QTableWidgetItem(category)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(row, 0, item)
        account = SearchableCombo()
        account.lineEdit().setPlaceholderText(self.tr("Type a number or a name"))
        account.setAccessibleName(
            self.tr("Expense account for {category}").format(category=category)
        )
        account.edited.connect(self.completeChanged)
        vat = QComboBox()
        self.table.setCellWidget(row, 1, account)
        self.table.setCellWidget(row, 2, vat)
        self._fill_row_choices(row)
        existing = self.context().existing
        if existing is not None and category in existing.category_map:
            mapping = existing.category_map[category]
            account.set_value(mapping.account)
            vat.setCurrentIndex(max(vat.findData(mapping.vat_code), 0))
        self.table.resizeRowsToContents()

    def _account_combo(self, row: int) -> SearchableCombo:
        return self.table.cellWidget(row, 1)

    def _add_typed_category(self) -> None:
        category = self.new_category.text().strip()
        existing = [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
        if category and category not in existing:
            self._add_row(category)
            self.completeChanged.emit()
        self.new_category.clear()

    def _remove_category(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.completeChanged.emit()

    def _fill_choices(self, *, initial: bool = True) -> None:
        for row in range(self.table.rowCount()):
            self._fill_row_choices(row)
        if self._lookups is not None:
            self.contra.set_choices(
                [(_account_label(a), a.number) for a in self._lookups.balance_accounts],
                blank=self.tr("(none — every line names its contra account)"),
            )
            existing = self.context().existing
            if initial and existing is not None and existing.default_contra_account is not None:
                self.contra.set_value(existing.default_contra_account)
        if initial:
            self._fill_departments()

    def _fill_row_choices(self, row: int) -> None:
        if self._lookups is None:
            return
        account: SearchableCombo = self._account_combo(row)
        account.set_choices([(_account_label(a), a.number) for a in self._lookups.expense_accounts])
        if account.value() is None:
            account.setEditText("")
        vat: QComboBox = self.table.cellWidget(row, 2)
        current = vat.currentData()
        vat.clear()
        vat.addItem(self.tr("(no VAT)"), None)
        for code in self._lookups.vat_accounts:
            vat.addItem(_vat_label(code.vat_code, code.name, code.rate_percentage), code.vat_code)
        vat.setCurrentIndex(max(vat.findData(current), 0))

    # -- departments -----------------------------------------------------------------------

    def _fill_departments(self) -> None:
        scan = self.wizard().inbox_scan if self.wizard() else None
        if scan is None or self._lookups is None:
            return
        existing = self.context().existing
        dimension = None
        if existing is not None:
            dimension = existing.department_dimension
        if dimension is None:
            dimension, _ = suggest_departments(scan, self._lookups.distributions)
        self.dimension.blockSignals(True)
        self.dimension.setCurrentIndex(max(self.dimension.findData(dimension), 0))
        self.dimension.blockSignals(False)
        self._dimension_changed()

    def _dimension_changed(self) -> None:
        scan = self.wizard().inbox_scan if self.wizard() else None
        dimension = self.dimension.currentData()
        self.department_table.setRowCount(0)
        if scan is None or self._lookups is None or dimension is None:
            self.department_table.setVisible(False)
            return
        values = (
            scan.dimension_values[dimension - 1] if dimension <= len(scan.dimension_values) else ()
        )
        existing = self.context().existing
        chosen = match_departments(values, self._lookups.distributions)
        if existing is not None and existing.department_dimension == dimension:
            chosen.update(existing.department_map)
        for value in values:
            row = self.department_table.rowCount()
            self.department_table.insertRow(row)
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.department_table.setItem(row, 0, item)
            combo = QComboBox()
            combo.addItem(self.tr("(no department)"), None)
            for distribution in self._lookups.distributions:
                combo.addItem(f"{distribution.number} – {distribution.name}", distribution.number)
            combo.setCurrentIndex(max(combo.findData(chosen.get(value)), 0))
            combo.setAccessibleName(self.tr("Department for {value}").format(value=value))
            self.department_table.setCellWidget(row, 1, combo)
        self.department_table.setVisible(bool(values))
        self.department_table.resizeRowsToContents()

    def _update_missing(self) -> None:
        text = ""
        if getattr(self, "show_accounts", False) and self._lookups is not None:
            rows = range(self.table.rowCount())
            if any(self._account_combo(row).value() is None for row in rows):
                text = self.tr("Choose an account for every category, or remove the category.")
            elif not self.contra.is_valid():
                text = self.tr(
                    "Choose the default contra account from the list, or leave it at “none”."
                )
        self.missing.setText(text)
        self.missing.setVisible(bool(text))

    # -- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        scan = self.wizard().inbox_scan if self.wizard() else None
        if self.show_accounts:
            self.setTitle(self.tr("Accounts and VAT"))
            self.setSubTitle(self.tr("Which e-conomic account each kind of expense is booked to."))
        if self.show_accounts and (scan is None or scan.empty):
            self.intro.setText(
                self.tr(
                    "There are no files in the inbox yet, so it is not known whether they name "
                    "accounts (Acubiz files do) or categories. If your files use categories, "
                    "add them here and choose an account for each; otherwise click Next."
                )
            )
        elif self.show_accounts:
            self.intro.setText(
                self.tr(
                    "Your files name a category instead of an account. Choose the expense "
                    "account and VAT code for each category (type to search). Categories found "
                    "in the inbox are listed; add any others you expect."
                )
            )
        else:
            self.setTitle(self.tr("Departments"))
            self.setSubTitle(self.tr("Which e-conomic department each expense is booked to."))
            self.intro.setText(
                self.tr(
                    "Your files carry their own account numbers, so no accounts need to be "
                    "chosen. Your e-conomic agreement uses departments: choose the Acubiz "
                    "dimension that holds the department, and check the matches."
                )
            )
        self.accounts_box.setTitle(self.tr("Categories"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Category"), self.tr("Expense account"), self.tr("VAT code")]
        )
        self.table.setAccessibleName(self.tr("Categories and their accounts"))
        self.new_category.setPlaceholderText(self.tr("Another category"))
        self.new_category.setAccessibleName(self.tr("New category"))
        self.add_button.setText(self.tr("&Add"))
        self.remove_button.setText(self.tr("Re&move"))
        self.contra_label.setText(self.tr("Default &contra account:"))
        self.contra.setAccessibleName(self.tr("Default contra account"))
        self.departments_box.setTitle(self.tr("Departments"))
        self.dimension_label.setText(self.tr("Department is in Acubiz d&imension:"))
        self.dimension.setItemText(0, self.tr("None (no departments)"))
        self.dimension.setAccessibleName(self.tr("Acubiz dimension with the department"))
        self.department_table.setHorizontalHeaderLabels(
            [self.tr("Value in the file"), self.tr("Department in e-conomic")]
        )
        self.retry.setText(self.tr("&Try again"))
        if self._lookups is not None:
            self._fill_choices(initial=False)  # the "(no VAT)" and "(none …)" entries
        for row in range(self.department_table.rowCount()):
            self.department_table.cellWidget(row, 1).setItemText(0, self.tr("(no department)"))
        for row in range(self.table.rowCount()):
            self._account_combo(row).lineEdit().setPlaceholderText(
                self.tr("Type a number or a name")
            )
        self._update_missing()
        self._render()

    def _render(self) -> None:
        if self.wizard() is None:
            return
        if self._task is not None:
            self.status.busy(self.tr("Fetching accounts and VAT codes from e-conomic…"))
        else:
            self.status.clear()
        if self._error is not None:
            title, message, details = error_texts(self._error, self.context().language)
            self.error.show_error(title, message, details)
        else:
            self.error.clear()
        self.retry.setVisible(self._error is not None)


def _account_label(account) -> str:
    return f"{account.number} – {account.name}"


def _vat_label(code: str, name: str, rate: Decimal | None) -> str:
    if rate is None:
        return f"{code} – {name}"
    return f"{code} – {name} ({rate.normalize():f} %)"
