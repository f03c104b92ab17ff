"""ISO 4217 alphabetic currency codes an expense can be booked in.

A static set on purpose: checking a file must work offline and must not depend on which
currencies a particular e-conomic agreement has enabled (e-conomic itself says so when the
voucher is posted). Funds, precious metals and test codes (XAU, XTS, XXX, ...) are left out:
nobody pays a taxi in troy ounces. Recently withdrawn codes (HRK, SLL) stay, because an expense
may be older than the withdrawal.
"""

from __future__ import annotations

_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD
    JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL
    THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG
    XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_CURRENCIES: frozenset[str] = frozenset(_CODES.split())


def is_currency(code: str) -> bool:
    """True for a known ISO 4217 code, upper case as e-conomic expects it."""
    return code in ISO_CURRENCIES
