"""The seeded demo company: tokens, agreement facts and a small Danish chart of accounts.

Everything a fresh (or reset) sandbox contains comes from here, so tests and the demo can name
accounts, VAT codes and journals without asking the API first. The data is plain Python so a
test can read it, and `store.Store` copies it into SQLite on first start.

The journal the product needs ("ACUBIZ EMS") is deliberately absent: as in real life, the
administrator has to create it (here through the admin endpoint).
"""

from __future__ import annotations

# 44 characters of e-conomic's token alphabet ([A-Za-z0-9_-]) ending in "1", like real tokens
# (reference §1.5). Fixed, so a developer can paste them once into a profile.
APP_PUBLIC_TOKEN = "yTxI9lHv6MeVK26w6x0Am1SM86YK-OhGhAnNWJ0-TdM1"
APP_SECRET_TOKEN = "U8Z8gAi_vbQl6EW-YUv8883_vHQ5qkVgb5uoIbDrskQ1"
# A grant pre-issued for the demo agreement, so tests need not click through the add-app page.
GRANT_TOKEN = "SgTD30mY355XWrFkgnJRP8pPMly6H13vvzAFrMBKvBU1"
# e-conomic's public demo tokens: read-only access to the same demo agreement (reference §2).
DEMO_TOKEN = "demo"

APP_NUMBER = 4711
APP_NAME = "Acubiz e-conomic Export"
APP_CREATED = "2026-01-05"
AGREEMENT_NUMBER = 1234567
BASE_CURRENCY = "DKK"

USER = {
    "loginId": "MJ",
    "email": "mette@demoregnskab.dk",
    "name": "Mette Jensen",
}
SIGNUP_DATE = "2019-03-01"

COMPANY = {
    "addressLine1": "Vesterbrogade 10",
    "zip": "1620",
    "city": "København V",
    "name": "Demo Regnskab ApS",
    "phoneNumber": "+4533123456",
    "faxNumber": "+4533123457",
    "attention": "Bogholderiet",
    "email": "bogholderi@demoregnskab.dk",
    "companyIdentificationNumber": "12345678",
}

BANK_INFORMATION = {
    "bankName": "Demobanken",
    "swiftCode": "DEMODKKK",
    "ibanNumber": "DK5000400440116243",
    "bankSortCode": "5000",
    "bankAccountNumber": "0440116243",
    "pbsCustomerGroupNumber": "1",
    "giro": "1234567",
}

# (moduleNumber, name). Module 14 is what enables departments (reference §3).
MODULES = [(14, "Dimension (afdeling/kvantum)")]

# The features the add-app page lists, Danish and English (reference §1.2 lists features, not
# roles). Our app reads the chart of accounts and writes journal vouchers.
APP_FEATURES = {
    "da": [
        "Kassekladder og bilag",
        "Kontoplan",
        "Momskoder",
        "Valutaer",
        "Afdelinger",
        "Regnskabsår",
        "Virksomhedsoplysninger",
    ],
    "en": [
        "Journals and vouchers",
        "Chart of accounts",
        "VAT codes",
        "Currencies",
        "Departments",
        "Accounting years",
        "Company information",
    ],
}

# Accounts: (accountNumber, name, accountType, debitCredit, default vatCode, barred, totalFrom)
ACCOUNTS: list[tuple[int, str, str, str, str | None, bool, int | None]] = [
    (1000, "Omsætning", "heading", "credit", None, False, None),
    (1010, "Salg af varer og ydelser m/moms", "profitAndLoss", "credit", "U25", False, None),
    (1020, "Salg af varer og ydelser u/moms", "profitAndLoss", "credit", None, False, None),
    (1100, "Salg til udlandet (EU)", "profitAndLoss", "credit", None, False, None),
    (1190, "Omsætning i alt", "totalFrom", "credit", None, False, 1000),
    (2000, "Vareforbrug", "heading", "debit", None, False, None),
    (2200, "Varekøb", "profitAndLoss", "debit", "I25", False, None),
    (2750, "Rejseudgifter", "profitAndLoss", "debit", "I25", False, None),
    (2800, "Annoncer og reklame", "profitAndLoss", "debit", "I25", False, None),
    (3000, "Administrationsomkostninger", "heading", "debit", None, False, None),
    (3585, "Telefon og internet", "profitAndLoss", "debit", "I25", False, None),
    (3600, "Kontorartikler", "profitAndLoss", "debit", "I25", False, None),
    (3620, "Fortæring/Repræsentation", "profitAndLoss", "debit", "REP", False, None),
    (3640, "Transport", "profitAndLoss", "debit", "I25", False, None),
    (3660, "Porto og gebyrer", "profitAndLoss", "debit", None, False, None),
    (3680, "Faglitteratur", "profitAndLoss", "debit", "I25", False, None),
    (3700, "Software og abonnementer", "profitAndLoss", "debit", "I25", False, None),
    (3720, "Kurser og uddannelse", "profitAndLoss", "debit", "I25", False, None),
    (3740, "Småanskaffelser", "profitAndLoss", "debit", "I25", False, None),
    (3760, "Gaver og blomster", "profitAndLoss", "debit", None, False, None),
    (3780, "Parkering", "profitAndLoss", "debit", "I25", False, None),
    (3800, "Kørselsgodtgørelse", "profitAndLoss", "debit", None, False, None),
    (3900, "Diverse omkostninger (udgået)", "profitAndLoss", "debit", "I25", True, None),
    (3990, "Administrationsomkostninger i alt", "totalFrom", "debit", None, False, 3000),
    (5000, "Aktiver og passiver", "heading", "debit", None, False, None),
    (5600, "Bank", "status", "debit", None, False, None),
    (5610, "Kasse", "status", "debit", None, False, None),
    (5820, "Kreditorer/Skyldige omkostninger", "status", "credit", None, False, None),
    (5900, "Medarbejderudlæg", "status", "credit", None, False, None),
    (6902, "Indgående moms", "status", "debit", None, False, None),
    (7000, "Udgående moms", "status", "credit", None, False, None),
    (7010, "Momsafregning", "status", "credit", None, False, None),
]

# VAT codes: (vatCode, name, ratePercentage, account, vatTypeNumber, vatTypeName)
VAT_TYPES = {1: "Købsmoms", 2: "Salgsmoms"}
VAT_ACCOUNTS: list[tuple[str, str, float, int, int]] = [
    ("I25", "Indgående moms 25%", 25.0, 6902, 1),
    ("I0", "Momsfri køb", 0.0, 6902, 1),
    ("REP", "Repræsentation 25% (25% fradrag)", 6.25, 6902, 1),
    ("U25", "Udgående moms 25%", 25.0, 7000, 2),
]

# Currencies: (code, isoNumber, name, exchange rate to DKK per 100 units)
CURRENCIES: list[tuple[str, str, str, float]] = [
    ("DKK", "208", "Danske kroner", 100.0),
    ("EUR", "978", "Euro", 746.0),
    ("SEK", "752", "Svenske kroner", 68.5),
    ("NOK", "578", "Norske kroner", 64.0),
    ("USD", "840", "Amerikanske dollar", 690.0),
    ("GBP", "826", "Britiske pund", 870.0),
]

# Accounting years: (label, fromDate, toDate). A split year is just another row, e.g.
# ("2026/2027", "2026-07-01", "2027-06-30"); its URL form is "2026_6_2027".
ACCOUNTING_YEARS: list[tuple[str, str, str]] = [
    ("2025", "2025-01-01", "2025-12-31"),
    ("2026", "2026-01-01", "2026-12-31"),
]

# Journals: (journalNumber, name, entryTypeRestrictedTo, minimumVoucherNumber, maximumVoucherNumber)
JOURNALS: list[tuple[int, str, str | None, int, int | None]] = [
    (1, "Kassekladde", None, 1, 99999),
]

DEPARTMENTS: list[tuple[int, str]] = [
    (1, "Administration"),
    (2, "Salg"),
    (3, "Udvikling"),
]

# Departmental distributions: one of type "department" per department (same number), and one
# real split. (number, name, distributionType, [(departmentNumber, percentage)])
DISTRIBUTIONS: list[tuple[int, str, str, list[tuple[int, float]]]] = [
    (1, "Administration", "department", [(1, 100.0)]),
    (2, "Salg", "department", [(2, 100.0)]),
    (3, "Udvikling", "department", [(3, 100.0)]),
    (4, "Salg og udvikling 50/50", "distribution", [(2, 50.0), (3, 50.0)]),
]

# Suppliers, for supplier-invoice entries: (supplierNumber, name, currency)
SUPPLIERS: list[tuple[int, str, str]] = [
    (1, "Kontorland A/S", "DKK"),
    (2, "Taxa Hovedstaden", "DKK"),
]
